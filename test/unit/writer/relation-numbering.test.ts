import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, type NormalizedEvent } from '../../../events/index.ts';
import { LocalRateLimiter } from '../../../lib/cash/rate-limit/index.ts';
import { createDemoAdministration } from '../../../lib/cash/simulator/demo-administration.ts';
import { CashSimulator } from '../../../lib/cash/simulator/index.ts';
import { DocumentStore } from '../../../lib/documents/index.ts';
import { ensureTable, idempotencyTable, pkSkTable } from '../../../lib/local/provision.ts';
import {
  type CashConnection,
  CashXmlOutboxPort,
  createCashWriter,
  type EventOutcome,
  firstFreeRelationNumber,
  RelationNumbering,
  type RelationNumberingInput,
  relationRangeFor,
  scopeKey,
} from '../../../lib/writer/index.ts';
import { type LocalDynamo, startDynalite } from '../cash/dynalite.ts';

const KEY = 'numbering-test-key';
const ADM = 'DEMO';
const RANGES: RelationNumberingInput = {
  customer: { from: 10_000, to: 19_999 },
  supplier: { from: 70_000, to: 79_999 },
};

let dynamo: LocalDynamo;
let tableCount = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo?.stop();
});

/** A simulator whose DEMO administration also holds these relation numbers (booked by hand, say). */
async function cashWith(extraRelations: number[] = []): Promise<CashSimulator> {
  const administration = createDemoAdministration(ADM);
  for (const n of extraRelations)
    administration.relations.push({ number: String(n), fields: { '0103': `Handmatig ${n}` } });
  const sim = new CashSimulator({
    apiKeys: { [KEY]: [ADM] },
    administrations: [administration],
    rateLimitPerMinute: 0,
  });
  await sim.start();
  return sim;
}

/** A writer on fresh tables (fresh counters), against `sim`, with or without ranges for DEMO. */
async function writerFor(sim: CashSimulator, numbering?: RelationNumberingInput) {
  tableCount += 1;
  const names = {
    documentsTable: `documents-${tableCount}`,
    idempotencyTable: `idempotency-${tableCount}`,
    mirrorTable: `mirror-${tableCount}`,
  };
  await ensureTable(dynamo.raw, pkSkTable(names.documentsTable));
  await ensureTable(dynamo.raw, idempotencyTable(names.idempotencyTable));
  await ensureTable(dynamo.raw, pkSkTable(names.mirrorTable));
  const connection: CashConnection = {
    baseUrl: sim.baseUrl as string,
    apiKey: KEY,
    timeoutMs: 5_000,
    pollIntervalMs: 5,
    ...(numbering ? { relationNumbering: RelationNumbering.parse(numbering) } : {}),
  };
  const writer = createCashWriter({
    clients: {
      dynamo: dynamo.raw,
      documents: dynamo.client,
      s3: new S3Client({ region: 'eu-west-1' }),
      sqs: new SQSClient({ region: 'eu-west-1' }),
    },
    ...names,
    tenant: 'acme',
    connections: { [ADM]: connection },
    rateLimiter: new LocalRateLimiter({ limit: 10_000 }),
    refreshMirror: false,
    minRemainingMs: 0,
  });
  return { writer, documents: new DocumentStore(dynamo.client, names.documentsTable) };
}

let relationCount = 0;
function relation(roles: Array<'customer' | 'supplier'>, name = `Relatie ${roles.join('+')}`) {
  relationCount += 1;
  return createEvent({
    tenant: 'acme',
    administration: ADM,
    type: 'relation.upsert',
    source: { connector: 'partner-api', externalId: `rel-${relationCount}` },
    data: { name, roles },
  });
}

function numberOf(outcomes: EventOutcome[], event: NormalizedEvent): number {
  const outcome = outcomes.find((o) => o.id === event.id);
  if (outcome?.outcome !== 'booked')
    throw new Error(`expected ${event.id} booked, got ${JSON.stringify(outcome)}`);
  return Number(outcome.cash.relationNumber);
}

function numbersIn(sim: CashSimulator): number[] {
  return sim.relations(ADM).map((r) => Number(r.number));
}

describe('relationRangeFor', () => {
  const numbering = RelationNumbering.parse(RANGES);
  it.each([
    [['customer'], 'customer', 10_000],
    [['supplier'], 'supplier', 70_000],
    [['customer', 'supplier'], 'customer', 10_000],
    [['supplier', 'customer'], 'customer', 10_000],
  ] as const)('roles %j use the %s range', (roles, role, from) => {
    // Act
    const range = relationRangeFor(numbering, roles);
    // Assess
    expect(range).toMatchObject({ role, from });
  });

  it('puts a relation with both roles in the supplier range when bothRoles says so', () => {
    // Prepare
    const supplierFirst = RelationNumbering.parse({ ...RANGES, bothRoles: 'supplier' });
    // Act
    const range = relationRangeFor(supplierFirst, ['customer', 'supplier']);
    // Assess
    expect(range).toEqual({ role: 'supplier', from: 70_000, to: 79_999 });
  });
});

