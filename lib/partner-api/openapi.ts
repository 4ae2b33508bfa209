import { z } from 'zod';
import {
  ArticleUpsertEvent,
  ChangeEvent,
  EventSource,
  JournalEntryBookEvent,
  NormalizedEvent,
  RelationUpsertEvent,
  SalesOrderCreateEvent,
} from '../../events/index.ts';
import { APP_BEARER_AUTH, appOpenApiPaths } from '../app-api/app-openapi.ts';
import { DOCUMENT_STATUSES } from '../documents/index.ts';
import {
  BankDenyListInput,
  BankDenyListView,
  BankRuleInput,
  BankRuleList,
  BankRuleView,
} from './bank-rules.ts';
import { CorrectionInput, CorrectionRecord, DocumentId } from './correction.ts';
import {
  DeliveryControlInput,
  DeliveryList,
  DeliveryRunAccepted,
  deliveryOpenApiPaths,
} from './delivery-openapi.ts';
import { withNullableOptionals } from './nullable-optionals.ts';
import { MAX_EVENTS_PER_REQUEST } from './partner-events.ts';
import { REPLAY_WINDOW_SECONDS } from './request-signature.ts';

/** What a partner may leave out of an event: the API fills tenant, schemaVersion, occurredAt, connector and id. */
function partnerInput<T extends z.ZodObject>(event: T) {
  return event.extend({
    id: z
      .string()
      .regex(/^evt_[0-9a-f]{32}$/)
      .optional()
      .describe('derived from tenant, source and type when absent'),
    tenant: z.string().optional().describe("this API's tenant when absent"),
    schemaVersion: z.literal(1).optional(),
    occurredAt: z.iso.datetime({ offset: true }).optional().describe('the time of the request when absent'),
    source: EventSource.extend({
      connector: EventSource.shape.connector
        .optional()
        .describe('partner-api (or the webhook connector) when absent'),
    }),
  });
}

export const PartnerEventInput = z
  .discriminatedUnion('type', [
    partnerInput(JournalEntryBookEvent),
    partnerInput(RelationUpsertEvent),
    partnerInput(ArticleUpsertEvent),
    partnerInput(SalesOrderCreateEvent),
  ])
  .describe('a normalized event as a partner sends it');

export const AcceptedEvents = z.object({
  events: z.array(
    z.object({
      index: z.number().int().describe('position in the request'),
      id: z.string(),
      status: z.enum(DOCUMENT_STATUSES).describe('queued now, or the existing status of a resent event'),
      location: z.string().describe('/v1/documents/<id>'),
    }),
  ),
});

export const DocumentViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['event', 'file']),
  type: z.string().describe('the event type, or the kind of file (e.g. invoice)'),
  administration: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
  source: z.object({
    connector: z.string(),
    externalId: z.string(),
    document: z.record(z.string(), z.string()).optional(),
  }),
  attempts: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(
    z.object({ status: z.enum(DOCUMENT_STATUSES), at: z.string(), note: z.string().optional() }),
  ),
  cash: z
    .object({
      transaction: z.string().optional().describe('CASH import transaction'),
      journal: z.string().optional().describe('dagboek'),
      entryNumber: z.number().int().optional().describe('boekstuknummer'),
      relationNumber: z.string().optional(),
      orderNumber: z.number().int().optional(),
      articleCode: z.string().optional(),
      invoiceNumbers: z.record(z.string(), z.string()).optional(),
      bookedAt: z.string(),
    })
    .nullable()
    .describe('what CASH made of the document, once booked'),
  errors: z.array(
    z.object({
      source: z.enum(['validation', 'mapping', 'cash', 'system']),
      message: z.string(),
      path: z.string().optional(),
      rule: z.string().optional(),
      rubriek: z.string().optional(),
      value: z.unknown().optional(),
      line: z.number().int().optional(),
    }),
  ),
  eventIds: z.array(z.string()).optional().describe('for a file: the events it gave rise to'),
  result: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('for a file: what the connector made of it (counts, review reasons)'),
  proposal: z
    .unknown()
    .optional()
    .describe('for a file waiting for review: the prefilled booking to confirm or correct'),
  links: z.object({ self: z.string() }),
});

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(
      z.object({
        index: z.number().int().optional().describe('the event in the request this is about'),
        path: z.string().describe('dotted field path inside the event or body'),
        rule: z.string(),
        message: z.string(),
        value: z.unknown().optional(),
      }),
    ),
  })
  .describe('RFC 9457 problem details');

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string, headers?: Record<string, unknown>) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
  ...(headers ? { headers } : {}),
});
const rateHeaders = {
  'RateLimit-Limit': { schema: { type: 'integer' }, description: 'requests per minute for this key' },
  'RateLimit-Remaining': { schema: { type: 'integer' } },
  'RateLimit-Reset': { schema: { type: 'integer' }, description: 'seconds until the window resets' },
};
const common = {
  '401': problem('unknown, wrong or revoked API key, or a bad signature'),
  '413': problem('body too large'),
  '429': problem('rate limit of the key exceeded', {
    'Retry-After': { schema: { type: 'integer' }, description: 'seconds to wait' },
  }),
};

