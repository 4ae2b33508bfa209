import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../../events/index.ts';
import { LocalRateLimiter } from '../../../lib/cash/rate-limit/index.ts';
import { CashRestClient } from '../../../lib/cash/rest/cash-rest-client.ts';
import { CashSimulator } from '../../../lib/cash/simulator/index.ts';
import { MirrorStore, syncMirror } from '../../../lib/mirror/index.ts';
import { type TestResources, testCashWriter, testResources } from '../helpers.ts';

let sim: CashSimulator;
let res: TestResources;
let client: CashRestClient;
let store: MirrorStore;

beforeAll(async () => {
  res = await testResources();
  sim = new CashSimulator({ apiKeys: { k: ['DEMO'] }, rateLimitPerMinute: 0 });
  client = new CashRestClient({
    baseUrl: await sim.start(),
    apiKey: 'k',
    rateLimiter: new LocalRateLimiter({ limit: 10_000 }),
  });
  store = new MirrorStore(res.clients.documents, res.mirrorTable);
});

afterAll(async () => {
  await sim?.stop();
});

const exporter = (record: string, params?: string) =>
  client.exportRows('DEMO', record, params ? [params] : []);

describe('CASH mirror', () => {
  it('takes a snapshot of relations, ledger, journals, cost centres, articles and open items', async () => {
    // Act
    const result = await syncMirror('DEMO', exporter, store);
    const mirror = await store.readAll('DEMO');
    // Assess
    expect(result.errors).toEqual([]);
    expect(mirror.relations.length).toBe(sim.relations('DEMO').length);
    expect(mirror.ledgerAccounts.map((l) => l.account)).toContain('1300');
    expect(mirror.journals.map((j) => j.code)).toEqual(expect.arrayContaining(['VRK', 'INK', 'MEM']));
    expect(mirror.costCentres.length).toBeGreaterThan(0);
    expect(mirror.articles.length).toBe(sim.articles('DEMO').length);
    expect(mirror.openItems.length).toBe(sim.openItems('DEMO').length);
    expect(
      mirror.openItems.every((o) => Number.isInteger(o.outstandingCents) && o.outstandingCents !== 0),
    ).toBe(true);
    const withIban = mirror.relations.find((r) => r.iban);
    expect(withIban?.iban).toMatch(/^[A-Z]{2}\d{2}/);
  });

  it("marks a list complete only after a full sync, not for the writer's upserts alone", async () => {
    // Prepare: an administration never synced, where the writer has added one relation
    const fresh = new MirrorStore(res.clients.documents, res.mirrorTable);
    await fresh.upsert('NEVER', 'relations', [{ relationNumber: '100001', name: 'Een B.V.' }]);
    // Act
    const before = await fresh.readList('NEVER', 'relations');
    await fresh.replace('NEVER', 'relations', [{ relationNumber: '100002', name: 'Twee B.V.' }], 'now');
    const after = await fresh.readList('NEVER', 'relations');
    // Assess: the marker is no row, survives the replace's deletes, and says the list is whole
    expect(before).toEqual({
      rows: [expect.objectContaining({ relationNumber: '100001' })],
      complete: false,
    });
    expect(after).toEqual({ rows: [expect.objectContaining({ relationNumber: '100002' })], complete: true });
  });

  it('drops rows CASH no longer has on the next sync', async () => {
    await syncMirror('DEMO', exporter, store);
    await store.upsert('DEMO', 'relations', [{ relationNumber: '999999', name: 'Gone B.V.' }]);
    await syncMirror('DEMO', exporter, store, ['relations']);
    const relations = await store.read('DEMO', 'relations');
    expect(relations.some((r) => r.relationNumber === '999999')).toBe(false);
  });

  it('is refreshed after the writer books a new relation and an invoice on it', async () => {
    // Prepare
    const writer = testCashWriter(res, {
      connections: { DEMO: { baseUrl: sim.baseUrl as string, apiKey: 'k' } },
      minRemainingMs: 0,
    });
    const relation = createEvent({
      tenant: 'acme',
      administration: 'DEMO',
      type: 'relation.upsert',
      source: { connector: 'webshop', externalId: 'customer-77' },
      data: { name: 'Klant Zevenenzeventig', roles: ['customer'], iban: 'NL02RABO0123456789' },
    });
    const invoice = createEvent({
      tenant: 'acme',
      administration: 'DEMO',
      type: 'journal-entry.book',
      source: { connector: 'webshop', externalId: 'order-77' },
      data: {
        journal: 'VRK',
        date: '2026-05-01',
        description: 'Order 77',
        lines: [
          { ledgerAccount: '1300', amountCents: 24_200, relationRef: 'customer-77', invoiceNumber: '770077' },
          { ledgerAccount: '8000', amountCents: -20_000 },
          { ledgerAccount: '1510', amountCents: -4_200 },
        ],
      },
    });
    // Act
    const outcomes = await writer.write([relation, invoice]);
    // Assess
    expect(outcomes.map((o) => o.outcome)).toEqual(['booked', 'booked']);
    const relations = await store.read('DEMO', 'relations');
    const created = relations.find((r) => r.name === 'Klant Zevenenzeventig');
    expect(created?.iban).toBe('NL02RABO0123456789');
    const openItems = await store.read('DEMO', 'openItems');
    expect(openItems.some((o) => o.invoiceNumber === '770077' && o.outstandingCents === 24_200)).toBe(true);
  });
});