describe('firstFreeRelationNumber', () => {
  it.each([
    { inUse: [], range: undefined, expected: 1 },
    { inUse: [5, 100_001, 200_003], range: undefined, expected: 200_004 },
    { inUse: [100_001, 200_003], range: { from: 10_000, to: 19_999 }, expected: 10_000 },
    { inUse: [10_000, 15_000, 70_001, 9_999], range: { from: 10_000, to: 19_999 }, expected: 15_001 },
    { inUse: [19_999], range: { from: 10_000, to: 19_999 }, expected: 20_000 },
  ])('$inUse in range $range → $expected', ({ inUse, range, expected }) => {
    // Act
    const first = firstFreeRelationNumber(inUse, range);
    // Assess
    expect(first).toBe(expected);
  });

  it('stays in the range (or just past its end when full) and above every number used in it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999_999 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.array(fc.integer({ min: 1, max: 999_999 }), { maxLength: 50 }),
        (from, width, inUse) => {
          // Prepare
          const range = { from, to: Math.min(999_999, from + width) };
          // Act
          const first = firstFreeRelationNumber(inUse, range);
          // Assess
          expect(first).toBeGreaterThanOrEqual(range.from);
          expect(first).toBeLessThanOrEqual(range.to + 1);
          for (const n of inUse) if (n >= range.from && n <= range.to) expect(first).toBeGreaterThan(n);
        },
      ),
    );
  });
});

