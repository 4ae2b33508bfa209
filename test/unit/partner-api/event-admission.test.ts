import { describe, expect, it } from 'vitest';
import { createEvent, type EventType, type NormalizedEvent } from '../../../events/index.ts';
import { type CashAdapterSettingsInput, cashAdapterSettings } from '../../../lib/cash/settings/index.ts';
import { type MirrorList, MirrorLookup, type MirrorSnapshot } from '../../../lib/mirror/index.ts';
import { EventAdmission } from '../../../lib/partner-api/index.ts';
import { keyRecord, NOW, parse, request, TENANT, testApi } from './fixtures.ts';

type Lists = Pick<MirrorSnapshot, 'ledgerAccounts' | 'journals' | 'costCentres' | 'relations' | 'articles'>;

/** A small synced mirror of DEMO: what CASH has, by list. */
const SYNCED: Lists = {
  ledgerAccounts: ['1300', '1510', '1900', '4000', '8000'].map((account) => ({
    account,
    description: account,
  })),
  journals: [
    { code: 'MEM', description: 'Memoriaal' },
    { code: 'VRK', description: 'Verkoop' },
  ],
  costCentres: [
    { code: 'ALG', description: 'Algemeen' },
    { code: 'OUD', description: 'Vervallen', blocked: true },
  ],
  relations: [
    { relationNumber: '100001', name: 'Bakkerij Van Dam' },
    { relationNumber: '42', name: 'Kleine klant' },
  ],
  articles: [{ code: 'KOFFIE-1KG', description: 'Koffiebonen 1 kg' }],
};
const NEVER_SYNCED: Lists = {
  ledgerAccounts: [],
  journals: [],
  costCentres: [],
  relations: [],
  articles: [],
};

class FakeMirror {
  reads = 0;
  /** Lists whose first full sync has not finished (no completeness marker yet). */
  constructor(
    public lists: Lists,
    public incomplete: ReadonlySet<keyof Lists> = new Set(),
  ) {}
  async readList<K extends keyof Lists>(_administration: string, kind: K): Promise<MirrorList<K>> {
    this.reads += 1;
    return { rows: this.lists[kind] as MirrorSnapshot[K], complete: !this.incomplete.has(kind) };
  }
}

function event<T extends EventType>(type: T, externalId: string, data: unknown): NormalizedEvent {
  return createEvent({
    tenant: TENANT,
    administration: 'DEMO',
    type,
    occurredAt: NOW.toISOString(),
    source: { connector: 'partner-api', externalId },
    data: data as never,
  });
}

const line = (ledgerAccount: string, amountCents: number, extra: Record<string, unknown> = {}) => ({
  ledgerAccount,
  amountCents,
  ...extra,
});
const entry = (data: Record<string, unknown> = {}, lines = [line('4000', 1_000), line('1900', -1_000)]) =>
  event('journal-entry.book', `je-${JSON.stringify({ data, lines }).length}`, {
    journal: 'MEM',
    date: '2026-03-31',
    description: 'Memo',
    lines,
    ...data,
  });
const relation = (data: Record<string, unknown> = {}) =>
  event('relation.upsert', 'rel-1', { name: 'Bakkerij De Korenaar', roles: ['customer'], ...data });
const article = (data: Record<string, unknown> = {}) =>
  event('article.upsert', 'art-1', { code: 'THEE-100G', description: 'Thee 100 g', ...data });
const order = (data: Record<string, unknown> = {}, articleCode = 'KOFFIE-1KG') =>
  event('sales-order.create', 'order-1', {
    externalOrderNumber: 'WEB-1',
    orderDate: '2026-03-30',
    customer: { relationNumber: '100001' },
    lines: [{ articleCode, quantity: 2, unitPriceCents: 1_895 }],
    ...data,
  });

function api(options: { lists?: Lists; settings?: CashAdapterSettingsInput } = {}) {
  const mirror = new FakeMirror(options.lists ?? SYNCED);
  const admission = new EventAdmission({
    settings: () => cashAdapterSettings(options.settings ?? {}),
    mirror: new MirrorLookup(mirror),
  });
  const key = keyRecord({
    eventTypes: ['journal-entry.book', 'relation.upsert', 'article.upsert', 'sales-order.create'],
  });
  return { ...testApi({ admission }, key), mirror };
}

