import { describe, expect, it } from 'vitest';
import { eventId } from '../../../events/index.ts';
import {
  type CorrectionLearner,
  type CorrectionRecord,
  CorrectionRefusedError,
  type RateLimiter,
} from '../../../lib/partner-api/index.ts';
import { keyRecord, memo, NOW, parse, request, signedRequest, TENANT, testApi } from './fixtures.ts';

describe('PartnerApi: POST /v1/events', () => {
  it.each([
    ['a single event object', (e: unknown) => e],
    ['an array', (e: unknown) => [e]],
    ['an events envelope', (e: unknown) => ({ events: [e] })],
  ])('accepts %s with 202, the document location and rate-limit headers', async (_name, wrap) => {
    // Prepare
    const { api, documents } = testApi();
    const event = memo('m-1');
    // Act
    const response = await api.handle(request('POST', '/v1/events', wrap(event)));
    // Assess
    expect(response.statusCode).toBe(202);
    expect(parse(response.body).events).toEqual([
      { index: 0, id: event.id, status: 'queued', location: `/v1/documents/${event.id}` },
    ]);
    expect(response.headers.location).toBe(`/v1/documents/${event.id}`);
    expect(response.headers['ratelimit-limit']).toBe('100');
    expect(documents.published.map((e) => e.id)).toEqual([event.id]);
  });

  it('fills tenant, schema version, occurredAt, connector and the deterministic id a partner left out', async () => {
    // Prepare
    const { api, documents } = testApi();
    const { id: _id, tenant: _t, schemaVersion: _v, occurredAt: _o, ...bare } = memo('bare-1');
    const input = { ...bare, source: { externalId: 'bare-1' } };
    // Act
    const response = await api.handle(request('POST', '/v1/events', input));
    // Assess
    expect(response.statusCode).toBe(202);
    const expectedId = eventId(TENANT, 'partner-api', 'bare-1', 'journal-entry.book');
    expect(documents.published[0]).toMatchObject({
      id: expectedId,
      tenant: TENANT,
      occurredAt: NOW.toISOString(),
    });
  });

  it('answers 400 listing every invalid event with index, path, rule, message and value; queues nothing', async () => {
    // Prepare
    const { api, documents } = testApi();
    const good = memo('ok-1');
    const unbalanced = {
      ...memo('bad-1'),
      data: {
        ...memo('bad-1').data,
        lines: [memo('x').data.lines[0], { ledgerAccount: '1900', amountCents: -1 }],
      },
    };
    const badDate = { ...memo('bad-2'), data: { ...memo('bad-2').data, date: '2026-02-30' } };
    // Act
    const response = await api.handle(request('POST', '/v1/events', [good, unbalanced, badDate]));
    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    const problem = parse(response.body);
    expect(problem).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, path: 'data.lines', rule: 'balanced' }),
        expect.objectContaining({ index: 2, path: 'data.date', value: '2026-02-30' }),
      ]),
    );
    expect(problem.errors?.every((e) => e.index !== 0)).toBe(true);
    expect(documents.published).toHaveLength(0);
  });

  it.each([
    ['not JSON', '{"type":', 'json'],
    ['a JSON string', '"hello"', 'body-shape'],
    ['an empty array', '[]', 'too_small'],
    ['too many events', JSON.stringify(Array.from({ length: 501 }, () => ({}))), 'too_big'],
  ])('answers 400 for %s', async (_name, body, rule) => {
    // Act
    const response = await testApi().api.handle(request('POST', '/v1/events', body));
    // Assess
    expect(response.statusCode).toBe(400);
    expect(parse(response.body).errors?.[0]?.rule).toBe(rule);
  });

  it('answers 400 when one request holds the same event id with different content', async () => {
    // Act
    const response = await testApi().api.handle(
      request('POST', '/v1/events', [memo('d-1', 100), memo('d-1', 200)]),
    );
    // Assess
    expect(response.statusCode).toBe(400);
    expect(parse(response.body).errors?.[0]).toMatchObject({ index: 1, rule: 'duplicate-id' });
  });

  it.each([
    [
      'an administration of this tenant not granted to the key',
      memo('f-1', 100, 'OTHER'),
      'administration-not-granted',
    ],
    ['an administration not in this tenant', memo('f-2', 100, 'ELSEWHERE'), 'administration-not-granted'],
    [
      'another tenant',
      { ...memo('f-3'), tenant: 'rival', id: eventId('rival', 'partner-api', 'f-3', 'journal-entry.book') },
      'tenant',
    ],
  ])('answers 403 for %s', async (_name, event, rule) => {
    // Prepare
    const { api, documents } = testApi();
    // Act
    const response = await api.handle(request('POST', '/v1/events', [memo('fine'), event]));
    // Assess
    expect(response.statusCode).toBe(403);
    expect(parse(response.body).errors).toEqual([expect.objectContaining({ index: 1, rule })]);
    expect(documents.published).toHaveLength(0);
  });

  it('answers 403 for an event type the key was not granted', async () => {
    // Prepare
    const { api } = testApi({}, keyRecord({ eventTypes: ['relation.upsert'] }));
    // Act
    const response = await api.handle(request('POST', '/v1/events', memo('t-1')));
    // Assess
    expect(response.statusCode).toBe(403);
    expect(parse(response.body).errors?.[0]).toMatchObject({ path: 'type', rule: 'event-type-not-granted' });
  });

  it.each(['invoice-mailbox', 'bank-import', 'woocommerce'])(
    'answers 403 for an event claiming connector %s: the key fixes the connector (10.1)',
    async (connector) => {
      // Prepare
      const { api, documents } = testApi();
      const { id: _id, ...event } = memo('c-1');
      const impersonating = { ...event, source: { connector, externalId: 'c-1' } };
      // Act
      const response = await api.handle(request('POST', '/v1/events', impersonating));
      // Assess
      expect(response.statusCode).toBe(403);
      expect(parse(response.body).errors?.[0]).toMatchObject({
        path: 'source.connector',
        rule: 'connector',
        value: connector,
      });
      expect(documents.published).toHaveLength(0);
    },
  );

  it('answers a resend with the existing status and queues nothing again', async () => {
    // Prepare
    const { api, documents } = testApi();
    const event = memo('r-1');
    documents.put(event, 'booked', { cash: { entryNumber: 7, journal: 'MEM', bookedAt: NOW.toISOString() } });
    // Act
    const response = await api.handle(request('POST', '/v1/events', event));
    // Assess
    expect(response.statusCode).toBe(200);
    expect(parse(response.body).events).toEqual([
      expect.objectContaining({ id: event.id, status: 'booked' }),
    ]);
    expect(documents.published).toHaveLength(0);
  });

  it('answers 409 when a booked document is sent with changed content', async () => {
    // Prepare
    const { api, documents } = testApi();
    documents.put(memo('c-1', 100), 'booked');
    // Act
    const response = await api.handle(request('POST', '/v1/events', memo('c-1', 999)));
    // Assess
    expect(response.statusCode).toBe(409);
    expect(parse(response.body).errors?.[0]).toMatchObject({ index: 0, rule: 'changed-after-booking' });
    expect(documents.published).toHaveLength(0);
  });

  it('requeues a rejected document sent again (the partner fixed something outside the event)', async () => {
    // Prepare
    const { api, documents } = testApi();
    documents.put(memo('rj-1'), 'rejected');
    // Act
    const response = await api.handle(request('POST', '/v1/events', memo('rj-1')));
    // Assess
    expect(response.statusCode).toBe(202);
    expect(parse(response.body).events).toEqual([expect.objectContaining({ status: 'queued' })]);
  });
});