describe('relation counters', () => {
  it('keeps one counter per range, and today’s counter without one', () => {
    // Act
    const keys = [
      scopeKey(ADM, { kind: 'relation' }),
      scopeKey(ADM, { kind: 'relation', range: { role: 'customer', from: 10_000, to: 19_999 } }),
      scopeKey(ADM, { kind: 'relation', range: { role: 'supplier', from: 70_000, to: 79_999 } }),
      scopeKey(ADM, { kind: 'relation', range: { role: 'customer', from: 10_000, to: 29_999 } }),
    ];
    // Assess
    expect(keys[0]).toBe('COUNTER#DEMO#relation');
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('CashXmlOutboxPort with relation ranges', () => {
  const port = (firstRelationNumber?: number) =>
    new CashXmlOutboxPort(
      new S3Client({ region: 'eu-west-1' }),
      'outbox-bucket',
      {} as never,
      {} as never,
      firstRelationNumber === undefined ? {} : { firstRelationNumber },
    );
  const customers = { role: 'customer' as const, from: 10_000, to: 19_999 };

  it.each([
    { first: undefined, range: undefined, expected: 100_001 },
    { first: undefined, range: customers, expected: 10_000 },
    { first: 12_345, range: customers, expected: 12_345 },
    { first: 70_000, range: customers, expected: 10_000 },
  ])('configured first $first, range $range → $expected', async ({ first, range, expected }) => {
    // Act
    const next = await port(first).firstFreeNumber(ADM, { kind: 'relation', ...(range ? { range } : {}) });
    // Assess
    expect(next).toBe(expected);
  });
});

describe('CashWriter numbering new relations', () => {
  it('without ranges numbers every new relation one above the highest in CASH, as before', async () => {
    // Prepare
    const sim = await cashWith();
    const highest = Math.max(...numbersIn(sim));
    const { writer } = await writerFor(sim);
    const customer = relation(['customer']);
    const supplier = relation(['supplier']);
    // Act
    const outcomes = await writer.write([customer, supplier]);
    // Assess
    expect([numberOf(outcomes, customer), numberOf(outcomes, supplier)].sort((a, b) => a - b)).toEqual([
      highest + 1,
      highest + 2,
    ]);
    await sim.stop();
  });

  it('numbers customers and suppliers in their own ranges, from the range start when CASH has none there', async () => {
    // Prepare
    const sim = await cashWith();
    const { writer } = await writerFor(sim, RANGES);
    const customers = [relation(['customer']), relation(['customer']), relation(['customer'])];
    const supplier = relation(['supplier']);
    const both = relation(['customer', 'supplier']);
    // Act
    const outcomes = await writer.write([customers[0], supplier, customers[1], both, customers[2]]);
    // Assess
    const customerNumbers = [...customers, both].map((e) => numberOf(outcomes, e)).sort((a, b) => a - b);
    expect(customerNumbers).toEqual([10_000, 10_001, 10_002, 10_003]);
    expect(numberOf(outcomes, supplier)).toBe(70_000);
    expect(numbersIn(sim)).toEqual(expect.arrayContaining([10_000, 10_001, 10_002, 10_003, 70_000]));
    await sim.stop();
  });

  it('continues after the highest number CASH already has inside the range, across batches', async () => {
    // Prepare
    const sim = await cashWith([15_000, 12_000, 75_500, 90_000]);
    const { writer } = await writerFor(sim, RANGES);
    const first = relation(['customer']);
    const second = relation(['customer']);
    const supplier = relation(['supplier']);
    // Act
    const one = await writer.write([first, supplier]);
    const two = await writer.write([second]);
    // Assess
    expect(numberOf(one, first)).toBe(15_001);
    expect(numberOf(one, supplier)).toBe(75_501);
    expect(numberOf(two, second)).toBe(15_002);
    await sim.stop();
  });

  it('gives a relation with both roles a supplier number when the administration says so', async () => {
    // Prepare
    const sim = await cashWith();
    const { writer } = await writerFor(sim, { ...RANGES, bothRoles: 'supplier' });
    const both = relation(['customer', 'supplier']);
    // Act
    const outcomes = await writer.write([both]);
    // Assess
    expect(numberOf(outcomes, both)).toBe(70_000);
    await sim.stop();
  });

  it('books a journal entry against a new supplier of the same batch with its range number', async () => {
    // Prepare
    const sim = await cashWith();
    const { writer } = await writerFor(sim, RANGES);
    const supplier = relation(['supplier'], 'Drukkerij Nieuw');
    const invoice = createEvent({
      tenant: 'acme',
      administration: ADM,
      type: 'journal-entry.book',
      source: { connector: 'partner-api', externalId: 'inkoop-1' },
      data: {
        journal: 'MEM',
        date: '2026-03-31',
        description: 'Drukwerk',
        lines: [
          { ledgerAccount: '4000', amountCents: 10_000 },
          {
            ledgerAccount: '1600',
            amountCents: -10_000,
            relationRef: supplier.source.externalId,
            invoiceNumber: '7001',
          },
        ],
      },
    });
    // Act
    const outcomes = await writer.write([invoice, supplier]);
    // Assess
    expect(outcomes.map((o) => o.outcome)).toEqual(['booked', 'booked']);
    const lines = sim.state(ADM).boekstukken.flatMap((b) => b.lines);
    expect(lines.some((l) => Number(l.relationNumber) === 70_000)).toBe(true);
    await sim.stop();
  });

  it('fails the events that find their range full, naming administration, role and range, and books the rest', async () => {
    // Prepare
    const sim = await cashWith([10_001]);
    const { writer, documents } = await writerFor(sim, {
      customer: { from: 10_000, to: 10_002 },
      supplier: { from: 70_000, to: 70_009 },
    });
    const customers = [relation(['customer']), relation(['customer']), relation(['customer'])];
    const supplier = relation(['supplier']);
    const before = numbersIn(sim).length;
    // Act
    const outcomes = await writer.write([...customers, supplier]);
    const later = relation(['customer']);
    const again = await writer.write([later]);
    // Assess
    const byOutcome = (o: EventOutcome[], kind: EventOutcome['outcome']) =>
      o.filter((x) => x.outcome === kind);
    expect(
      byOutcome(outcomes, 'booked')
        .map((o) => o.id)
        .sort(),
    ).toEqual([customers[0]?.id, supplier.id].sort());
    const rejected = byOutcome(outcomes, 'rejected');
    expect(rejected).toHaveLength(2);
    for (const outcome of [...rejected, ...again]) {
      expect(outcome.outcome).toBe('rejected');
      const error = outcome.outcome === 'rejected' ? outcome.errors[0] : undefined;
      expect(error).toMatchObject({ rule: 'relation-number-range-full', path: 'data.relationNumber' });
      expect(error?.message).toContain('administration DEMO');
      expect(error?.message).toContain('customers');
      expect(error?.message).toContain('10000-10002');
    }
    expect(numberOf(outcomes, customers[0] as NormalizedEvent)).toBe(10_002);
    expect(numbersIn(sim)).toHaveLength(before + 2);
    expect(numbersIn(sim).filter((n) => n > 10_002 && n < 70_000)).toEqual([]);
    const doc = await documents.get(rejected[0]?.id as string);
    expect(doc?.status).toBe('rejected');
    await sim.stop();
  });
});
