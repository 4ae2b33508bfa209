import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Matcher,
  parseCorrections,
  parseMemory,
  parseOpenItems,
  serializeMemory,
} from '../../../lib/bank/matching/index.ts';
import type { BankEntry } from '../../../lib/bank/statement.ts';
import { entry, IBAN_DE_VRIES, KENMERK_42 } from './fixtures.ts';

/** Open items as an export writes them: every optional field given, some as null. */
const exported = [
  {
    relationNumber: 100001,
    relationName: 'Bakkerij De Vries B.V.',
    ibans: [IBAN_DE_VRIES],
    invoiceNumber: '2026-0042',
    invoiceDate: '2026-03-01',
    dueDate: '2026-03-15',
    amountCents: 12100,
    outstandingCents: 12100,
    paymentReference: KENMERK_42,
  },
  {
    relationNumber: '100001',
    relationName: 'Bakkerij De Vries B.V.',
    ibans: null,
    invoiceNumber: '2026-0043',
    invoiceDate: '2026-03-02',
    dueDate: null,
    amountCents: 30250,
    outstandingCents: 30250,
    paymentReference: null,
  },
  {
    relationNumber: '100002',
    relationName: null,
    ibans: [],
    invoiceNumber: 'F-77',
    invoiceDate: '2026-03-03',
    amountCents: 4840,
    outstandingCents: 4840,
    paymentReference: null,
  },
];