describe('PartnerApi: transport rules', () => {
  it.each([['/v1/events'], ['/webhooks/woocommerce']])(
    'answers 413 for a body above the limit on %s, before authenticating',
    async (path) => {
      // Prepare
      const { api } = testApi({ maxBodyBytes: 1_000 });
      // Act
      const response = await api.handle(request('POST', path, 'x'.repeat(1_001), { authorization: '' }));
      // Assess
      expect(response.statusCode).toBe(413);
      expect(parse(response.body).errors?.[0]).toMatchObject({ rule: 'max-bytes', value: 1_001 });
    },
  );

  it.each([['text/plain'], ['application/xml'], ['']])('answers 415 for content type "%s"', async (type) => {
    // Act
    const response = await testApi().api.handle(
      request('POST', '/v1/events', memo('x'), { 'content-type': type }),
    );
    // Assess
    expect(response.statusCode).toBe(415);
    expect(response.headers.accept).toBe('application/json');
  });

  it('accepts application/json with a charset', async () => {
    // Act
    const response = await testApi().api.handle(
      request('POST', '/v1/events', memo('cs'), { 'content-type': 'application/json; charset=utf-8' }),
    );
    // Assess
    expect(response.statusCode).toBe(202);
  });

  it('answers 404 for an unknown route and 405 for a wrong method', async () => {
    // Prepare
    const { api } = testApi();
    // Act
    const unknown = await api.handle(request('GET', '/v2/nothing'));
    const wrongMethod = await api.handle(request('DELETE', '/v1/events'));
    // Assess
    expect(unknown.statusCode).toBe(404);
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
  });

  it('answers 429 with Retry-After once the key used its requests of the minute', async () => {
    // Prepare
    const { api } = testApi({}, keyRecord({ rateLimitPerMinute: 2 }));
    // Act
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof api.handle>> | undefined;
    for (let i = 0; i < 3; i++) {
      last = await api.handle(request('GET', `/v1/documents/evt_${'0'.repeat(32)}`));
      statuses.push(last.statusCode);
    }
    // Assess
    expect(statuses).toEqual([404, 404, 429]);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(last?.headers['ratelimit-remaining']).toBe('0');
  });

  it('answers 500 as a problem, without internals, when a store fails', async () => {
    // Prepare
    const failing: RateLimiter = { consume: async () => Promise.reject(new Error('DynamoDB down')) };
    const logged: string[] = [];
    const { api } = testApi({ rateLimiter: failing, log: (_l, message) => logged.push(message) });
    // Act
    const response = await api.handle({ ...request('GET', '/v1/documents/x'), requestId: 'req-1' });
    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('DynamoDB');
    expect(parse(response.body).instance).toBe('urn:request:req-1');
    expect(logged).toHaveLength(1);
  });
});

