import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventId } from '../../../events/index.ts';
import { createWriterHandler } from '../../../functions/cash-writer/writer-handler.ts';
import { createPartnerApiHandler } from '../../../functions/partner-api/partner-api-handler.ts';
import { DynamoMatchMemory } from '../../../lib/bank/stores/index.ts';
import { CashSimulator } from '../../../lib/cash/simulator/index.ts';
import { DocumentStore } from '../../../lib/documents/index.ts';
import { DynamoLedgerMemory } from '../../../lib/invoices/stores/index.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import type { SqsEventSource } from '../../../lib/local/sqs-event-source.ts';
import { MirrorStore } from '../../../lib/mirror/index.ts';
import {
  ApiKeyStore,
  Authenticator,
  BankMatchLearner,
  CorrectionStore,
  type CreatedApiKey,
  createApiKey,
  DynamoNonceStore,
  DynamoRateLimiter,
  InvoiceLedgerLearner,
  PartnerApi,
  parseApiKey,
  signedRequestHeaders,
} from '../../../lib/partner-api/index.ts';
import { EventPublisher } from '../../../lib/runtime/event-publisher.ts';
import { observability } from '../../../lib/runtime/powertools.ts';
import { bankImportSettings } from '../../../lib/tenant/index.ts';
import {
  apiKeysTable,
  type TestResources,
  testCashWriter,
  testResources,
  writerEventSource,
} from '../helpers.ts';

const TENANT = 'acme';
const CASH_KEY = 'partner-api-test-key';
let res: TestResources;
let sim: CashSimulator;
let source: SqsEventSource;
let documents: DocumentStore;
let corrections: CorrectionStore;
let keyStore: ApiKeyStore;
let keysTable: string;
let partner: CreatedApiKey;
let limited: CreatedApiKey;
let relationsOnly: CreatedApiKey;
let handler: ReturnType<typeof createPartnerApiHandler>;

type Answer = APIGatewayProxyStructuredResultV2 & {
  json: Record<string, unknown> & { errors?: Record<string, unknown>[] };
};

/** One request through the Lambda handler, as API Gateway (HTTP API, payload 2.0) delivers it. */
async function call(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const event = {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers,
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: `req-${Math.random().toString(16).slice(2)}`,
    },
  } as unknown as APIGatewayProxyEventV2;
  const answer = (await handler(
    event,
    lambdaContext('partner-api', 29_000),
  )) as APIGatewayProxyStructuredResultV2;
  return { ...answer, json: answer.body ? (JSON.parse(answer.body) as Answer['json']) : {} };
}

