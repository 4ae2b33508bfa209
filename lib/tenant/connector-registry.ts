import { z } from 'zod';
import type { ChangeEventType } from '../../events/change-event.ts';
import { RECEIPT_OCR_PACKAGES } from '../receipts/ocr-packages.ts';
import { shopConnectorSettings } from '../webshop/connector/shop-connector-settings.ts';
import { bankImportSettings } from './bank-import-settings.ts';
import { appApiSettings, commonSettings, openSettings } from './connector-settings.ts';

/**
 * The connector registry: everything the stack needs to deploy a connector function. Adding a connector
 * is one entry here plus its `functions/<name>/index.ts`. This file is deliberately free of CDK imports
 * so the runtime can import the names and settings schemas too.
 */

/** What a function may touch; each grant becomes one least-privilege IAM statement in the stack. */
export type ConnectorGrant =
  | 'emit-events' // sqs:SendMessage on the event queue
  | 'consume-events' // receive/delete on the event queue (the writer's event source mapping)
  | 'read-mailbox' // s3:GetObject on the mailbox bucket
  | 'upload-purchase-mailbox' // s3:PutObject on the mailbox bucket's `<adm>/purchase/` (receipts from the web app)
  | 'handover-bank-statements' // s3:PutObject on the mailbox bucket's `<adm>/bank/from-mail/` (statements found in mail)
  | 'read-archive'
  | 'write-archive' // originals, outbox files for CASH
  | 'read-documents'
  | 'write-documents' // document status records
  | 'read-mirror'
  | 'write-mirror' // the CASH mirror (relations, ledger, open items, articles)
  | 'read-deliveries'
  | 'write-deliveries' // outbound delivery records, full-load and reconcile checkpoints
  | 'idempotency' // Powertools idempotency records
  | 'cash-api-keys' // secretsmanager:GetSecretValue on each administration's CASH API key
  | 'bank-api-secrets' // bank API pulls: read the API keys, read/write the client's session context
  | 'route-deliveries' // sqs:SendMessage on the delivery queues of the targets (the functions that route changes)
  | 'consume-deliveries' // receive/delete on the connector's own delivery queue
  | 'shop-secrets' // secretsmanager:GetSecretValue on cashlink/<tenant>/<connector>/* (webshop keys and webhook secrets)
  | 'api-keys'; // the partner API keys and request nonces table; it holds signing keys, so one function only

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'ANY';

export interface HttpRouteDefinition {
  method: HttpMethod;
  path: string;
  /**
   * `partner` routes: API keys or HMAC, checked by the handler; `webhook` routes: HMAC signatures, checked by
   * the handler; `user` routes: the web app's signed-in users (Cognito access tokens), checked by the handler
   * and, in AWS, by the HTTP API's JWT authorizer when the stack has the user pool.
   */
  access: 'partner' | 'webhook' | 'user';
}

export interface ScheduleDefinition {
  /** Short kebab-case name, unique per connector; part of the schedule's name. */
  name: string;
  /** EventBridge Scheduler expression (`cron(…)` or `rate(…)`), evaluated in Europe/Amsterdam. */
  expression: string;
  description: string;
}

export interface ConnectorTriggers {
  /** Consumes the tenant's FIFO event queue. */
  eventQueue?: { batchSize: number };
  /** ObjectCreated in the mailbox bucket under `<administration>/<directory>/` for each directory. */
  mailbox?: { directories: readonly string[] };
  /** Schedules deployed unless the tenant file lists its own for this connector. */
  schedules?: readonly ScheduleDefinition[];
  /** Whether the tenant file may add schedules when the registry has none (e.g. bank API pulls). */
  optionalSchedules?: boolean;
  http?: readonly HttpRouteDefinition[];
  /**
   * Consumes its own delivery queue of change events (the outbound spine): `batchSize` messages per
   * invocation, and the change event types it can take (what its subscriptions in the tenant file may choose).
   */
  deliveries?: { batchSize: number; accepts: readonly ChangeEventType[] };
}

