import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyMemory,
  learnAll,
  MatchMemoryFormatError,
  OpenItemsFormatError,
  parseMemoryJson,
  parseOpenItems,
  serializeMemory,
} from '../../../lib/bank/matching/index.ts';
import { generateDutchMatchingData } from '../../support/bank/dutch-data-generator.ts';

describe('Match memory file', () => {
  it('round-trips a learned memory through JSON', () => {
    // Prepare
    const month = generateDutchMatchingData({ seed: 4, customers: 30, suppliers: 5 });
    const { memory } = learnAll(emptyMemory(), month.corrections);
    // Act
    const again = parseMemoryJson(serializeMemory(memory));
    // Assess
    expect(serializeMemory(again)).toBe(serializeMemory(memory));
    expect(again).toEqual(memory);
    expect(again.ibans.size).toBeGreaterThan(0);
    expect(again.rules.length).toBeGreaterThan(0);
  });

  it.each([
    ['not JSON', '{'],
    ['another format', '{"format":"x","version":1}'],
    ['a future version', '{"format":"cashlink.match-memory","version":2}'],
    [
      'a rule without action',
      '{"format":"cashlink.match-memory","version":1,"rules":[{"id":"r","origin":"user","conditions":{"textContains":"x"},"action":{}}]}',
    ],
    [
      'a bad regex',
      '{"format":"cashlink.match-memory","version":1,"rules":[{"id":"r","origin":"user","conditions":{"textRegex":"("},"action":{"ledgerAccount":"4900"}}]}',
    ],
  ])('refuses %s with a clear error', (_label, text) => {
    expect(() => parseMemoryJson(text)).toThrow(MatchMemoryFormatError);
  });

  it('never throws anything but MatchMemoryFormatError on arbitrary input (fuzz)', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        try {
          parseMemoryJson(text);
        } catch (error) {
          expect(error).toBeInstanceOf(MatchMemoryFormatError);
        }
      }),
    );
  });
});

describe('Function: parseOpenItems', () => {
  it('keeps good items and names field, rule and value of bad ones', () => {
    // Act
    const result = parseOpenItems([
      {
        relationNumber: '100001',
        relationName: 'A',
        ibans: [],
        invoiceNumber: 'F1',
        invoiceDate: '2026-01-01',
        amountCents: 100,
        outstandingCents: 100,
      },
      {
        relationNumber: '1234567',
        relationName: 'B',
        invoiceNumber: 'F2',
        invoiceDate: '2026-01-01',
        amountCents: 1.5,
        outstandingCents: 1,
      },
    ]);
    // Assess
    expect(result.items).toHaveLength(1);
    expect(result.errors.join('\n')).toContain('open item 1: relationNumber');
    expect(result.errors.join('\n')).toContain('amountCents');
    expect(result.errors.join('\n')).toContain('1.5');
  });

  it('refuses a document that is not an array', () => {
    expect(() => parseOpenItems({})).toThrow(OpenItemsFormatError);
  });
});