describe('PartnerApi: GET /v1/documents/{id}', () => {
  it('shows status, history, the CASH booking (boekstuk) and errors', async () => {
    // Prepare
    const { api, documents } = testApi();
    const event = memo('g-1');
    documents.put(event, 'booked', {
      cash: { transaction: 'T-1', journal: 'MEM', entryNumber: 42, bookedAt: NOW.toISOString() },
    });
    // Act
    const response = await api.handle(request('GET', `/v1/documents/${event.id}`));
    // Assess
    expect(response.statusCode).toBe(200);
    expect(parse(response.body)).toMatchObject({
      id: event.id,
      status: 'booked',
      cash: { transaction: 'T-1', journal: 'MEM', entryNumber: 42 },
      errors: [],
      history: [{ status: 'booked' }],
    });
  });

  it.each([
    ['an unknown id', 'evt_'.padEnd(36, '0'), undefined],
    ['a malformed id', 'not-an-id', undefined],
    ['an administration not granted to the key', 'OTHER', 'OTHER'],
    ["another tenant's document", 'rival', 'DEMO'],
  ])('answers 404 for %s', async (name, id, administration) => {
    // Prepare
    const { api, documents } = testApi();
    let target = id;
    if (administration) {
      const event = memo(`hidden-${name}`, 100, administration);
      documents.put(event, 'booked', id === 'rival' ? { tenant: 'rival' } : {});
      target = event.id;
    }
    // Act
    const response = await api.handle(request('GET', `/v1/documents/${target}`));
    // Assess
    expect(response.statusCode).toBe(404);
  });
});

describe('PartnerApi: authentication on the routes', () => {
  it('answers 401 with a challenge without credentials, and 401 for an unknown key', async () => {
    // Prepare
    const { api } = testApi();
    // Act
    const none = await api.handle(request('POST', '/v1/events', memo('a'), { authorization: '' }));
    const unknown = await api.handle(
      request('POST', '/v1/events', memo('a'), {
        authorization: `Bearer clk_ffffffffffff_${'0'.repeat(64)}`,
      }),
    );
    // Assess
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect(unknown.statusCode).toBe(401);
    expect(parse(unknown.body).errors?.[0]?.rule).toBe('api-key-unknown');
  });

  it('serves the OpenAPI document without a key', async () => {
    // Act
    const response = await testApi().api.handle(
      request('GET', '/v1/openapi.json', undefined, { authorization: '' }),
    );
    // Assess
    expect(response.statusCode).toBe(200);
    expect(parse(response.body).openapi).toBe('3.1.0');
  });

  it('accepts a signed POST /v1/events instead of an API key', async () => {
    // Prepare
    const { api } = testApi();
    // Act
    const response = await api.handle(signedRequest('POST', '/v1/events', JSON.stringify(memo('s-1'))));
    // Assess
    expect(response.statusCode).toBe(202);
  });
});

