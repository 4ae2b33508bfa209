import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../../events/index.ts';
import {
  canonicalJson,
  contentHash,
  diffMirrorRows,
  type StoredMirrorRow,
} from '../../../lib/outbound/index.ts';

type Row = Record<string, unknown>;

const context = {
  tenant: 'demo',
  administration: 'DEMO',
  origin: 'sync' as const,
  occurredAt: '2026-03-31T09:30:00Z',
};
const keys: Record<string, (row: Row) => string> = {
  relations: (r) => String(r.relationNumber),
  articles: (r) => String(r.code),
  openItems: (r) => `${r.relationNumber}#${r.invoiceNumber}#${r.ledgerAccount ?? ''}`,
  journals: (r) => String(r.code),
};
const keyOf = (kind: string) => keys[kind] ?? ((row: Row) => String(row.code));
const stored = (kind: string, rows: Row[]): Map<string, StoredMirrorRow> =>
  new Map(rows.map((row) => [keyOf(kind)(row), { key: keyOf(kind)(row), row, hash: contentHash(row) }]));
const diff = (kind: string, before: Row[], after: Row[]) =>
  diffMirrorRows(kind, stored(kind, before), after, keyOf(kind), { context, freshIsComplete: true });
const summary = (events: ChangeEvent[]) => events.map((e) => `${e.type} ${e.change} ${e.key}`);

const article = { code: 'A1', description: 'Koffie', group: 'webshop', salesPriceCents: 1895, freeStock: 10 };
const item = {
  relationNumber: '1077',
  invoiceNumber: '2026001',
  ledgerAccount: '1300',
  amountCents: 24200,
  outstandingCents: 24200,
};

describe('canonical JSON', () => {
  it('sorts keys at every depth and leaves undefined members out', () => {
    // Act
    const text = canonicalJson({ b: 1, a: { d: undefined, c: [2, { z: 1, y: 2 }] } });
    // Assess
    expect(text).toBe('{"a":{"c":[2,{"y":2,"z":1}]},"b":1}');
  });

  it('hashes independently of key order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        // Prepare
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        // Act / Assess
        expect(contentHash(reversed)).toBe(contentHash(record));
      }),
    );
  });
});