describe('EventAdmission: what CASH would certainly refuse is answered 400 at POST /v1/events', () => {
  it.each([
    [
      'a description longer than rubriek 0306 (L25)',
      entry({ description: 'Afschrijving inventaris maart' }),
      'data.description',
      'too-long',
    ],
    [
      'a line text longer than rubriek 0306',
      entry({}, [line('4000', 1_000, { text: 'x'.repeat(26) }), line('1900', -1_000)]),
      'data.lines.0.text',
      'too-long',
    ],
    [
      'an amount with more digits than rubriek 0307 (I12,2)',
      entry({}, [line('4000', 100_000_000_000_000), line('1900', -100_000_000_000_000)]),
      'data.lines.0.amountCents',
      'too-long',
    ],
    [
      'a due date before the invoice date',
      entry({}, [
        line('1300', 1_000, { relationNumber: '100001', invoiceNumber: '7', dueDate: '2026-03-01' }),
        line('8000', -1_000),
      ]),
      'data.lines.0.dueDate',
      'bad-date',
    ],
    [
      'a ledger account CASH does not have',
      entry({}, [line('4000', 1_000), line('0210', -1_000)]),
      'data.lines.1.ledgerAccount',
      'unknown-ledger-account',
    ],
    ['a journal CASH does not have', entry({ journal: 'XYZ' }), 'data.journal', 'unknown-journal'],
    [
      'a cost centre CASH does not have',
      entry({}, [line('4000', 1_000, { costCentre: 'ZZZ' }), line('1900', -1_000)]),
      'data.lines.0.costCentre',
      'unknown-cost-centre',
    ],
    [
      'a blocked cost centre',
      entry({}, [line('4000', 1_000, { costCentre: 'OUD' }), line('1900', -1_000)]),
      'data.lines.0.costCentre',
      'blocked-cost-centre',
    ],
    [
      'a relation number CASH does not have',
      entry({}, [line('4000', 1_000, { relationNumber: '999999' }), line('1900', -1_000)]),
      'data.lines.0.relationNumber',
      'unknown-relation',
    ],
    [
      'a relation whose street and house number exceed rubriek 0105 (L35)',
      relation({ address: { street: 'Burgemeester van Roosmalen-Vermeulenstraat', houseNumber: '112' } }),
      'data.address.street',
      'too-long',
    ],
    [
      'a relation with a default ledger account CASH does not have',
      relation({ defaultLedgerAccount: '0210' }),
      'data.defaultLedgerAccount',
      'unknown-ledger-account',
    ],
    [
      'an article of a supplier CASH does not have',
      article({ supplierNumber: '424242' }),
      'data.supplierNumber',
      'unknown-relation',
    ],
    [
      'an order of a customer CASH does not have',
      order({ customer: { relationNumber: '424242' } }),
      'data.customer.relationNumber',
      'unknown-relation',
    ],
    [
      'an order line of an article CASH does not have',
      order({}, 'THEE-100G'),
      'data.lines.0.articleCode',
      'unknown-article',
    ],
    [
      'a booking date CASH cannot carry in JJMMDD (before 2000)',
      entry({ date: '1999-12-31' }),
      'data.date',
      'bad-date',
    ],
    [
      'an order delivery date after 2099',
      order({ deliveryDate: '2100-01-04' }),
      'data.deliveryDate',
      'bad-date',
    ],
    [
      'a relationRef naming no relation.upsert ever sent',
      entry({}, [
        line('1300', 1_000, { relationRef: 'customer-404', invoiceNumber: '7' }),
        line('8000', -1_000),
      ]),
      'data.lines.0.relationRef',
      'unknown-relation-ref',
    ],
    [
      'an order for a relationRef naming no relation.upsert ever sent',
      order({ customer: { relationRef: 'customer-404' } }),
      'data.customer.relationRef',
      'unknown-relation-ref',
    ],
  ])('%s', async (_name, input, path, rule) => {
    // Prepare
    const { api: partnerApi, documents } = api();
    // Act
    const response = await partnerApi.handle(request('POST', '/v1/events', { events: [input] }));
    // Assess
    expect(response.statusCode).toBe(400);
    const errors = parse(response.body).errors ?? [];
    expect(errors).toContainEqual(expect.objectContaining({ index: 0, path, rule }));
    expect(errors.every((e) => typeof e.message === 'string' && e.message.length > 0)).toBe(true);
    expect(documents.published).toEqual([]);
  });

  it('quotes an over-long value cut short', async () => {
    // Prepare
    const { api: partnerApi } = api();
    const long = 'Afschrijving '.repeat(15).trim();
    // Act
    const response = await partnerApi.handle(request('POST', '/v1/events', entry({ description: long })));
    // Assess
    const [error] = parse(response.body).errors ?? [];
    expect(String(error?.value).length).toBeLessThanOrEqual(81);
    expect(String(error?.value)).toMatch(/…$/);
  });

  it('refuses the whole request when one event would be refused, naming only that one', async () => {
    // Prepare
    const { api: partnerApi, documents } = api();
    const good = entry();
    const bad = entry({ journal: 'XYZ' });
    // Act
    const response = await partnerApi.handle(request('POST', '/v1/events', [good, bad]));
    // Assess
    expect(response.statusCode).toBe(400);
    expect((parse(response.body).errors ?? []).map((e) => e.index)).toEqual([1]);
    expect(documents.published).toEqual([]);
  });
});

