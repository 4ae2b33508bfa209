import { describe, expect, it } from 'vitest';
import {
  emptyMemory,
  learn,
  Matcher,
  makeDutchIban,
  type OpenItem,
  parseMemoryJson,
  parseOpenItems,
  serializeMemory,
} from '../../../lib/bank/matching/index.ts';
import { HOSTILE_NAMES } from '../../support/bank/dutch-data-generator.ts';
import { entry, item } from './fixtures.ts';

/** Names that are properties of every JavaScript object, and a plain one next to them. */
const NAMES = [
  'Constructor B.V.',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'Bakkerij De Vries B.V.',
];

function openItems(): OpenItem[] {
  return NAMES.map((relationName, i) =>
    item({
      relationNumber: String(300001 + i),
      relationName,
      invoiceNumber: `2026-${String(100 + i).padStart(4, '0')}`,
      amountCents: 10000 + i * 1111,
    }),
  );
}

describe('Class: Matcher — relation names that are object property names', () => {
  it.each(NAMES.map((name, i) => [name, i] as const))(
    'matches "%s" by its exact name and amount, and by its invoice number',
    (name, i) => {
      // Prepare
      const { items, errors } = parseOpenItems(JSON.parse(JSON.stringify(openItems())));
      const matcher = new Matcher(items);
      // Act
      const byNumber = matcher.match(
        entry({
          counterpartyName: name,
          amountCents: 10000 + i * 1111,
          remittance: `Factuur 2026-${String(100 + i).padStart(4, '0')}`,
        }),
      );
      const byOtherName = new Matcher(items).match(
        entry({ counterpartyName: 'Someone Else', amountCents: 10000 + i * 1111 }),
      );
      // Assess
      expect(errors).toEqual([]);
      expect(byNumber).toMatchObject({ decision: 'auto', relationNumber: String(300001 + i) });
      expect(byOtherName.decision).not.toBe('auto');
    },
  );

  it.each(NAMES)('learns "%s" from a correction, keeps it through the memory file, and uses it', (name) => {
    // Prepare
    const iban = makeDutchIban('RABO', '0000000042');
    const line = entry({ counterpartyName: name, counterpartyIban: iban, amountCents: 10000 });
    // Act
    const { memory } = learn(emptyMemory(), {
      importId: line.importId,
      entry: line,
      relationNumber: '300001',
    });
    const twice = learn(memory, { importId: 'again', entry: line, relationNumber: '300001' }).memory;
    const reread = parseMemoryJson(serializeMemory(twice));
    const decision = new Matcher(openItems(), reread).match({
      ...line,
      importId: 'next',
      counterpartyIban: undefined,
    });
    // Assess
    expect([...reread.names.keys()]).toHaveLength(1);
    expect(reread.names).toEqual(twice.names);
    expect(reread.ibans.get(iban)?.relations.get('300001')?.count).toBe(2);
    expect(decision.reasons.join(' ')).toContain('relation 300001');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).relations).toBeUndefined();
  });

  it('reads a memory file with a "__proto__" name key as a name like any other', () => {
    // Prepare
    const text =
      '{"format":"cashlink.match-memory","version":1,"ibans":{},"names":{"__proto__":{"relations":{"300002":{"count":3,"lastSeen":"2026-02-01"}}},"constructor":{"relations":{"300001":{"count":1,"lastSeen":"2026-02-01"}}}},"rules":[]}';
    // Act
    const memory = parseMemoryJson(text);
    // Assess
    expect([...memory.names.keys()].sort()).toEqual(['__proto__', 'constructor']);
    expect(memory.names.get('__proto__')?.relations.get('300002')?.count).toBe(3);
    expect(serializeMemory(memory)).toContain('"__proto__"');
  });

  it('is what the generator mixes into its relations', () => {
    expect(HOSTILE_NAMES).toEqual(
      expect.arrayContaining(['Constructor B.V.', '__proto__', 'toString', 'hasOwnProperty']),
    );
  });
});