describe('change detection', () => {
  const cases: Array<{ name: string; kind: string; before: Row[]; after: Row[]; events: string[] }> = [
    {
      name: 'a new relation is created',
      kind: 'relations',
      before: [],
      after: [{ relationNumber: '1', name: 'Een B.V.' }],
      events: ['relation.changed created 1'],
    },
    {
      name: 'a renamed relation is updated',
      kind: 'relations',
      before: [{ relationNumber: '1', name: 'Een B.V.' }],
      after: [{ relationNumber: '1', name: 'Een Holding B.V.' }],
      events: ['relation.changed updated 1'],
    },
    {
      name: 'a field no change event carries (BIC) is mirrored but not announced',
      kind: 'relations',
      before: [{ relationNumber: '1', name: 'Een B.V.' }],
      after: [{ relationNumber: '1', name: 'Een B.V.', bic: 'ABNANL2A' }],
      events: [],
    },
    {
      name: 'a relation gone from CASH is deleted',
      kind: 'relations',
      before: [{ relationNumber: '1', name: 'Een B.V.' }],
      after: [],
      events: ['relation.changed deleted 1'],
    },
    {
      name: 'a new article brings its stock',
      kind: 'articles',
      before: [],
      after: [article],
      events: ['article.changed created A1', 'stock.changed created A1'],
    },
    {
      name: 'a stock change does not resend the article',
      kind: 'articles',
      before: [article],
      after: [{ ...article, freeStock: 7 }],
      events: ['stock.changed updated A1'],
    },
    {
      name: 'a price change does not resend the stock',
      kind: 'articles',
      before: [article],
      after: [{ ...article, salesPriceCents: 1995 }],
      events: ['article.changed updated A1'],
    },
    {
      name: 'a deleted article is one event',
      kind: 'articles',
      before: [article],
      after: [],
      events: ['article.changed deleted A1'],
    },
    {
      name: 'a part payment updates the open item',
      kind: 'openItems',
      before: [item],
      after: [{ ...item, outstandingCents: 10000 }],
      events: ['open-item.changed updated 1077#2026001#1300'],
    },
    {
      name: 'an open item gone from CASH is settled',
      kind: 'openItems',
      before: [item],
      after: [],
      events: ['open-item.changed deleted 1077#2026001#1300'],
    },
    {
      name: 'journals feed no change events',
      kind: 'journals',
      before: [{ code: 'MEM', description: 'Memoriaal' }],
      after: [{ code: 'MEM', description: 'Memoriaal 2' }],
      events: [],
    },
  ];

  it.each(cases)('$name', ({ kind, before, after, events }) => {
    // Act
    const result = diff(kind, before, after);
    // Assess
    expect(summary(result.events)).toEqual(events);
    expect(result.problems).toEqual([]);
  });

  it('marks an open item settled when it drops out or reaches outstanding 0', () => {
    // Act
    const gone = diff('openItems', [item], []).events[0];
    const paid = diff('openItems', [item], [{ ...item, outstandingCents: 0 }]).events[0];
    // Assess
    expect(gone?.data).toMatchObject({ settled: true, outstandingCents: 0 });
    expect(paid?.data).toMatchObject({ settled: true, outstandingCents: 0 });
    expect(gone?.contentHash).not.toBe(paid?.contentHash);
  });

  it('writes only rows whose hash changed, and rows stored without a hash once', () => {
    // Prepare
    const [a1, a2, a3] = [article, { ...article, code: 'A2' }, { ...article, code: 'A3' }];
    const rows = [a1, a2, a3];
    const previous = stored('articles', rows);
    previous.set('A3', { key: 'A3', row: a3 });
    // Act
    const result = diffMirrorRows(
      'articles',
      previous,
      [a1, { ...a2, freeStock: 1 }, a3],
      keyOf('articles'),
      {
        context,
        freshIsComplete: true,
      },
    );
    // Assess
    expect(result.puts.map((p) => p.key)).toEqual(['A2', 'A3']);
    expect(summary(result.events)).toEqual(['stock.changed updated A2']);
  });

  it('leaves rows the fresh list does not mention alone when it is not complete (the writer)', () => {
    // Act
    const result = diffMirrorRows('articles', stored('articles', [article]), [], keyOf('articles'), {
      context,
      freshIsComplete: false,
    });
    // Assess
    expect(result).toMatchObject({ puts: [], deletes: [], events: [] });
  });

  it('names the field, rule and value of a record whose event would not validate, and still mirrors it', () => {
    // Act
    const result = diff('articles', [], [{ code: 'A9', description: 'Half', salesPriceCents: 12.5 }]);
    // Assess
    expect(result.puts).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ key: 'A9', field: 'data.salesPriceCents', value: '12.5' });
  });

  it('gives the same event id for the same content (a re-run is recognised)', () => {
    // Act
    const first = diff('relations', [], [{ relationNumber: '1', name: 'Een' }]).events[0];
    const second = diff('relations', [], [{ relationNumber: '1', name: 'Een' }]).events[0];
    // Assess
    expect(first?.id).toMatch(/^chg_[0-9a-f]{32}$/);
    expect(second?.id).toBe(first?.id);
  });
});

describe('change detection properties', () => {
  const articleArb = fc.record(
    {
      code: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'),
      description: fc.constantFrom('Koffie', 'Thee'),
      salesPriceCents: fc.integer({ min: 0, max: 5000 }),
      freeStock: fc.integer({ min: -5, max: 50 }),
      group: fc.constantFrom('webshop', 'intern'),
    },
    // CASH Handel reports a stock figure for every article; which optional fields there are varies.
    { requiredKeys: ['code', 'description', 'freeStock'] },
  );
  const list = fc.uniqueArray(articleArb, { selector: (a) => a.code, maxLength: 6 });

  it('an unchanged list emits nothing and writes nothing', () => {
    fc.assert(
      fc.property(list, (rows) => {
        // Act
        const result = diff(
          'articles',
          rows,
          rows.map((r) => ({ ...r })),
        );
        // Assess
        expect(result.events).toEqual([]);
        expect(result.puts).toEqual([]);
        expect(result.deletes).toEqual([]);
      }),
    );
  });

  it('applying the events to the old list yields the new one', () => {
    fc.assert(
      fc.property(list, list, (before, after) => {
        // Prepare
        const view = new Map<string, Row>(before.map((a) => [a.code, { ...a }]));
        // Act
        for (const event of diff('articles', before, after).events) {
          if (event.change === 'deleted') view.delete(event.key);
          else if (event.type === 'article.changed')
            view.set(event.key, {
              ...event.data,
              freeStock: view.get(event.key)?.freeStock ?? event.data.freeStock,
            });
          else if (event.type === 'stock.changed')
            view.set(event.key, { ...view.get(event.key), freeStock: event.data.freeStock });
        }
        // Assess
        const strip = (r: Row) => JSON.parse(canonicalJson(r)) as Row;
        expect(new Map([...view].map(([k, v]) => [k, strip(v)]))).toEqual(
          new Map(after.map((a) => [a.code, strip(a)])),
        );
      }),
    );
  });
});