describe('EventAdmission: what the writer can book is accepted with 202', () => {
  it.each([
    ['a plain memo', {}, SYNCED, [entry()]],
    [
      'a long description with descriptionOverflow truncate',
      { descriptionOverflow: 'truncate' as const },
      SYNCED,
      [entry({ description: 'Afschrijving inventaris maart' })],
    ],
    [
      'an unknown ledger account while the mirror was never synced',
      {},
      NEVER_SYNCED,
      [entry({}, [line('4000', 1_000), line('0210', -1_000)])],
    ],
    [
      'a relation number brought along in the same request',
      {},
      SYNCED,
      [
        relation({ relationNumber: '100777' }),
        entry({}, [line('4000', 1_000, { relationNumber: '100777' }), line('1900', -1_000)]),
      ],
    ],
    ['an article brought along in the same request', {}, SYNCED, [article(), order({}, 'THEE-100G')]],
    [
      'a relationRef to a relation.upsert in the same request',
      {},
      SYNCED,
      [relation(), order({ customer: { relationRef: 'rel-1' } })],
    ],
    [
      'a relation padded with zeros as CASH exports it',
      {},
      SYNCED,
      [order({ customer: { relationNumber: '000042' } })],
    ],
  ])('%s', async (_name, settings, lists, events) => {
    // Prepare
    const { api: partnerApi, documents } = api({ settings, lists });
    // Act
    const response = await partnerApi.handle(request('POST', '/v1/events', { events }));
    // Assess
    expect(response.statusCode, response.body).toBe(202);
    expect(documents.published).toHaveLength(events.length);
  });

  it('accepts when the mirror cannot be read, and says so', async () => {
    // Prepare
    const errors: unknown[] = [];
    const admission = new EventAdmission({
      settings: () => cashAdapterSettings(),
      mirror: new MirrorLookup({
        readList: () => Promise.reject(new Error('DynamoDB unavailable')),
      }),
      onMirrorError: (error) => errors.push(error),
    });
    const { api: partnerApi } = testApi({ admission });
    // Act
    const response = await partnerApi.handle(
      request('POST', '/v1/events', entry({}, [line('4000', 1_000), line('0210', -1_000)])),
    );
    // Assess
    expect(response.statusCode, response.body).toBe(202);
    // One per list the event needed: journals and ledger accounts.
    expect(errors).toHaveLength(2);
  });

  it('accepts a relationRef to a relation.upsert sent before and still on its way', async () => {
    // Prepare
    const { api: partnerApi, documents } = api();
    documents.put(relation(), 'queued');
    const input = order({ customer: { relationRef: 'rel-1' } });
    // Act
    const response = await partnerApi.handle(request('POST', '/v1/events', input));
    // Assess
    expect(response.statusCode, response.body).toBe(202);
  });

  it('answers a resend of a booked event from its record, without asking the door again', async () => {
    // Prepare
    const { api: partnerApi, documents, mirror } = api();
    const booked = entry({}, [line('4000', 1_000), line('0210', -1_000)]);
    documents.put(booked, 'booked');
    // Act
    const response = await partnerApi.handle(request('POST', '/v1/events', booked));
    // Assess
    expect(response.statusCode).toBe(200);
    expect(mirror.reads).toBe(0);
  });
});

describe('MirrorLookup', () => {
  it('reads a list once while it is fresh and finds what is in it', async () => {
    // Prepare
    const mirror = new FakeMirror(SYNCED);
    const lookup = new MirrorLookup(mirror, { clock: () => 0 });
    // Act
    await lookup.find('DEMO', 'journals', ['MEM']);
    const found = await lookup.find('DEMO', 'journals', ['VRK']);
    // Assess
    expect(mirror.reads).toBe(1);
    expect(found?.get('VRK')).toMatchObject({ code: 'VRK' });
  });

  it('reads the list again before it calls a code unknown, so a relation booked a moment ago is found', async () => {
    // Prepare
    let now = 0;
    const mirror = new FakeMirror({ ...SYNCED });
    const lookup = new MirrorLookup(mirror, { clock: () => now, recheckAfterMs: 1_000 });
    await lookup.find('DEMO', 'relations', ['100001']);
    mirror.lists = {
      ...SYNCED,
      relations: [...SYNCED.relations, { relationNumber: '100002', name: 'Nieuw' }],
    };
    now = 5_000;
    // Act
    const found = await lookup.find('DEMO', 'relations', ['100002', '100003']);
    // Assess
    expect(mirror.reads).toBe(2);
    expect(found?.get('100002')).toMatchObject({ name: 'Nieuw' });
    expect(found?.get('100003')).toBeNull();
  });

  it('says nothing (undefined) about a list the mirror does not hold yet', async () => {
    // Prepare
    const lookup = new MirrorLookup(new FakeMirror(NEVER_SYNCED));
    // Act & Assess
    expect(await lookup.find('DEMO', 'ledgerAccounts', ['0210'])).toBeUndefined();
  });

  it('says nothing about a list whose first sync is still being written, however many rows it has', async () => {
    // Prepare: the first 25 accounts have landed, the rest (and the marker) not yet
    const partial = { ...SYNCED, ledgerAccounts: SYNCED.ledgerAccounts.slice(0, 1) };
    const mirror = new FakeMirror(partial, new Set(['ledgerAccounts']));
    const lookup = new MirrorLookup(mirror, { clock: () => 0 });
    // Act
    const found = await lookup.find('DEMO', 'ledgerAccounts', [SYNCED.ledgerAccounts.at(-1)?.account ?? '']);
    // Assess
    expect(found).toBeUndefined();
  });
});