const withKey = (key: CreatedApiKey, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${key.apiKey}`,
  'content-type': 'application/json',
  ...extra,
});

/** The headers a partner's client adds to sign `method path` with this body (a new nonce each time). */
function signed(
  key: CreatedApiKey,
  body: string,
  at = new Date(),
  method = 'POST',
  path = '/v1/events',
): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...signedRequestHeaders({
      keyId: parseApiKey(key.apiKey).id,
      signingKey: key.signingKey,
      method,
      path,
      body,
      now: at,
    }),
  };
}

function memo(externalId: string, amountCents = 1_500, administration = 'DEMO') {
  return {
    type: 'journal-entry.book',
    administration,
    source: { externalId },
    data: {
      journal: 'MEM',
      date: '2026-03-31',
      description: `Memo ${externalId}`,
      lines: [
        { ledgerAccount: '4000', amountCents },
        { ledgerAccount: '1900', amountCents: -amountCents },
      ],
    },
  };
}

/** Runs the writer on what the queue holds until every document is final, or the time is up. */
async function bookUntilFinal(ids: string[], withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const records = await documents.getMany(ids);
    if (ids.every((id) => ['booked', 'duplicate', 'rejected'].includes(records.get(id)?.status ?? '')))
      return;
    await source.pollOnce(0);
  }
}

beforeAll(async () => {
  res = await testResources();
  sim = new CashSimulator({ apiKeys: { [CASH_KEY]: ['DEMO'] }, rateLimitPerMinute: 0 });
  const baseUrl = await sim.start();
  const writer = testCashWriter(res, {
    tenant: TENANT,
    connections: { DEMO: { baseUrl, apiKey: CASH_KEY, timeoutMs: 2_000, pollIntervalMs: 10 } },
  });
  source = writerEventSource(res, {
    timeoutMs: 10_000,
    handler: createWriterHandler({
      observability: observability('cash-writer-test'),
      writer: async () => writer,
    }),
  });

  documents = new DocumentStore(res.clients.documents, res.documentsTable);
  corrections = new CorrectionStore(res.clients.documents, res.documentsTable);
  keysTable = await apiKeysTable(res);
  keyStore = new ApiKeyStore(res.clients.documents, keysTable);
  const grants = {
    tenant: TENANT,
    administrations: ['DEMO'],
    eventTypes: ['journal-entry.book', 'relation.upsert'],
  } as const;
  partner = await createApiKey(res.clients.documents, keysTable, {
    ...grants,
    administrations: [...grants.administrations],
    eventTypes: [...grants.eventTypes],
    partner: 'Kassa Partner B.V.',
    rateLimitPerMinute: 1_000,
  });
  limited = await keyStore.create({
    ...grants,
    administrations: ['DEMO'],
    eventTypes: ['journal-entry.book'],
    partner: 'Slow',
    rateLimitPerMinute: 2,
  });
  relationsOnly = await keyStore.create({
    ...grants,
    administrations: ['DEMO'],
    eventTypes: ['relation.upsert'],
    partner: 'CRM',
  });

  const publisher = new EventPublisher(res.clients.sqs, res.queue.queueUrl, documents);
  const api = new PartnerApi({
    scope: { tenant: TENANT, administrations: ['DEMO', 'OTHER'] },
    authenticator: new Authenticator(
      keyStore,
      TENANT,
      new DynamoNonceStore(res.clients.documents, keysTable),
    ),
    rateLimiter: new DynamoRateLimiter(res.clients.documents, res.documentsTable),
    documents,
    publisher,
    corrections,
    learners: [
      new InvoiceLedgerLearner({ client: res.clients.documents, mirrorTable: res.mirrorTable, documents }),
      new BankMatchLearner({
        tenant: TENANT,
        documents,
        publisher,
        memory: new DynamoMatchMemory(res.clients.documents, res.mirrorTable, TENANT),
        mirror: new MirrorStore(res.clients.documents, res.mirrorTable),
        settings: bankImportSettings.parse({}),
      }),
    ],
    maxBodyBytes: 64 * 1024,
  });
  handler = createPartnerApiHandler({
    api: async () => api,
    observability: observability('partner-api-test'),
  });
});

afterAll(async () => {
  await sim?.stop();
});

describe('Partner API against the emulators and the CASH simulator', () => {
  it('books a new relation and a journal entry referring to it within 5 s; GET says booked with the boekstuk', async () => {
    // Prepare
    const relation = {
      type: 'relation.upsert',
      administration: 'DEMO',
      source: { externalId: 'customer-9001' },
      data: { name: 'Fietsenmaker Van Dijk', roles: ['customer'], iban: 'NL91ABNA0417164300' },
    };
    const invoice = {
      type: 'journal-entry.book',
      administration: 'DEMO',
      source: { externalId: 'invoice-9001-1' },
      data: {
        journal: 'MEM',
        date: '2026-04-02',
        description: 'Factuur 900101',
        lines: [
          {
            ledgerAccount: '1300',
            amountCents: 24_200,
            relationRef: 'customer-9001',
            invoiceNumber: '900101',
          },
          { ledgerAccount: '8000', amountCents: -24_200 },
        ],
      },
    };
    const started = Date.now();

    // Act
    const posted = await call(
      'POST',
      '/v1/events',
      JSON.stringify({ events: [relation, invoice] }),
      withKey(partner),
    );
    const accepted = posted.json.events as { id: string; status: string; location: string }[];
    await bookUntilFinal(
      accepted.map((a) => a.id),
      5_000,
    );
    const relationDoc = await call('GET', accepted[0]?.location as string, undefined, withKey(partner));
    const invoiceDoc = await call('GET', accepted[1]?.location as string, undefined, withKey(partner));

    // Assess
    expect(posted.statusCode).toBe(202);
    expect(accepted.map((a) => a.status)).toEqual(['queued', 'queued']);
    expect(relationDoc.json.status).toBe('booked');
    expect(invoiceDoc.json.status).toBe('booked');
    expect(Date.now() - started).toBeLessThan(5_000);
    const relationNumber = (relationDoc.json.cash as { relationNumber: string }).relationNumber;
    const cash = invoiceDoc.json.cash as { entryNumber: number; journal: string };
    expect(relationNumber).toMatch(/^\d+$/);
    expect(cash.entryNumber).toBeGreaterThan(0);
    const state = sim.state('DEMO');
    expect(state.relations.some((r) => Number(r.number) === Number(relationNumber))).toBe(true);
    expect(
      state.openItems.some(
        (o) => Number(o.relationNumber) === Number(relationNumber) && o.outstandingCents === 24_200,
      ),
    ).toBe(true);
  });

  it('answers a resend with the booked status (200) and changed content after booking with 409', async () => {
    // Prepare
    const first = await call('POST', '/v1/events', JSON.stringify(memo('resend-1')), withKey(partner));
    const id = (first.json.events as { id: string }[])[0]?.id as string;
    await bookUntilFinal([id], 5_000);
    // Act
    const again = await call('POST', '/v1/events', JSON.stringify(memo('resend-1')), withKey(partner));
    const changed = await call(
      'POST',
      '/v1/events',
      JSON.stringify(memo('resend-1', 9_999)),
      withKey(partner),
    );
    // Assess
    expect(again.statusCode).toBe(200);
    expect(again.json.events).toEqual([expect.objectContaining({ id, status: 'booked' })]);
    expect(changed.statusCode).toBe(409);
    expect(changed.headers?.['content-type']).toBe('application/problem+json');
    expect(changed.json.errors?.[0]).toMatchObject({ index: 0, rule: 'changed-after-booking' });
  });

  it('accepts an HMAC-signed request instead of the API key', async () => {
    // Prepare
    const body = JSON.stringify([memo('signed-1')]);
    // Act
    const answer = await call('POST', '/v1/events', body, signed(partner, body));
    // Assess
    expect(answer.statusCode).toBe(202);
  });

  it('accepts a signed request once: a replay, or the signed GET sent as a DELETE, is refused (10.2)', async () => {
    // Prepare
    const body = JSON.stringify([memo('signed-once')]);
    const headers = signed(partner, body);
    const path = '/v1/administrations/DEMO/bank-rules/r1';
    const get = signed(partner, '', new Date(), 'GET', path);
    // Act
    const first = await call('POST', '/v1/events', body, headers);
    const replayed = await call('POST', '/v1/events', body, headers);
    const asDelete = await call('DELETE', path, '', get);
    // Assess
    expect(first.statusCode).toBe(202);
    expect([replayed.statusCode, asDelete.statusCode]).toEqual([401, 401]);
    expect(replayed.json.errors?.[0]?.rule).toBe('nonce-replayed');
    expect(asDelete.json.errors?.[0]?.rule).toBe('signature');
  });

  it('takes a nonce once even when two instances claim it at the same moment (conditional put)', async () => {
    // Prepare
    const nonces = new DynamoNonceStore(res.clients.documents, keysTable);
    const expiresAt = new Date(Date.now() + 301_000);
    // Act
    const claims = await Promise.all(
      Array.from({ length: 5 }, () => nonces.claim('a1b2c3d4e5f6', 'same-nonce-0123456789', expiresAt)),
    );
    const otherKey = await nonces.claim('f1f2f3f4f5f6', 'same-nonce-0123456789', expiresAt);
    // Assess
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(otherKey).toBe(true);
  });

  it('answers 400 with every invalid event, field path and rule', async () => {
    // Prepare
    const broken = {
      ...memo('bad-1'),
      data: { ...memo('bad-1').data, journal: 'memoriaal', date: 'yesterday' },
    };
    // Act
    const answer = await call(
      'POST',
      '/v1/events',
      JSON.stringify([memo('good-1'), broken]),
      withKey(partner),
    );
    // Assess
    expect(answer.statusCode).toBe(400);
    expect(answer.json.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, path: 'data.journal', value: 'memoriaal' }),
        expect.objectContaining({ index: 1, path: 'data.date', value: 'yesterday' }),
      ]),
    );
    // Nothing of the request was queued, not even the valid event.
    expect(
      await documents.get(eventId(TENANT, 'partner-api', 'good-1', 'journal-entry.book')),
    ).toBeUndefined();
  });

  it('answers 401 for an unknown key, a revoked key and a bad webhook signature', async () => {
    // Prepare
    const revoked = await keyStore.create({
      tenant: TENANT,
      partner: 'Gone',
      administrations: ['DEMO'],
      eventTypes: ['journal-entry.book'],
    });
    await keyStore.revoke(parseApiKey(revoked.apiKey).id);
    const body = JSON.stringify(memo('wh-1'));
    const badSignature = { ...signed(partner, body), 'x-cashlink-signature': `v1=${'0'.repeat(64)}` };
    // Act
    const unknown = await call('POST', '/v1/events', body, {
      'x-api-key': `clk_000000000000_${'1'.repeat(64)}`,
      'content-type': 'application/json',
    });
    const gone = await call('POST', '/v1/events', body, withKey(revoked));
    const webhook = await call('POST', '/webhooks/kassa', body, badSignature);
    // Assess
    expect([unknown.statusCode, gone.statusCode, webhook.statusCode]).toEqual([401, 401, 401]);
    expect(gone.json.errors?.[0]?.rule).toBe('api-key-revoked');
    expect(webhook.json.errors?.[0]?.rule).toBe('signature');
  });

  it('answers 403 for an administration not granted and for an event type not granted', async () => {
    // Act
    const otherAdministration = await call(
      'POST',
      '/v1/events',
      JSON.stringify(memo('f-1', 100, 'OTHER')),
      withKey(partner),
    );
    const typeNotGranted = await call(
      'POST',
      '/v1/events',
      JSON.stringify(memo('f-2')),
      withKey(relationsOnly),
    );
    // Assess
    expect(otherAdministration.statusCode).toBe(403);
    expect(otherAdministration.json.errors?.[0]?.rule).toBe('administration-not-granted');
    expect(typeNotGranted.statusCode).toBe(403);
    expect(typeNotGranted.json.errors?.[0]?.rule).toBe('event-type-not-granted');
  });

  it('answers 404 for an unknown document', async () => {
    // Act
    const answer = await call('GET', `/v1/documents/evt_${'f'.repeat(32)}`, undefined, withKey(partner));
    // Assess
    expect(answer.statusCode).toBe(404);
  });

  it('answers 413 for a body above the limit and 415 for a wrong content type', async () => {
    // Act
    const large = await call(
      'POST',
      '/v1/events',
      JSON.stringify({ events: [], pad: 'x'.repeat(70_000) }),
      withKey(partner),
    );
    const xml = await call(
      'POST',
      '/v1/events',
      '<event/>',
      withKey(partner, { 'content-type': 'application/xml' }),
    );
    // Assess
    expect(large.statusCode).toBe(413);
    expect(xml.statusCode).toBe(415);
  });

  it('answers 429 with Retry-After when the key exceeds its requests per minute (shared DynamoDB counter)', async () => {
    // Act
    const answers: Answer[] = [];
    for (let i = 0; i < 3; i++)
      answers.push(await call('GET', `/v1/documents/evt_${'a'.repeat(32)}`, undefined, withKey(limited)));
    // Assess: a window boundary may fall between the requests, so the last one is checked with a retry.
    let last = answers[2] as Answer;
    if (last.statusCode !== 429)
      last = await call('GET', `/v1/documents/evt_${'a'.repeat(32)}`, undefined, withKey(limited));
    if (last.statusCode !== 429)
      last = await call('GET', `/v1/documents/evt_${'a'.repeat(32)}`, undefined, withKey(limited));
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it("stores an invoice correction under CORRECTION#<documentId> and the invoice connector's memory learns it", async () => {
    // Prepare
    const posted = await call('POST', '/v1/events', JSON.stringify(memo('corr-1')), withKey(partner));
    const id = (posted.json.events as { id: string }[])[0]?.id as string;
    await bookUntilFinal([id], 5_000);
    const body = {
      kind: 'invoice-ledger',
      documentId: id,
      ledgerAccount: '4510',
      costCentre: 'K1',
      relationKey: 'rel:10001',
    };
    // Act
    const answer = await call('POST', '/v1/corrections', JSON.stringify(body), withKey(partner));
    const stored = await corrections.list(id);
    const memory = new DynamoLedgerMemory(res.clients.documents, res.mirrorTable, {
      tenant: TENANT,
      administration: 'DEMO',
    });
    // Assess
    expect(answer.statusCode).toBe(201);
    expect(stored).toEqual([
      expect.objectContaining({
        documentId: id,
        relationKey: 'rel:10001',
        outcome: expect.objectContaining({ status: 'applied' }),
      }),
    ]);
    expect(await memory.get('rel:10001')).toMatchObject({ ledgerAccount: '4510', costCentre: 'K1' });
  });

  it("feeds a bank line's corrected match to the matcher's memory", async () => {
    // Prepare
    const body = {
      kind: 'bank-match',
      administration: 'DEMO',
      importId: 'imp-77',
      decision: 'correct',
      ledgerAccount: '4600',
      book: false,
      entry: {
        importId: 'imp-77',
        bookingDate: '2026-03-30',
        amountCents: -4_250,
        currency: 'EUR',
        counterpartyIban: 'NL20INGB0001234567',
        counterpartyName: 'Drukkerij Snel',
        remittance: 'Drukwerk maart',
      },
    };
    const memory = new DynamoMatchMemory(res.clients.documents, res.mirrorTable, TENANT);
    const before = await memory.load('DEMO');
    // Act
    const answer = await call('POST', '/v1/corrections', JSON.stringify(body), withKey(partner));
    const after = await memory.load('DEMO');
    // Assess
    expect(answer.statusCode).toBe(201);
    expect(answer.json.outcome).toMatchObject({
      status: 'applied',
      results: [expect.objectContaining({ connector: 'bank-import' })],
    });
    expect(after.version).toBeGreaterThan(before.version);
  });

  it('stores API keys in their own table as a digest and a separate signing key, never the secret', async () => {
    // Prepare
    const { id, secret } = parseApiKey(partner.apiKey);
    const key = { pk: `APIKEY#${id}`, sk: 'KEY' };
    // Act
    const { Item } = await res.clients.documents.send(new GetCommand({ TableName: keysTable, Key: key }));
    const inDocuments = await res.clients.documents.send(
      new GetCommand({ TableName: res.documentsTable, Key: key }),
    );
    // Assess
    expect(Item).toMatchObject({
      partner: 'Kassa Partner B.V.',
      administrations: ['DEMO'],
      rateLimitPerMinute: 1_000,
      signingKey: partner.signingKey,
    });
    expect(Item?.signingKey).not.toBe(Item?.secretDigest);
    expect(JSON.stringify(Item)).not.toContain(secret);
    expect(inDocuments.Item).toBeUndefined();
  });

  it('serves the OpenAPI document without a key', async () => {
    // Act
    const answer = await call('GET', '/v1/openapi.json');
    // Assess
    expect(answer.statusCode).toBe(200);
    expect(answer.json.openapi).toBe('3.1.0');
  });
});
