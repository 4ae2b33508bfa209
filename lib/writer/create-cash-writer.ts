import type { ChangeEvent, NormalizedEvent } from '../../events/index.ts';
import { DynamoInvoiceNumberRegistry } from '../cash/mapping/dynamo-invoice-number-registry.ts';
import {
  type CashRateLimitSettingsInput,
  createCashRateLimiter,
  type RateLimiter,
} from '../cash/rate-limit/index.ts';
import type { CashRecord } from '../cash/records/index.ts';
import { CashRestClient } from '../cash/rest/cash-rest-client.ts';
import { type CashAdapterSettingsInput, cashAdapterSettings } from '../cash/settings/index.ts';
import type { WritePlan } from '../documents/index.ts';
import { DocumentStore } from '../documents/index.ts';
import { MirrorRefresher, MirrorStore } from '../mirror/index.ts';
import type { AwsClients } from '../runtime/aws-clients.ts';
import type { CashCallMeter } from './cash-call-meter.ts';
import type { CashPort, NumberScope } from './cash-port.ts';
import { CashRestPort } from './cash-rest-port.ts';
import { CashWriter, type CashWriterOptions } from './cash-writer.ts';
import { CashXmlOutboxPort, type OutboxNumbering } from './cash-xml-outbox-port.ts';
import { EventClaims } from './event-claims.ts';
import { NumberReservations } from './number-reservations.ts';
import type { RelationNumbering } from './relation-numbering.ts';

/** Where an administration's bookings go: CASH REST 4.0, or XML files in the outbox for CASHWin. */
export type CashConnection = CashRestConnection | CashOutboxConnection;

/** Per-administration settings that do not depend on how CASH is reached. */
interface CashConnectionBase {
  /** Ranges for new relatienummers per role (the tenant file's `relationNumbering`, parsed). */
  relationNumbering?: RelationNumbering;
}

export interface CashOutboxConnection extends CashConnectionBase {
  kind: 'xml-outbox';
  bucket: string;
  settings?: CashAdapterSettingsInput;
  numbering?: OutboxNumbering;
}

export interface CashRestConnection extends CashConnectionBase {
  kind?: 'rest';
  baseUrl: string;
  apiKey: string;
  settings?: CashAdapterSettingsInput;
  /** Overrides of the REST client's timing (tests and the chaos run use short ones). */
  timeoutMs?: number;
  pollIntervalMs?: number;
  maxPolls?: number;
  /** A fetch to use instead of the global one (chaos tests inject 429s here). */
  fetch?: typeof fetch;
}

export interface CreateCashWriterOptions
  extends Pick<
    CashWriterOptions,
    | 'maxRecordsPerImport'
    | 'leaseMs'
    | 'minRemainingMs'
    | 'maxAttempts'
    | 'log'
    | 'afterCashAnswer'
    | 'afterBooked'
  > {
  /** Keep the CASH mirror current after bookings (relations, articles, open items). Default on. */
  refreshMirror?: boolean;
  /** Where the change events of the mirror updates go (the delivery router); before the mirror is written. */
  publishChanges?: (changes: readonly ChangeEvent[]) => Promise<void>;
  clients: AwsClients;
  documentsTable: string;
  idempotencyTable: string;
  /** Counters, rate-limit windows and the invoice-number registry live in the mirror table. */
  mirrorTable: string;
  tenant: string;
  /** CASH connection per administration code. */
  connections: Record<string, CashConnection>;
  /** Shared limiter per API key; default a DynamoDB one (from `rateLimit`) so every writer of a key counts together. */
  rateLimiter?: RateLimiter;
  /** The tenant's `cashRateLimit` settings for the default limiter. */
  rateLimit?: CashRateLimitSettingsInput;
  /** Counts CASH calls and limiter time per batch (the handler logs them). */
  meter?: CashCallMeter;
}