describe('PartnerApi: POST /webhooks/{connector}', () => {
  const webhookEvent = (externalId: string) => {
    const { id: _id, ...event } = memo(externalId);
    return { ...event, source: { externalId } };
  };

  it('accepts signed events and books them under the connector of the path', async () => {
    // Prepare
    const { api, documents } = testApi();
    // Act
    const response = await api.handle(
      signedRequest('POST', '/webhooks/woocommerce', JSON.stringify(webhookEvent('w-1'))),
    );
    // Assess
    expect(response.statusCode).toBe(202);
    expect(documents.published[0]?.source.connector).toBe('woocommerce');
    expect(documents.published[0]?.id).toBe(eventId(TENANT, 'woocommerce', 'w-1', 'journal-entry.book'));
  });

  it('answers 401 for a bad signature and for a bearer key alone', async () => {
    // Prepare
    const { api } = testApi();
    const signed = signedRequest('POST', '/webhooks/woocommerce', JSON.stringify(webhookEvent('w-2')));
    // Act
    const tampered = await api.handle({ ...signed, body: signed.body.replace('w-2', 'w-3') });
    const bearer = await api.handle(request('POST', '/webhooks/woocommerce', webhookEvent('w-2')));
    // Assess
    expect(tampered.statusCode).toBe(401);
    expect(parse(tampered.body).errors?.[0]?.rule).toBe('signature');
    expect(bearer.statusCode).toBe(401);
    expect(parse(bearer.body).errors?.[0]?.rule).toBe('signature-required');
  });

  it('answers 403 to a key not granted the webhook connector, queueing nothing (10.1)', async () => {
    // Prepare
    const { api, documents } = testApi({}, keyRecord({ webhookConnectors: ['lightspeed'] }));
    // Act
    const response = await api.handle(
      signedRequest('POST', '/webhooks/woocommerce', JSON.stringify(webhookEvent('w-5'))),
    );
    const ungranted = await testApi({}, keyRecord({ webhookConnectors: undefined })).api.handle(
      signedRequest('POST', '/webhooks/woocommerce', JSON.stringify(webhookEvent('w-6'))),
    );
    // Assess
    expect([response.statusCode, ungranted.statusCode]).toEqual([403, 403]);
    expect(parse(response.body).errors?.[0]).toMatchObject({
      path: 'connector',
      rule: 'connector-not-granted',
      value: 'woocommerce',
    });
    expect(documents.published).toHaveLength(0);
  });

  it("answers 403 for events of another connector than the path's", async () => {
    // Act
    const response = await testApi().api.handle(
      signedRequest('POST', '/webhooks/woocommerce', JSON.stringify(memo('w-4'))),
    );
    // Assess
    expect(response.statusCode).toBe(403);
    expect(parse(response.body).errors?.[0]).toMatchObject({ path: 'source.connector', rule: 'connector' });
  });
});