describe('Function: parseOpenItems — null stands for an absent optional field', () => {
  it.each([
    ['paymentReference', { paymentReference: null }, { paymentReference: undefined }],
    ['dueDate', { dueDate: null }, { dueDate: undefined }],
    ['relationName', { relationName: null }, { relationName: '' }],
    ['ibans', { ibans: null }, { ibans: [] }],
  ])('keeps an item with %s: null', (_field, given, expected) => {
    // Prepare
    const raw = { ...exported[0], ...given };
    // Act
    const { items, errors } = parseOpenItems([raw]);
    // Assess
    expect(errors).toEqual([]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject(expected);
  });

  it('loses no item of an export with nulls, and the matcher books the invoice the line names', () => {
    // Prepare
    const { items, errors } = parseOpenItems(exported);
    const matcher = new Matcher(items);
    // Act
    const decision = matcher.match(
      entry({ counterpartyIban: IBAN_DE_VRIES, amountCents: 30250, remittance: 'Factuur 2026-0043' }),
    );
    // Assess
    expect(errors).toEqual([]);
    expect(items.map((item) => item.invoiceNumber)).toEqual(['2026-0042', '2026-0043', 'F-77']);
    expect(decision).toMatchObject({ decision: 'auto', matches: [{ invoiceNumber: '2026-0043' }] });
  });

  it.each([
    ['a number for a text', { paymentReference: 42 }, 'paymentReference'],
    ['null for a required field', { invoiceNumber: null }, 'invoiceNumber'],
    ['a long value', { invoiceDate: 'x'.repeat(5000) }, 'invoiceDate'],
  ])('still refuses %s, naming the field with the value cut short', (_label, given, field) => {
    // Act
    const { items, errors } = parseOpenItems([{ ...exported[0], ...given }]);
    // Assess
    expect(items).toEqual([]);
    expect(errors[0]).toContain(`open item 0: ${field}:`);
    expect((errors[0] as string).length).toBeLessThan(300);
  });
});

describe('Function: parseMemory — null fields', () => {
  it('reads a memory whose optional parts are null as the empty parts', () => {
    // Act
    const memory = parseMemory({
      format: 'cashlink.match-memory',
      version: 1,
      ibans: null,
      names: { 'de vries bakkerij': { relations: { '100001': { count: 2, lastSeen: '2026-02-01' } } } },
      rules: [
        {
          id: 'r1',
          origin: 'user',
          conditions: { counterpartyIban: IBAN_DE_VRIES, textRegex: null, direction: null },
          action: { ledgerAccount: '4900', relationNumber: null, vatCode: null },
          confirmations: null,
          createdAt: null,
        },
      ],
      denyList: { ibans: null, bankCodes: ['ADYB'], namePatterns: null },
    });
    // Assess
    expect(memory.ibans.size).toBe(0);
    expect(memory.names.get('de vries bakkerij')?.relations.get('100001')?.count).toBe(2);
    expect(memory.rules[0]).toMatchObject({ confirmations: 0, action: { ledgerAccount: '4900' } });
    expect(memory.denyList).toEqual({ ibans: [], bankCodes: ['ADYB'], namePatterns: [] });
    expect(JSON.parse(serializeMemory(memory)).rules[0].action).toEqual({ ledgerAccount: '4900' });
  });
});

describe('Function: parseCorrections — corrections file of cashlink match --learn', () => {
  const line: BankEntry = entry({ importId: 'line-1', counterpartyIban: IBAN_DE_VRIES });
  const statements = new Map([[line.importId, line]]);

  it.each([
    [
      'a relation with null ledger account and entry',
      { importId: 'line-1', relationNumber: '100001', ledgerAccount: null, entry: null },
    ],
    [
      'a ledger account with null relation and invoices',
      {
        importId: 'line-1',
        ledgerAccount: '4900',
        relationNumber: null,
        invoiceNumbers: null,
        vatCode: null,
      },
    ],
    [
      'an entry snapshot with null fields',
      {
        importId: 'x',
        relationNumber: 100001,
        entry: { ...line, importId: 'x', remittance: null, counterpartyName: null, reversal: null },
      },
    ],
  ])('takes %s', (_label, raw) => {
    // Act
    const { corrections, errors } = parseCorrections([raw], statements);
    // Assess
    expect(errors).toEqual([]);
    expect(corrections).toHaveLength(1);
    expect(Object.values(corrections[0] as object)).not.toContain(null);
    expect(Object.values(corrections[0]?.entry as object)).not.toContain(null);
    expect(Object.values(corrections[0]?.entry as object)).not.toContain(undefined);
  });

  it.each([
    ['neither target', { importId: 'line-1' }, 'relationNumber'],
    ['both targets', { importId: 'line-1', relationNumber: '1', ledgerAccount: '4900' }, 'relationNumber'],
    ['an unknown line without entry', { importId: 'nope', relationNumber: '1' }, 'not found'],
    ['a bad relation number', { importId: 'line-1', relationNumber: 'abc' }, 'relationNumber'],
  ])('refuses %s with the reason, keeping the others', (_label, raw, words) => {
    // Act
    const { corrections, errors } = parseCorrections(
      [raw, { importId: 'line-1', ledgerAccount: '4900' }],
      statements,
    );
    // Assess
    expect(corrections).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('correction 0');
    expect(errors[0]).toContain(words);
  });
});

describe('Property: null optional fields never change a decision', () => {
  const optionalFields = ['dueDate', 'paymentReference'] as const;
  it('an export with absent optional fields written as null gives the same decisions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...optionalFields), { maxLength: 2 }),
        fc.array(fc.boolean(), { minLength: exported.length, maxLength: exported.length }),
        fc.constantFrom(12100, 30250, 4840, 1000),
        fc.constantFrom('', 'Factuur 2026-0043', 'F-77', KENMERK_42),
        (fields, which, amountCents, remittance) => {
          // Prepare: drop some optional fields, then write the same export with them as null.
          const absent = exported.map((raw, i) => {
            const copy: Record<string, unknown> = { ...raw };
            for (const field of fields) if (which[i]) delete copy[field];
            for (const key of Object.keys(copy)) if (copy[key] === null) delete copy[key];
            return copy;
          });
          const nulled = absent.map((raw, i) => {
            const copy: Record<string, unknown> = { ...raw };
            for (const field of fields) if (which[i]) copy[field] = null;
            return copy;
          });
          const line = entry({ importId: 'p', counterpartyIban: IBAN_DE_VRIES, amountCents, remittance });
          // Act
          const a = new Matcher(parseOpenItems(absent).items).match(line);
          const b = new Matcher(parseOpenItems(nulled).items).match(line);
          // Assess
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 100 },
    );
  });
});
