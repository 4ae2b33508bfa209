import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, type NormalizedEvent } from '../../../events/index.ts';
import { CashSimulator } from '../../../lib/cash/simulator/index.ts';
import { DocumentStore } from '../../../lib/documents/index.ts';
import type { CashWriter } from '../../../lib/writer/index.ts';
import { type TestResources, testCashWriter, testResources } from '../helpers.ts';

const KEY = 'writer-test-key';
let sim: CashSimulator;
let res: TestResources;
let writer: CashWriter;
let documents: DocumentStore;

function booking(
  externalId: string,
  amountCents: number,
  overrides: Partial<{ ledger: string; date: string }> = {},
) {
  return createEvent({
    tenant: 'acme',
    administration: 'DEMO',
    type: 'journal-entry.book',
    source: { connector: 'partner-api', externalId },
    data: {
      journal: 'MEM',
      date: overrides.date ?? '2026-03-31',
      description: `Memo ${externalId}`.slice(0, 25),
      lines: [
        { ledgerAccount: overrides.ledger ?? '4000', amountCents },
        { ledgerAccount: '1900', amountCents: -amountCents },
      ],
    },
  });
}

function boekstukken() {
  return sim.state('DEMO').boekstukken;
}

beforeAll(async () => {
  res = await testResources();
  sim = new CashSimulator({ apiKeys: { [KEY]: ['DEMO'] }, rateLimitPerMinute: 0 });
  const baseUrl = await sim.start();
  writer = testCashWriter(res, {
    connections: { DEMO: { baseUrl, apiKey: KEY, timeoutMs: 2_000, pollIntervalMs: 10 } },
    leaseMs: 500,
    minRemainingMs: 0,
  });
  documents = new DocumentStore(res.clients.documents, res.documentsTable);
});

afterAll(async () => {
  await sim?.stop();
});

describe('CASH writer against the simulator and DynamoDB', () => {
  it('books a batch of entries in one import and records their boekstuk numbers', async () => {
    // Prepare
    const before = boekstukken().length;
    const importsBefore = sim.stats().imports.committed;
    const events = [booking('a-1', 12_100), booking('a-2', 5_000), booking('a-3', 99)];
    // Act
    const outcomes = await writer.write(events);
    // Assess
    expect(outcomes.map((o) => o.outcome)).toEqual(['booked', 'booked', 'booked']);
    expect(boekstukken().length).toBe(before + 3);
    expect(sim.stats().imports.committed).toBe(importsBefore + 1);
    const doc = await documents.get(events[0]?.id as string);
    expect(doc?.status).toBe('booked');
    expect(doc?.cash?.entryNumber).toBeGreaterThan(0);
    expect(doc?.history.map((h) => h.status)).toContain('sending');
  });

  it('treats a redelivered event as a duplicate and books nothing twice', async () => {
    const event = booking('dup-1', 777);
    await writer.write([event]);
    const count = boekstukken().length;
    const again = await writer.write([event, event]);
    expect(again).toEqual([{ id: event.id, outcome: 'duplicate' }]);
    expect(boekstukken().length).toBe(count);
  });

  it('isolates a record CASH rejects and still books the rest of the import', async () => {
    // Prepare
    const good = [booking('iso-1', 100), booking('iso-2', 200)];
    const bad = booking('iso-bad', 300, { ledger: '8888' });
    const before = boekstukken().length;
    // Act
    const outcomes = await writer.write([good[0], bad, good[1]]);
    // Assess
    const byId = new Map(outcomes.map((o) => [o.id, o]));
    expect(byId.get(bad.id)?.outcome).toBe('rejected');
    expect(byId.get(good[0]?.id as string)?.outcome).toBe('booked');
    expect(byId.get(good[1]?.id as string)?.outcome).toBe('booked');
    expect(boekstukken().length).toBe(before + 2);
    const doc = await documents.get(bad.id);
    expect(doc?.status).toBe('rejected');
    expect(doc?.errors?.[0]).toMatchObject({ source: 'cash', rubriek: '0201', value: '8888' });
  });

  it('after a timeout that committed, finds the booking in CASH instead of booking it again', async () => {
    // Prepare
    const event = booking('timeout-1', 4_242);
    const before = boekstukken().length;
    sim.injectNext({ kind: 'timeout-after-commit' });
    // Act
    const first = await writer.write([event]);
    await new Promise((r) => setTimeout(r, 600)); // the claim's lease runs out, as after a Lambda crash
    const second = await writer.write([event]);
    // Assess
    expect(first[0]?.outcome).toBe('retry');
    expect(second[0]?.outcome).toBe('booked');
    expect(boekstukken().length).toBe(before + 1);
    const doc = await documents.get(event.id);
    expect(doc?.history.some((h) => h.note?.includes('found in CASH'))).toBe(true);
  });

  it('assigns a number to a new relation and uses it for the invoice that refers to it', async () => {
    // Prepare
    const relation = createEvent({
      tenant: 'acme',
      administration: 'DEMO',
      type: 'relation.upsert',
      source: { connector: 'invoice-mailbox', externalId: 'supplier:NL999999999B01' },
      data: {
        name: 'Nieuwe Leverancier B.V.',
        roles: ['supplier'],
        vatId: 'NL999999999B01',
        iban: 'NL91ABNA0417164300',
      },
    });
    const invoice = createEvent({
      tenant: 'acme',
      administration: 'DEMO',
      type: 'journal-entry.book',
      source: { connector: 'invoice-mailbox', externalId: 'purchase:NL999999999B01:INV-2026-000123' },
      data: {
        journal: 'INK',
        date: '2026-04-02',
        description: 'Fact INV-2026-000123',
        lines: [
          {
            ledgerAccount: '1600',
            amountCents: -12_100,
            relationRef: 'supplier:NL999999999B01',
            invoiceNumber: 'INV-2026-000123',
            dueDate: '2026-05-02',
          },
          { ledgerAccount: '4000', amountCents: 10_000 },
          { ledgerAccount: '1500', amountCents: 2_100 },
        ],
      },
    });
    // Act
    const outcomes = await writer.write([invoice, relation]);
    // Assess
    expect(outcomes.every((o) => o.outcome === 'booked')).toBe(true);
    const relationDoc = await documents.get(relation.id);
    const number = relationDoc?.cash?.relationNumber as string;
    expect(number).toMatch(/^\d+$/);
    const state = sim.state('DEMO');
    expect(state.relations.some((r) => Number(r.number) === Number(number))).toBe(true);
    expect(
      state.openItems.some(
        (o) => Number(o.relationNumber) === Number(number) && o.outstandingCents === -12_100,
      ),
    ).toBe(true);
  });

  it('rejects an invalid event with the field and rule, keeping a document for it', async () => {
    const event = booking('invalid-1', 100) as NormalizedEvent & { data: { lines: unknown[] } };
    const broken = {
      ...event,
      data: {
        ...event.data,
        lines: [
          { ledgerAccount: '4000', amountCents: 100 },
          { ledgerAccount: '1900', amountCents: -99 },
        ],
      },
    };
    const [outcome] = await writer.write([broken]);
    expect(outcome?.outcome).toBe('rejected');
    const doc = await documents.get(event.id);
    expect(doc?.errors?.[0]).toMatchObject({ source: 'validation', path: 'data.lines', rule: 'balanced' });
  });
});