/** The OpenAPI 3.1 description of the partner API, generated from the same zod schemas the API validates with. */
export function buildOpenApiDocument(version = '1'): Record<string, unknown> {
  const security = [
    { apiKey: [] },
    { bearer: [] },
    { signature: [], signatureKeyId: [], signatureTimestamp: [], signatureNonce: [] },
  ];
  const eventsBody = {
    required: true,
    content: {
      'application/json': {
        schema: {
          oneOf: [
            ref('PartnerEvent'),
            { type: 'array', items: ref('PartnerEvent'), minItems: 1, maxItems: MAX_EVENTS_PER_REQUEST },
            {
              type: 'object',
              required: ['events'],
              properties: {
                events: {
                  type: 'array',
                  items: ref('PartnerEvent'),
                  minItems: 1,
                  maxItems: MAX_EVENTS_PER_REQUEST,
                },
              },
            },
          ],
        },
      },
    },
  };
  const eventResponses = {
    '200': {
      description: 'all events were sent before; their existing status',
      content: { 'application/json': { schema: ref('AcceptedEvents') } },
    },
    '202': {
      description: 'queued for booking; follow each location for the status',
      headers: rateHeaders,
      content: { 'application/json': { schema: ref('AcceptedEvents') } },
    },
    '400': problem(
      'invalid events, or events CASH would certainly refuse (a text longer than its rubriek without an overflow ' +
        'setting, too many digits, a journal, ledger account, cost centre, relation or article the CASH mirror ' +
        'does not have): every field path and rule, with the index of the event. An optional field sent as null ' +
        'counts as absent',
    ),
    ...common,
    '403': problem('administration or event type not granted to the key, or another tenant'),
    '409': problem('a booked document was sent again with different content'),
    '415': problem('the body is not application/json'),
  };
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'cashlink partner API',
      version,
      description:
        'Send normalized events to be booked in CASH and follow what became of them. Authenticate with an API key ' +
        '(`Authorization: Bearer clk_…` or `x-api-key`), or sign the request: `X-Cashlink-Key-Id`, ' +
        '`X-Cashlink-Timestamp` (Unix seconds, within ' +
        `${REPLAY_WINDOW_SECONDS} s of the server clock), \`X-Cashlink-Nonce\` (16–64 of A-Z a-z 0-9 - _, new ` +
        'for every request) and `X-Cashlink-Signature: v1=<hex HMAC-SHA256>` keyed with the signing key handed ' +
        'out with the API key, over the lines `v1`, METHOD, path, sorted RFC 3986-encoded query, key id, ' +
        'timestamp, nonce and hex SHA-256 of the raw body, joined by "\\n". A nonce is accepted once. ' +
        'Webhooks (/webhooks/{connector}) take only signed requests of keys granted that connector. ' +
        "A key may read the bank matcher's rules and deny-list of its administrations; changing them needs the " +
        'scope bank-rules:write. Outbound delivery records (GET /v1/deliveries) need deliveries:read; asking a ' +
        'target for a full load or reconcile needs deliveries:write.',
    },
    servers: [{ url: '/' }],
    security,
    paths: {
      '/v1/events': {
        post: {
          operationId: 'postEvents',
          summary: 'Send one event or a batch of events',
          requestBody: eventsBody,
          responses: eventResponses,
        },
      },
      '/v1/documents/{id}': {
        get: {
          operationId: 'getDocument',
          summary: 'Status, history, CASH booking (boekstuk) and errors of a document',
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              schema: jsonSchema(DocumentId),
            },
          ],
          responses: {
            '200': {
              description: 'the document',
              content: { 'application/json': { schema: ref('Document') } },
            },
            ...common,
            '404': problem('unknown, or not visible to this key'),
          },
        },
      },
      '/v1/corrections': {
        post: {
          operationId: 'postCorrection',
          summary:
            "Correct an invoice's ledger account or cost centre, or confirm/correct a bank line's match",
          requestBody: { required: true, content: { 'application/json': { schema: ref('Correction') } } },
          responses: {
            '201': {
              description: 'stored; the connectors learn from it',
              content: { 'application/json': { schema: ref('CorrectionRecord') } },
            },
            '400': problem('invalid correction'),
            ...common,
            '404': problem('unknown document, or not visible to this key'),
            '409': problem('the document cannot be corrected in its status'),
            '415': problem('the body is not application/json'),
          },
        },
      },
      ...bankRulePaths(),
      ...deliveryOpenApiPaths({ ref, problem, common }),
      // The web app's API (/v1/app/…): signed-in users with a bearer access token, not API keys.
      ...appOpenApiPaths(),
      '/v1/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } },
        },
      },
      '/webhooks/{connector}': {
        post: {
          operationId: 'postWebhook',
          summary: "Signed events of one connector (source.connector is the path's connector)",
          security: [{ signature: [], signatureKeyId: [], signatureTimestamp: [], signatureNonce: [] }],
          parameters: [
            {
              name: 'connector',
              in: 'path',
              required: true,
              schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,39}$' },
            },
          ],
          requestBody: eventsBody,
          responses: eventResponses,
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'the API key clk_<id>_<secret>' },
        bearerAuth: APP_BEARER_AUTH,
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        signature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Cashlink-Signature',
          description: 'v1=<hex HMAC-SHA256 of the canonical request>',
        },
        signatureKeyId: { type: 'apiKey', in: 'header', name: 'X-Cashlink-Key-Id' },
        signatureTimestamp: { type: 'apiKey', in: 'header', name: 'X-Cashlink-Timestamp' },
        signatureNonce: { type: 'apiKey', in: 'header', name: 'X-Cashlink-Nonce' },
      },
      schemas: {
        PartnerEvent: withNullableOptionals(jsonSchema(PartnerEventInput)),
        NormalizedEvent: withNullableOptionals(jsonSchema(NormalizedEvent)),
        ChangeEvent: jsonSchema(ChangeEvent),
        AcceptedEvents: jsonSchema(AcceptedEvents),
        Document: jsonSchema(DocumentViewSchema),
        Correction: jsonSchema(CorrectionInput),
        CorrectionRecord: jsonSchema(CorrectionRecord),
        BankRuleInput: jsonSchema(BankRuleInput),
        BankRule: jsonSchema(BankRuleView),
        BankRuleList: jsonSchema(BankRuleList),
        BankDenyListInput: jsonSchema(BankDenyListInput),
        BankDenyList: jsonSchema(BankDenyListView),
        DeliveryList: jsonSchema(DeliveryList),
        DeliveryRunRequest: jsonSchema(DeliveryControlInput),
        DeliveryRunAccepted: jsonSchema(DeliveryRunAccepted),
        Problem: jsonSchema(Problem),
      },
    },
  };
}