describe('PartnerApi: POST /v1/corrections', () => {
  const learnerInto = (seen: CorrectionRecord[]): CorrectionLearner => ({
    learn: async (record) => {
      seen.push(record);
      return { connector: 'test', kind: record.correction.kind };
    },
  });
  const bankBody = (overrides: Record<string, unknown> = {}) => ({
    kind: 'bank-match',
    administration: 'DEMO',
    importId: 'imp-1',
    decision: 'correct',
    relationNumber: '10001',
    invoiceNumbers: ['2026001'],
    entry: {
      importId: 'imp-1',
      bookingDate: '2026-03-30',
      amountCents: 12_100,
      currency: 'EUR',
      counterpartyName: 'Klant BV',
    },
    ...overrides,
  });

  it('stores an invoice ledger correction with the relation key of the booking and lets the learners learn', async () => {
    // Prepare
    const seen: CorrectionRecord[] = [];
    const { api, documents, corrections } = testApi({ learners: [learnerInto(seen)] });
    const event = memo('inv-1');
    documents.put(event, 'booked', { cash: { relationNumber: '20001', bookedAt: NOW.toISOString() } });
    // Act
    const response = await api.handle(
      request('POST', '/v1/corrections', {
        kind: 'invoice-ledger',
        documentId: event.id,
        ledgerAccount: '4510',
        costCentre: 'K1',
      }),
    );
    // Assess
    expect(response.statusCode).toBe(201);
    expect(corrections.records[0]).toMatchObject({
      documentId: event.id,
      administration: 'DEMO',
      relationKey: 'rel:20001',
      recordedAt: NOW.toISOString(),
      recordedBy: { apiKeyId: keyRecord().id },
      outcome: { status: 'applied', results: [{ connector: 'test', kind: 'invoice-ledger' }] },
    });
    expect(seen).toHaveLength(1);
  });

  it('uses the relation key the invoice connector recorded on a file document', async () => {
    // Prepare
    const { api, documents, corrections } = testApi();
    const file = documents.put(memo('file-1'), 'review', {
      id: `doc_${'ab'.repeat(32)}`,
      kind: 'file',
      relationKey: 'vat:NL001234567B01',
    });
    documents.records.set(file.id, file);
    // Act
    const response = await api.handle(
      request('POST', '/v1/corrections', { kind: 'invoice-ledger', documentId: file.id, costCentre: 'K2' }),
    );
    // Assess
    expect(response.statusCode).toBe(201);
    expect(corrections.records[0]).toMatchObject({
      documentId: file.id,
      relationKey: 'vat:NL001234567B01',
      outcome: { status: 'stored' },
    });
  });

  it("stores a bank line's corrected match under the line's booking id", async () => {
    // Prepare
    const seen: CorrectionRecord[] = [];
    const { api, corrections } = testApi({ learners: [learnerInto(seen)] });
    // Act
    const response = await api.handle(request('POST', '/v1/corrections', bankBody()));
    // Assess
    expect(response.statusCode).toBe(201);
    expect(corrections.records[0]).toMatchObject({
      documentId: eventId(TENANT, 'bank-import', 'imp-1', 'journal-entry.book'),
      administration: 'DEMO',
      correction: { kind: 'bank-match', decision: 'correct', relationNumber: '10001' },
    });
    expect(seen[0]?.correction.kind).toBe('bank-match');
  });

  it("takes null for a bank correction's optional fields, also in the line it carries", async () => {
    // Prepare
    const seen: CorrectionRecord[] = [];
    const { api, corrections } = testApi({ learners: [learnerInto(seen)] });
    const body = bankBody({
      ledgerAccount: null,
      vatCode: null,
      confirmedAt: null,
      book: null,
      account: null,
      note: null,
      entry: {
        ...bankBody().entry,
        valueDate: null,
        counterpartyIban: null,
        remittance: null,
        reversal: null,
      },
    });
    // Act
    const response = await api.handle(request('POST', '/v1/corrections', body));
    // Assess
    expect(response.statusCode).toBe(201);
    expect(corrections.records[0]).toMatchObject({
      correction: { kind: 'bank-match', relationNumber: '10001', entry: { counterpartyName: 'Klant BV' } },
    });
    expect(JSON.stringify(corrections.records[0])).not.toContain('null');
  });

  it.each([
    ['an administration not granted to the key', 'OTHER', 'administration-not-granted'],
    ['an administration of another tenant', 'ELSEWHERE', 'administration-not-granted'],
  ])('answers 403 for a bank correction in %s', async (_name, administration, rule) => {
    // Act
    const response = await testApi().api.handle(
      request('POST', '/v1/corrections', bankBody({ administration })),
    );
    // Assess
    expect(response.statusCode).toBe(403);
    expect(parse(response.body).errors?.[0]).toMatchObject({ path: 'administration', rule });
  });

  it.each([
    [
      'no ledger account nor cost centre',
      (id: string) => ({ kind: 'invoice-ledger', documentId: id }),
      'ledger-or-cost-centre',
    ],
    ['an unknown kind', (id: string) => ({ kind: 'nonsense', documentId: id }), 'invalid_union'],
    [
      'a lower-case ledger account',
      (id: string) => ({ kind: 'invoice-ledger', documentId: id, ledgerAccount: 'abc' }),
      'format:regex',
    ],
    [
      'both a relation and a ledger account for a bank line',
      () => bankBody({ ledgerAccount: '4000' }),
      'match-target',
    ],
    [
      'an unknown field',
      (id: string) => ({ kind: 'invoice-ledger', documentId: id, ledgerAccount: '4000', extra: 1 }),
      'unrecognized_keys',
    ],
  ])('answers 400 for %s', async (_name, body, rule) => {
    // Prepare
    const { api, documents } = testApi();
    const event = memo('c400');
    documents.put(event, 'booked', { cash: { relationNumber: '1', bookedAt: NOW.toISOString() } });
    // Act
    const response = await api.handle(request('POST', '/v1/corrections', body(event.id)));
    // Assess
    expect(response.statusCode).toBe(400);
    expect(parse(response.body).errors?.map((e) => e.rule)).toContain(rule);
  });

  it('answers 404 for a document of an administration not granted, 409 for a duplicate document', async () => {
    // Prepare
    const { api, documents } = testApi();
    const hidden = memo('c404', 100, 'OTHER');
    documents.put(hidden, 'booked');
    const duplicate = memo('c409');
    documents.put(duplicate, 'duplicate');
    const body = (id: string) => ({
      kind: 'invoice-ledger',
      documentId: id,
      ledgerAccount: '4000',
      relationKey: 'rel:1',
    });
    // Act
    const notFound = await api.handle(request('POST', '/v1/corrections', body(hidden.id)));
    const conflict = await api.handle(request('POST', '/v1/corrections', body(duplicate.id)));
    // Assess
    expect(notFound.statusCode).toBe(404);
    expect(conflict.statusCode).toBe(409);
  });

  it('answers 400 naming the field when the connector refuses, and still keeps the correction', async () => {
    // Prepare
    const refusing: CorrectionLearner = {
      learn: async () =>
        Promise.reject(new CorrectionRefusedError('invoiceNumbers', 'invoice 2026001 is not open')),
    };
    const { api, corrections } = testApi({ learners: [refusing] });
    // Act
    const response = await api.handle(request('POST', '/v1/corrections', bankBody()));
    // Assess
    expect(response.statusCode).toBe(400);
    expect(parse(response.body).errors?.[0]).toMatchObject({
      path: 'invoiceNumbers',
      rule: 'correction-refused',
    });
    expect(corrections.records[0]?.outcome).toMatchObject({ status: 'refused', field: 'invoiceNumbers' });
  });

  it('answers 202 and keeps the correction when a connector fails, so it can be learned again', async () => {
    // Prepare
    const warnings: string[] = [];
    const { api, documents, corrections } = testApi({
      learners: [{ learn: async () => Promise.reject(new Error('memory unavailable')) }],
      log: (level, message) => warnings.push(`${level}: ${message}`),
    });
    const event = memo('c-learn');
    documents.put(event, 'booked');
    // Act
    const response = await api.handle(
      request('POST', '/v1/corrections', {
        kind: 'invoice-ledger',
        documentId: event.id,
        ledgerAccount: '4000',
        relationKey: 'x',
      }),
    );
    // Assess
    expect(response.statusCode).toBe(202);
    expect(corrections.records[0]?.outcome.status).toBe('failed');
    expect(response.body).not.toContain('memory unavailable');
    expect(warnings[0]).toMatch(/^warn:/);
  });
});