/** Routes each administration to its own CASH connection (its own key, endpoint and settings). */
class AdministrationRouter implements CashPort {
  constructor(private readonly ports: Map<string, CashPort>) {}
  private port(administration: string): CashPort {
    const port = this.ports.get(administration);
    if (!port) throw new Error(`no CASH connection configured for administration ${administration}`);
    return port;
  }
  async map(event: NormalizedEvent, plan: WritePlan) {
    const port = this.ports.get(event.administration);
    if (!port)
      return {
        ok: false as const,
        issues: [
          {
            source: 'mapping' as const,
            path: 'administration',
            rule: 'unknown-administration',
            value: event.administration,
            message: `administration ${event.administration} is not configured for this tenant`,
          },
        ],
      };
    return port.map(event, plan);
  }
  prepareSubmit(administration: string) {
    this.ports.get(administration)?.prepareSubmit?.(administration);
  }
  submit(administration: string, records: CashRecord[], batchId: string) {
    return this.port(administration).submit(administration, records, batchId);
  }
  findExisting(administration: string, attempts: Array<{ event: NormalizedEvent; plan: WritePlan }>) {
    return this.port(administration).findExisting(administration, attempts);
  }
  firstFreeNumber(administration: string, scope: NumberScope) {
    return this.port(administration).firstFreeNumber(administration, scope);
  }
}

/** Assembles the writer from AWS clients, table names and CASH connections. */
export function createCashWriter(options: CreateCashWriterOptions): CashWriter {
  const { clients } = options;
  const shared =
    options.rateLimiter ??
    createCashRateLimiter(options.rateLimit, {
      client: clients.documents,
      tableName: options.mirrorTable,
      sortKey: 'sk',
    });
  const { meter } = options;
  const rateLimiter = meter ? meter.limiter(shared) : shared;
  const ports = new Map<string, CashPort>();
  const relationNumbering: Record<string, RelationNumbering> = {};
  for (const [administration, connection] of Object.entries(options.connections)) {
    if (connection.relationNumbering) relationNumbering[administration] = connection.relationNumbering;
  }
  const clientsByAdministration = new Map<string, CashRestClient>();
  for (const [administration, connection] of Object.entries(options.connections)) {
    const registry = new DynamoInvoiceNumberRegistry({
      client: clients.documents,
      tableName: options.mirrorTable,
      scope: `${options.tenant}#${administration}`,
    });
    if (connection.kind === 'xml-outbox') {
      const settings = cashAdapterSettings(connection.settings ?? {});
      ports.set(
        administration,
        new CashXmlOutboxPort(clients.s3, connection.bucket, settings, registry, connection.numbering),
      );
      continue;
    }
    const client = new CashRestClient({
      baseUrl: connection.baseUrl,
      apiKey: connection.apiKey,
      rateLimiter,
      ...(connection.timeoutMs ? { timeoutMs: connection.timeoutMs } : {}),
      ...(connection.pollIntervalMs !== undefined ? { pollIntervalMs: connection.pollIntervalMs } : {}),
      ...(connection.maxPolls !== undefined ? { maxPolls: connection.maxPolls } : {}),
      ...(connection.fetch || meter
        ? { fetch: meter ? meter.fetch(connection.fetch) : connection.fetch }
        : {}),
    });
    clientsByAdministration.set(administration, client);
    ports.set(
      administration,
      new CashRestPort(client, cashAdapterSettings(connection.settings ?? {}), registry),
    );
  }
  const mirror = new MirrorStore(clients.documents, options.mirrorTable);
  const refresher =
    options.refreshMirror === false
      ? undefined
      : new MirrorRefresher(
          mirror,
          clients.documents,
          options.mirrorTable,
          (administration) => (record, params) =>
            (clientsByAdministration.get(administration) as CashRestClient).exportRows(
              administration,
              record,
              params ? [params] : [],
            ),
          undefined,
          {
            tenant: options.tenant,
            ...(options.publishChanges ? { publish: options.publishChanges } : {}),
          },
        );
  const afterBooked =
    options.afterBooked ??
    (refresher
      ? async (booked: Parameters<MirrorRefresher['afterWrite']>[0]) => {
          await refresher.afterWrite(booked);
        }
      : undefined);
  return new CashWriter({
    ...(afterBooked ? { afterBooked } : {}),
    settlements: mirror.settlements,
    documents: new DocumentStore(clients.documents, options.documentsTable),
    claims: new EventClaims(clients.dynamo, options.idempotencyTable),
    numbers: new NumberReservations(clients.documents, options.mirrorTable),
    cash: new AdministrationRouter(ports),
    relationNumbering,
    ...(options.maxRecordsPerImport ? { maxRecordsPerImport: options.maxRecordsPerImport } : {}),
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.minRemainingMs !== undefined ? { minRemainingMs: options.minRemainingMs } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.afterCashAnswer ? { afterCashAnswer: options.afterCashAnswer } : {}),
  });
}
