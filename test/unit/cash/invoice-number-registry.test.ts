import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignInvoiceNumber,
  DynamoInvoiceNumberRegistry,
  InMemoryInvoiceNumberRegistry,
  type InvoiceNumberRegistry,
  invoiceNumberCandidate,
} from '../../../lib/cash/index.ts';
import { type LocalDynamo, startDynalite } from './dynalite.ts';

let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable('cashlink', true);
});

afterAll(async () => {
  await dynamo.stop();
});

const registries: Array<[string, () => InvoiceNumberRegistry]> = [
  ['in memory', () => new InMemoryInvoiceNumberRegistry()],
  [
    'DynamoDB',
    () =>
      new DynamoInvoiceNumberRegistry({
        client: dynamo.client,
        tableName: 'cashlink',
        scope: `acme#${Math.random()}`,
      }),
  ],
];

describe.each(registries)('InvoiceNumberRegistry %s', (_name, create) => {
  it('claims a free number, keeps it for its original, refuses it to another', async () => {
    // Prepare
    const registry = create();
    // Act
    const first = await registry.claim('100001', 'INV-1-000123', '123');
    const same = await registry.claim('100001', 'INV-1-000123', '123');
    const other = await registry.claim('100001', 'INV-2-000123', '123');
    const otherRelation = await registry.claim('100002', 'INV-2-000123', '123');
    // Assess
    expect([first, same, other, otherRelation]).toEqual([true, true, false, true]);
    expect(await registry.lookup('100001', 'INV-1-000123')).toBe('123');
    expect(await registry.lookup('100001', 'INV-2-000123')).toBeUndefined();
  });

  it('gives concurrent writers different numbers for colliding originals', async () => {
    // Prepare
    const registry = create();
    const originals = ['A-000007', 'B-000007', 'C-000007', 'D-000007'];
    // Act
    const assigned = await Promise.all(originals.map((o) => assignInvoiceNumber(registry, '100001', o)));
    // Assess
    const numbers = assigned.map((a) => a.cashNumber);
    expect(new Set(numbers).size).toBe(4);
    expect(numbers).toContain('7');
    for (const a of assigned)
      expect(a.cashNumber).toBe(invoiceNumberCandidate('100001', a.original, a.attempt));
  });

  it('returns the same number on a retry of the same original', async () => {
    // Prepare
    const registry = create();
    const first = await assignInvoiceNumber(registry, '100001', 'INV-2026-000123');
    // Act
    const again = await assignInvoiceNumber(registry, '100001', 'INV-2026-000123');
    // Assess
    expect(again.cashNumber).toBe(first.cashNumber);
  });
});
