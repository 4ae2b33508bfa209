import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createEvent,
  type EventType,
  type NormalizedEvent,
  validateEvent,
  withoutNulls,
} from '../../../events/index.ts';
import { payloadHash } from '../../../lib/documents/index.ts';

const at = { tenant: 'acme', administration: 'DEMO', occurredAt: '2026-03-31T09:30:00+02:00' };
const source = (externalId: string) => ({
  connector: 'partner-api',
  externalId,
  document: { bucket: 'archive', key: `in/${externalId}`, uri: `s3://archive/in/${externalId}` },
});
const attachment = {
  filename: 'factuur.pdf',
  mimeType: 'application/pdf',
  location: { bucket: 'archive', key: 'a/factuur.pdf' },
  sha256: 'a'.repeat(64),
  bytes: 1234,
};

/** One event of every type with every optional field given, so each can be sent as null. */
const FULL: Record<EventType, NormalizedEvent> = {
  'journal-entry.book': createEvent({
    ...at,
    type: 'journal-entry.book',
    source: source('je-1'),
    data: {
      journal: 'VRK',
      entryNumber: 12,
      date: '2026-03-31',
      period: 3,
      description: 'Factuur 7',
      reference: 'REF-7',
      attachments: [attachment],
      lines: [
        {
          ledgerAccount: '1300',
          amountCents: 1_210,
          relationNumber: '100001',
          invoiceNumber: '7',
          invoiceDate: '2026-03-30',
          dueDate: '2026-04-30',
          paymentReference: 'RF18539007547034',
          costCentre: 'ALG',
          quantity: 1,
          text: 'Factuur 7',
        },
        { ledgerAccount: '8000', amountCents: -1_000, vatCode: '2' },
        { ledgerAccount: '1510', amountCents: -210, vatCode: '2', vatBaseCents: -1_000 },
      ],
    },
  }),
  'relation.upsert': createEvent({
    ...at,
    type: 'relation.upsert',
    source: source('rel-1'),
    data: {
      relationNumber: '100777',
      name: 'Bakkerij De Korenaar B.V.',
      searchName: 'KORENAAR',
      contactPerson: 'J. Koren',
      address: {
        street: 'Molenstraat',
        houseNumber: '12',
        postalCode: '3511 AB',
        city: 'Utrecht',
        countryCode: 'NL',
      },
      phone: '030-1234567',
      email: 'administratie@korenaar.example',
      iban: 'NL91ABNA0417164300',
      bic: 'ABNANL2A',
      vatId: 'NL001234567B01',
      kvk: '12345678',
      roles: ['customer'],
      paymentTermDays: 14,
      defaultLedgerAccount: '8000',
    },
  }),
  'article.upsert': createEvent({
    ...at,
    type: 'article.upsert',
    source: source('art-1'),
    data: {
      code: 'KOFFIE-1KG',
      description: 'Koffiebonen 1 kg',
      group: 'KOFFIE',
      gtin: '8712345678906',
      unit: 'stuk',
      salesPriceCents: 1_895,
      purchasePriceCents: 1_100,
      vatCode: '1',
      supplierNumber: '200001',
      stock: { warehouse: 'HOOFD', quantity: 10 },
    },
  }),
  'sales-order.create': createEvent({
    ...at,
    type: 'sales-order.create',
    source: source('order-1'),
    data: {
      orderNumber: 5,
      externalOrderNumber: 'WEB-1',
      orderDate: '2026-03-30',
      deliveryDate: '2026-04-02',
      customer: { relationNumber: '100001' },
      reference: 'Bestelling 1',
      currency: 'EUR',
      vatCode: '1',
      paidCents: 3_790,
      paymentMethod: 'IDEAL',
      lines: [
        {
          articleCode: 'KOFFIE-1KG',
          description: 'Koffiebonen',
          quantity: 2,
          unitPriceCents: 1_895,
          discountPercent: 0,
          vatCode: '1',
          warehouse: 'HOOFD',
          deliveryDate: '2026-04-02',
        },
      ],
    },
  }),
};

type Path = Array<string | number>;

/** Every object property of the value, at any depth, by its path. */
function propertyPaths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => propertyPaths(item, [...prefix, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => [
    [...prefix, key],
    ...propertyPaths(item, [...prefix, key]),
  ]);
}

function changedAt(value: unknown, path: Path, change: 'null' | 'delete'): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (change === 'null') parent[last] = null;
  else delete parent[last];
  return copy;
}

/** The optional fields of an event: those it still validates without. */
function optionalPaths(event: NormalizedEvent): Path[] {
  return propertyPaths(JSON.parse(JSON.stringify(event))).filter(
    (path) => validateEvent(changedAt(event, path, 'delete')).ok,
  );
}

const cases = Object.entries(FULL).flatMap(([type, event]) =>
  optionalPaths(event).map((path) => [type, path.join('.'), event, path] as const),
);

describe('Normalized events: an optional field sent as null is absent', () => {
  it('finds optional fields in every event type', () => {
    // Assess
    for (const type of Object.keys(FULL)) expect(cases.some(([t]) => t === type)).toBe(true);
    expect(cases.length).toBeGreaterThan(50);
  });

  it.each(cases)(
    '%s %s: null validates as absent, same id, no null kept, same payload hash',
    (_type, _name, event, path) => {
      // Prepare
      const withNull = changedAt(event, path, 'null');
      const without = changedAt(event, path, 'delete');
      // Act
      const fromNull = validateEvent(withNull);
      const fromAbsent = validateEvent(without);
      // Assess
      expect(fromNull.ok && fromAbsent.ok).toBe(true);
      if (!fromNull.ok || !fromAbsent.ok) return;
      expect(fromNull.value).toEqual(fromAbsent.value);
      expect(fromNull.value.id).toBe(event.id);
      expect(JSON.stringify(fromNull.value)).not.toContain('null');
      expect(payloadHash(fromNull.value.data)).toBe(payloadHash(fromAbsent.value.data));
    },
  );

  it.each([
    ['data.description', ['data', 'description']],
    ['data.lines.0.ledgerAccount', ['data', 'lines', 0, 'ledgerAccount']],
    ['source.externalId', ['source', 'externalId']],
  ] as const)('a required field sent as null (%s) is still refused, quoting null', (name, path) => {
    // Prepare
    const input = changedAt(FULL['journal-entry.book'], [...path], 'null');
    // Act
    const result = validateEvent(input);
    // Assess
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues).toContainEqual(expect.objectContaining({ path: name, value: null }));
  });

  it('keeps null items of arrays (a null line is not an absent line)', () => {
    // Prepare
    const input = changedAt(FULL['journal-entry.book'], ['data', 'lines', 3], 'null');
    // Act
    const result = validateEvent(input);
    // Assess
    expect(result.ok).toBe(false);
  });
});

describe('Function: withoutNulls', () => {
  it('drops null properties at any depth and nothing else', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // Act
        const cleaned = withoutNulls(value);
        // Assess
        const stack: unknown[] = [cleaned];
        while (stack.length > 0) {
          const item = stack.pop();
          if (Array.isArray(item)) stack.push(...item);
          else if (item !== null && typeof item === 'object') {
            for (const v of Object.values(item)) {
              expect(v).not.toBeNull();
              stack.push(v);
            }
          }
        }
        expect(withoutNulls(cleaned)).toEqual(cleaned);
      }),
    );
  });
});