describe('PartnerApi: resends of documents on their way', () => {
  it.each([
    ['sending', 200, 'sending', 0],
    ['queued', 202, 'queued', 1],
    ['failed', 202, 'queued', 1],
  ])('a resend of a %s document answers %i with status %s', async (status, code, answered, published) => {
    // Prepare
    const { api, documents } = testApi();
    const event = memo(`resend-${status}`);
    documents.put(event, status as 'sending');
    // Act
    const response = await api.handle(request('POST', '/v1/events', event));
    // Assess
    expect(response.statusCode).toBe(code);
    expect(parse(response.body).events).toEqual([expect.objectContaining({ status: answered })]);
    expect(documents.published).toHaveLength(published);
  });

  it('shows a file document (doc_…) with the events it gave rise to', async () => {
    // Prepare
    const { api, documents } = testApi();
    const event = memo('file-events');
    const file = documents.put(event, 'booked', {
      id: `doc_${'cd'.repeat(32)}`,
      kind: 'file',
      eventIds: [event.id],
    });
    documents.records.set(file.id, file);
    // Act
    const response = await api.handle(request('GET', `/v1/documents/${file.id}`));
    // Assess
    expect(response.statusCode).toBe(200);
    expect(parse(response.body)).toMatchObject({ id: file.id, kind: 'file', eventIds: [event.id] });
  });
});