/** The bank matcher's rules and deny-list per administration (scopes bank-rules:read / bank-rules:write). */
function bankRulePaths(): Record<string, unknown> {
  const administration = {
    name: 'administration',
    in: 'path',
    required: true,
    schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,20}$' },
  };
  const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 100 } };
  const ifMatch = {
    name: 'If-Match',
    in: 'header',
    required: false,
    schema: { type: 'string' },
    description: 'the ETag (memory version) the change is meant for; 412 when the rules changed since',
  };
  const etag = { ETag: { schema: { type: 'string' }, description: 'the memory version, quoted' } };
  const json = (name: string, description: string, headers: Record<string, unknown> = etag) => ({
    description,
    headers,
    content: { 'application/json': { schema: ref(name) } },
  });
  const denied = {
    ...common,
    '403': problem('administration not granted to the key, or scope bank-rules:write (or :read) missing'),
  };
  const writeErrors = {
    ...denied,
    '412': problem('If-Match names an older version of the rules'),
    '503': problem('others changed the rules at the same moment too often; send again', {
      'Retry-After': { schema: { type: 'integer' } },
    }),
  };
  // Replacing and adding to the deny-list take the same body and answer alike; only the merge differs.
  const denyListWrite = (operationId: string, summary: string) => ({
    operationId,
    summary,
    parameters: [ifMatch],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: ref('BankDenyListInput') } },
    },
    responses: {
      '200': json('BankDenyList', 'the deny-list now'),
      '400': problem('invalid IBAN, name pattern or bank code'),
      ...writeErrors,
      '409': problem('more entries than allowed'),
      '415': problem('the body is not application/json'),
    },
  });
  return {
    '/v1/administrations/{administration}/bank-rules': {
      parameters: [administration],
      get: {
        operationId: 'listBankRules',
        summary:
          'User rules (in the order they apply) and suggested rules, with confirmations and draftedFrom',
        parameters: [
          {
            name: 'origin',
            in: 'query',
            required: false,
            schema: { type: 'string', enum: ['user', 'suggested'] },
          },
        ],
        responses: { '200': json('BankRuleList', 'the rules'), '400': problem('bad origin'), ...denied },
      },
      post: {
        operationId: 'createBankRule',
        summary:
          'Create a rule: conditions on the bank line → relation or ledger account; applied before learning',
        parameters: [ifMatch],
        requestBody: { required: true, content: { 'application/json': { schema: ref('BankRuleInput') } } },
        responses: {
          '200': json('BankRule', 'the same rule existed already'),
          '201': json('BankRule', 'created; a suggested rule on the same conditions is replaced', {
            ...etag,
            Location: { schema: { type: 'string' } },
          }),
          '400': problem(
            'invalid rule: field, rule and value (unsafe or empty-matching patterns, a relation or ledger account CASH does not have)',
          ),
          ...writeErrors,
          '409': problem('another user rule holds for the same conditions, or too many rules'),
          '415': problem('the body is not application/json'),
        },
      },
    },
    '/v1/administrations/{administration}/bank-rules/{id}': {
      parameters: [administration, id],
      get: {
        operationId: 'getBankRule',
        summary: 'One rule',
        responses: { '200': json('BankRule', 'the rule'), ...denied, '404': problem('no such rule') },
      },
      delete: {
        operationId: 'deleteBankRule',
        summary: 'Delete a user rule, or turn a suggested rule down',
        parameters: [ifMatch],
        responses: {
          '204': { description: 'deleted', headers: etag },
          ...writeErrors,
          '404': problem('no such rule'),
        },
      },
    },
    '/v1/administrations/{administration}/bank-rules/{id}/accept': {
      parameters: [administration, id],
      post: {
        operationId: 'acceptBankRule',
        summary: 'Accept a suggested rule: from now on it acts like a user rule',
        parameters: [ifMatch],
        responses: {
          '200': json('BankRule', 'the accepted rule (origin user)'),
          ...writeErrors,
          '404': problem('no such rule'),
          '409': problem('a user rule holds for the same conditions'),
        },
      },
    },
    '/v1/administrations/{administration}/bank-deny-list': {
      parameters: [administration],
      get: {
        operationId: 'getBankDenyList',
        summary: "The tenant's shared accounts (never learned as one relation) and the built-in ones",
        responses: { '200': json('BankDenyList', 'the deny-list'), ...denied },
      },
      put: denyListWrite('replaceBankDenyList', "Replace the tenant's deny-list"),
      post: denyListWrite(
        'addToBankDenyList',
        "Add shared IBANs, name patterns or bank codes to the tenant's deny-list",
      ),
    },
  };
}

/** The JSON Schema (2020-12) of a normalized event, as published in events/schema.json. */
export function buildEventJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://cashlink.nl/schemas/normalized-event.json',
    title: 'cashlink normalized event',
    ...(withNullableOptionals(jsonSchema(NormalizedEvent)) as Record<string, unknown>),
  };
}

/** The JSON Schema (2020-12) of a change event (CASH → outbound targets), as published in events/change-event.schema.json. */
export function buildChangeEventJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://cashlink.nl/schemas/change-event.json',
    title: 'cashlink change event',
    ...jsonSchema(ChangeEvent),
  };
}
