import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../../events/index.ts';
import {
  CashAuthError,
  CashRestClient,
  cashAdapterSettings,
  LocalRateLimiter,
  mapEvent,
  RestCashTarget,
  shortReference,
  toImportRequest,
} from '../../../lib/cash/index.ts';
import { CashSimulator } from '../../../lib/cash/simulator/index.ts';
import { base } from './fixtures.ts';

describe('CashRestClient against the CASH simulator', () => {
  const simulator = new CashSimulator({ apiKeys: { k: ['DEMO'] }, processing: 'async' });
  let baseUrl: string;
  const client = () =>
    new CashRestClient({
      baseUrl,
      apiKey: 'k',
      rateLimiter: new LocalRateLimiter(),
      timeoutMs: 5_000,
      pollIntervalMs: 1,
      maxPolls: 5,
    });

  beforeAll(async () => {
    baseUrl = await simulator.start();
  });

  afterAll(async () => {
    await simulator.stop();
  });

  it('books a mapped sales invoice, then finds it for exactly-once recovery', async () => {
    // Prepare
    const cash = client();
    const settings = cashAdapterSettings();
    const entryNumber = await cash.nextEntryNumber('DEMO', 2026, 'VRK');
    const event = createEvent({
      ...base,
      type: 'journal-entry.book',
      source: { connector: 'invoice-mailbox', externalId: 'INV-2026-900001' },
      data: {
        journal: 'VRK',
        date: '2026-03-31',
        description: 'Factuur INV-2026-900001',
        lines: [
          {
            ledgerAccount: '1300',
            amountCents: 12_100,
            relationNumber: '100001',
            invoiceNumber: 'INV-2026-900001',
            dueDate: '2026-04-30',
          },
          { ledgerAccount: '8000', amountCents: -10_000, vatCode: '2' },
          { ledgerAccount: '1510', amountCents: -2_100, vatCode: '2', vatBaseCents: -10_000 },
        ],
      },
    });
    const mapped = mapEvent(event, { settings, entryNumber, reference: shortReference(event.id) });
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.issues));
    // Act
    const outcome = await new RestCashTarget(cash, settings).submit('DEMO', mapped.records, 'b1');
    const found = await cash.findJournalEntry('DEMO', { journal: 'VRK', entryNumber, date: '2026-03-31' });
    // Assess
    expect(outcome.status).toBe('success');
    expect(found?.map((row) => row.named.amount)).toEqual([12_100, -10_000, -2_100]);
    expect(found?.[0]?.named).toMatchObject({
      relationNumber: '100001',
      reference: shortReference(event.id),
    });
    expect(await cash.nextEntryNumber('DEMO', 2026, 'VRK')).toBe(entryNumber + 1);
  });

  it('returns CASH’s own errors for a rejected import', async () => {
    // Prepare
    const cash = client();
    const records = [
      {
        record: '0301',
        fields: {
          '0901': 'MEM',
          '0302': '260331',
          '0303': '1',
          '0201': '7777',
          '0307': '1,00',
          '0310': '2603',
        },
      },
      {
        record: '0301',
        fields: {
          '0901': 'MEM',
          '0302': '260331',
          '0303': '1',
          '0201': '8000',
          '0307': '-1,00',
          '0310': '2603',
        },
      },
    ];
    // Act
    const outcome = await cash.import('DEMO', toImportRequest('DEMO', records, cashAdapterSettings()));
    // Assess
    expect(outcome.status).toBe('rejected');
    expect(outcome.status === 'rejected' && outcome.errors).toContainEqual(
      expect.objectContaining({ rubriek: '0201', value: '7777' }),
    );
  });

  it('refuses a wrong API key with CashAuthError', async () => {
    // Prepare
    const cash = new CashRestClient({
      baseUrl,
      apiKey: 'wrong',
      rateLimiter: new LocalRateLimiter(),
      timeoutMs: 5_000,
    });
    // Act
    const attempt = cash.administrations();
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(CashAuthError);
  });

  it('with vatLines implied, CASH deriving VAT from the code books the same net and VAT amounts', async () => {
    // Prepare
    const deriving = new CashSimulator({ apiKeys: { k: ['DEMO'] }, vatFromCode: true });
    const url = await deriving.start();
    try {
      const cash = new CashRestClient({
        baseUrl: url,
        apiKey: 'k',
        rateLimiter: new LocalRateLimiter(),
        timeoutMs: 5_000,
      });
      const settings = cashAdapterSettings({ vatLines: 'implied' });
      const entryNumber = await cash.nextEntryNumber('DEMO', 2026, 'VRK');
      const event = createEvent({
        ...base,
        type: 'journal-entry.book',
        source: { connector: 'invoice-mailbox', externalId: 'INV-2026-900002' },
        data: {
          journal: 'VRK',
          date: '2026-03-31',
          description: 'Factuur INV-2026-900002',
          lines: [
            { ledgerAccount: '1300', amountCents: 12_100, relationNumber: '100001', invoiceNumber: '900002' },
            { ledgerAccount: '8000', amountCents: -10_000, vatCode: '2' },
            { ledgerAccount: '1510', amountCents: -2_100, vatCode: '2', vatBaseCents: -10_000 },
          ],
        },
      });
      const mapped = mapEvent(event, { settings, entryNumber });
      if (!mapped.ok) throw new Error(JSON.stringify(mapped.issues));
      // Act
      const outcome = await new RestCashTarget(cash, settings).submit('DEMO', mapped.records, 'b2');
      const found = await cash.findJournalEntry('DEMO', { journal: 'VRK', entryNumber, date: '2026-03-31' });
      // Assess
      expect(mapped.records).toHaveLength(2);
      expect(outcome.status).toBe('success');
      const byAccount = Object.fromEntries(
        (found ?? []).map((row) => [row.named.ledgerAccount, row.named.amount]),
      );
      expect(byAccount).toEqual({ '1300': 12_100, '8000': -10_000, '1510': -2_100 });
    } finally {
      await deriving.stop();
    }
  });
});
