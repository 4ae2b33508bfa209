import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mirrorLedgerBalances } from '../../../lib/app-api/business/index.ts';
import { LocalRateLimiter } from '../../../lib/cash/rate-limit/index.ts';
import { CashRestClient } from '../../../lib/cash/rest/cash-rest-client.ts';
import { parseExportRows } from '../../../lib/cash/serialize/index.ts';
import { CashSimulator } from '../../../lib/cash/simulator/index.ts';
import { MirrorStore, syncMirror } from '../../../lib/mirror/index.ts';
import { type TestResources, testResources } from '../helpers.ts';

let sim: CashSimulator;
let res: TestResources;
let client: CashRestClient;
let store: MirrorStore;
const requests: Array<{ record: string; params?: string }> = [];

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

const exporter = (record: string, params?: string) => {
  requests.push({ record, ...(params ? { params } : {}) });
  return client.exportRows('DEMO', record, params ? [params] : []);
};

const NOW = new Date('2026-12-02T06:00:00Z');

/** What the simulator booked, summed per account and period the way an accountant would. */
function expectedBalances() {
  const sums = new Map<string, { debit: number; credit: number }>();
  for (const b of sim.state('DEMO').boekstukken)
    for (const line of b.lines) {
      const key = `${line.ledgerAccount}#${line.date.year}-${String(line.period).padStart(2, '0')}`;
      const sum = sums.get(key) ?? { debit: 0, credit: 0 };
      if (line.amountCents >= 0) sum.debit += line.amountCents;
      else sum.credit -= line.amountCents;
      sums.set(key, sum);
    }
  return sums;
}

describe('CASH mirror: ledger balances', () => {
  it("sums CASH's mutation lines per account and period, exactly, in bounded period slices", async () => {
    // Prepare
    requests.length = 0;

    // Act
    const result = await syncMirror('DEMO', exporter, store, ['ledgerBalances'], NOW);
    const list = await store.readList('DEMO', 'ledgerBalances');

    // Assess: one request per half year of periods over 2025-00…2026-13, and every balance right to the cent
    expect(result.errors).toEqual([]);
    expect(requests).toEqual([
      { record: '0301T', params: '2500|2506' },
      { record: '0301T', params: '2507|2513' },
      { record: '0301T', params: '2600|2606' },
      { record: '0301T', params: '2607|2613' },
    ]);
    expect(list.complete).toBe(true);
    const expected = expectedBalances();
    expect(list.rows.length).toBe(expected.size);
    expect(list.rows.length).toBeGreaterThan(0);
    for (const row of list.rows) {
      const sum = expected.get(`${row.account}#${row.period}`);
      expect(row).toMatchObject({
        debitCents: sum?.debit,
        creditCents: sum?.credit,
        balanceCents: (sum?.debit ?? 0) - (sum?.credit ?? 0),
      });
    }
    // The demo's bookings balance, so the balances of all accounts add up to zero.
    expect(list.rows.reduce((n, r) => n + r.balanceCents, 0)).toBe(0);
  });

  it('gives the business status its balances only after a full sync', async () => {
    // Prepare
    const source = mirrorLedgerBalances(store);

    // Act
    const never = await source('NEVER');
    const demo = await source('DEMO');

    // Assess
    expect(never).toBeUndefined();
    const kas = demo?.filter((b) => b.account === '1000' && b.year === 2026) ?? [];
    const expected = [...expectedBalances()]
      .filter(([key]) => key.startsWith('1000#2026-'))
      .reduce((n, [, s]) => n + s.debit - s.credit, 0);
    expect(kas.reduce((n, b) => n + b.movementCents, 0)).toBe(expected);
  });

  it('replaces only the balances of the synced period range', async () => {
    // Prepare: a balance of 2024, outside the default range, and one of 2026 CASH does not have
    await store.upsert('DEMO', 'ledgerBalances', [
      { account: '1100', period: '2024-05', debitCents: 1, creditCents: 0, balanceCents: 1, lines: 1 },
      { account: '1100', period: '2026-07', debitCents: 0, creditCents: 7, balanceCents: -7, lines: 1 },
    ]);

    // Act
    const result = await syncMirror('DEMO', exporter, store, ['ledgerBalances'], NOW);
    const rows = await store.read('DEMO', 'ledgerBalances');

    // Assess
    expect(result.counts.ledgerBalances?.deleted).toBe(1);
    expect(rows.some((r) => r.period === '2024-05')).toBe(true);
    expect(rows.some((r) => r.period === '2026-07' && r.balanceCents === -7)).toBe(false);
  });

  it('keeps the previous balances and names the line when CASH sends one it cannot read', async () => {
    // Prepare
    const before = await store.read('DEMO', 'ledgerBalances');
    const broken = async (record: string, params?: string) => [
      ...(await exporter(record, params)),
      ...parseExportRows({ R0301: [{ F0901: 'MEM', F0201: '4000', F0310: '2603', F0307: '12,345' }] }),
    ];

    // Act
    const result = await syncMirror('DEMO', broken, store, ['ledgerBalances'], NOW);

    // Assess
    expect(result.errors).toEqual([
      { kind: 'ledgerBalances', message: expect.stringMatching(/F0307 .* "12,345"/) },
    ]);
    expect(await store.read('DEMO', 'ledgerBalances')).toEqual(before);
  });

  it('refuses a period range it cannot use, naming the field, without asking CASH', async () => {
    // Prepare
    requests.length = 0;

    // Act
    const result = await syncMirror('DEMO', exporter, store, ['ledgerBalances'], NOW, {
      ledgerBalances: { from: '2026-20' },
    });

    // Assess
    expect(result.errors[0]?.message).toMatch(/^from: must be YYYY-PP .*"2026-20"/);
    expect(requests).toEqual([]);
  });
});