export interface ConnectorDefinition {
  /** The handler, relative to the project root; exports `handler`. */
  entry: string;
  description: string;
  /** Core functions are the spine of the hub: always deployed, they cannot be disabled. */
  core: boolean;
  timeoutSeconds: number;
  memorySizeMb: number;
  triggers: ConnectorTriggers;
  grants: readonly ConnectorGrant[];
  /** Alarm when the function was not invoked for this many hours (a source gone silent); omit for none. */
  silentAfterHours?: number;
  /** Schema of this connector's `settings` in the tenant file. */
  settings: z.ZodType<Record<string, unknown>>;
  /**
   * Packages left out of the bundle and installed beside it instead (Lambda: NodejsFunction's
   * `bundling.nodeModules`; the hub: linked from the project), for code that reads its own files at run
   * time from its package folder.
   */
  installedPackages?: readonly string[];
}

export const connectorRegistry = {
  'cash-writer': {
    entry: 'functions/cash-writer/index.ts',
    description: 'Books normalized events into CASH (REST 4.0 or outbox files); the only writer.',
    core: true,
    timeoutSeconds: 60,
    memorySizeMb: 512,
    triggers: { eventQueue: { batchSize: 10 } },
    grants: [
      'consume-events',
      'read-documents',
      'write-documents',
      'read-mirror',
      'write-mirror',
      'idempotency',
      'write-archive',
      'cash-api-keys',
    ],
    settings: z
      .object({
        ...commonSettings,
        maxConcurrency: z
          .number()
          .int()
          .min(2, 'Lambda allows at least 2')
          .max(1000)
          .default(2)
          .describe('concurrent writer batches toward CASH (rate limit ~100 requests/min)'),
      })
      .strict(),
  },
  'cash-sync': {
    entry: 'functions/cash-sync/index.ts',
    description: 'Refreshes the CASH mirror (relations, ledger, open items, articles).',
    core: true,
    timeoutSeconds: 300,
    memorySizeMb: 512,
    triggers: {
      schedules: [
        {
          name: 'every-15-minutes',
          expression: 'cron(0/15 * * * ? *)',
          description: 'mirror refresh every 15 minutes',
        },
      ],
    },
    grants: ['read-mirror', 'write-mirror', 'write-documents', 'read-documents', 'cash-api-keys'],
    silentAfterHours: 2,
    settings: openSettings,
  },
  'partner-api': {
    entry: 'functions/partner-api/index.ts',
    description: 'Partner API and connector webhooks behind the HTTP API.',
    core: true,
    timeoutSeconds: 29,
    memorySizeMb: 512,
    triggers: {
      http: [
        { method: 'POST', path: '/v1/events', access: 'partner' },
        { method: 'GET', path: '/v1/documents/{id}', access: 'partner' },
        { method: 'GET', path: '/v1/openapi.json', access: 'partner' },
        { method: 'POST', path: '/v1/corrections', access: 'partner' },
        // The bank matcher's rules and deny-list per administration (scopes bank-rules:read / :write).
        { method: 'GET', path: '/v1/administrations/{administration}/bank-rules', access: 'partner' },
        { method: 'POST', path: '/v1/administrations/{administration}/bank-rules', access: 'partner' },
        { method: 'GET', path: '/v1/administrations/{administration}/bank-rules/{id}', access: 'partner' },
        { method: 'DELETE', path: '/v1/administrations/{administration}/bank-rules/{id}', access: 'partner' },
        {
          method: 'POST',
          path: '/v1/administrations/{administration}/bank-rules/{id}/accept',
          access: 'partner',
        },
        { method: 'GET', path: '/v1/administrations/{administration}/bank-deny-list', access: 'partner' },
        { method: 'PUT', path: '/v1/administrations/{administration}/bank-deny-list', access: 'partner' },
        { method: 'POST', path: '/v1/administrations/{administration}/bank-deny-list', access: 'partner' },
        { method: 'POST', path: '/webhooks/{connector}', access: 'webhook' },
        { method: 'GET', path: '/v1/deliveries', access: 'partner' },
        { method: 'POST', path: '/v1/deliveries/full-load', access: 'partner' },
        { method: 'POST', path: '/v1/deliveries/reconcile', access: 'partner' },
        // The web app's API-key pages: signed-in users, here because only this function may read the key
        // table (API Gateway prefers these routes to app-api's greedy /v1/app/{proxy+}).
        { method: 'GET', path: '/v1/app/api-keys', access: 'user' },
        { method: 'POST', path: '/v1/app/api-keys', access: 'user' },
        { method: 'DELETE', path: '/v1/app/api-keys/{id}', access: 'user' },
      ],
    },
    // read-archive: GET /v1/documents/{id} hands out the archived original.
    // write-mirror: POST /v1/corrections saves what the bank matcher learned, and the bank-rules and
    // bank-deny-list routes change the same memory (it lives in the mirror table).
    // api-keys: keys (with their signing keys) and the nonces of signed requests; no other function has it.
    // read-deliveries: GET /v1/deliveries lists the outbound delivery records.
    grants: [
      'api-keys',
      'read-deliveries',
      'emit-events',
      'read-documents',
      'write-documents',
      'read-mirror',
      'write-mirror',
      'read-archive',
      'write-archive',
      'idempotency',
    ],
    settings: openSettings,
  },
  'app-api': {
    entry: 'functions/app-api/index.ts',
    description:
      'The web app’s API (/v1/app/…) for signed-in users: review queue, documents, runs, settings, intake.',
    core: true,
    timeoutSeconds: 29,
    memorySizeMb: 1024,
    // One greedy route: the function's router matches /v1/app/… itself (API Gateway's {proxy+} takes /v1/app/me too).
    triggers: { http: [{ method: 'ANY', path: '/v1/app/{proxy+}', access: 'user' }] },
    // read-archive / read-mailbox: originals handed out for download; write-mirror: corrections teach the
    // bank matcher (its memory lives in the mirror table); upload-purchase-mailbox: receipt photos enter the
    // invoice flow. Not api-keys: only the partner-api function may read that table.
    // read-/write-deliveries, route-deliveries: the Leveringen page lists delivery records and sends a failed
    // one again (its record back to pending, the message on the target's delivery queue).
    grants: [
      'emit-events',
      'read-documents',
      'write-documents',
      'read-mirror',
      'write-mirror',
      'read-archive',
      'read-mailbox',
      'upload-purchase-mailbox',
      'read-deliveries',
      'write-deliveries',
      'route-deliveries',
    ],
    // The receipt OCR's worker script, WebAssembly core and models are files of their packages.
    installedPackages: RECEIPT_OCR_PACKAGES,
    settings: appApiSettings,
  },
  'invoice-mailbox': {
    entry: 'functions/invoice-mailbox/index.ts',
    description: 'Purchase and sales invoices (UBL, CII, PDF, e-mail) dropped in the mailbox bucket.',
    core: false,
    timeoutSeconds: 120,
    memorySizeMb: 1024,
    triggers: { mailbox: { directories: ['purchase', 'sales'] } },
    grants: [
      'read-mailbox',
      'handover-bank-statements',
      'write-archive',
      'emit-events',
      'read-documents',
      'write-documents',
      'read-mirror',
      'idempotency',
    ],
    silentAfterHours: 24 * 7,
    settings: openSettings,
  },
  'bank-import': {
    entry: 'functions/bank-import/index.ts',
    description: 'Bank statements (MT940, CAMT.053, CSV) from the mailbox bucket or a bank API.',
    core: false,
    timeoutSeconds: 120,
    memorySizeMb: 1024,
    triggers: { mailbox: { directories: ['bank'] }, optionalSchedules: true },
    grants: [
      'read-mailbox',
      'write-archive',
      'emit-events',
      'read-documents',
      'write-documents',
      'read-mirror',
      'idempotency',
      'bank-api-secrets',
    ],
    silentAfterHours: 24 * 4,
    settings: bankImportSettings,
  },
  woocommerce: {
    entry: 'functions/woocommerce/index.ts',
    description: 'WooCommerce shops: orders by signed webhook and a poll every 5 minutes into CASH.',
    core: false,
    timeoutSeconds: 120,
    memorySizeMb: 512,
    triggers: {
      http: [{ method: 'POST', path: '/webhooks/woocommerce/{shop}', access: 'webhook' }],
      schedules: [
        {
          name: 'poll',
          expression: 'rate(5 minutes)',
          description: 'orders changed since the last poll (lost or disabled webhooks)',
        },
      ],
    },
    grants: ['emit-events', 'read-documents', 'write-documents', 'write-archive', 'shop-secrets'],
    silentAfterHours: 2,
    settings: shopConnectorSettings,
  },
} as const satisfies Record<string, ConnectorDefinition>;

export type ConnectorName = keyof typeof connectorRegistry;

export const connectorNames = Object.keys(connectorRegistry) as ConnectorName[];

/** The registry typed as a plain map, for code that iterates over it. */
export const connectors: Readonly<Record<ConnectorName, ConnectorDefinition>> = connectorRegistry;
