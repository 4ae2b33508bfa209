import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  nameSimilarity,
  normalizeInvoiceNumber,
  normalizeName,
  splitTradeNames,
} from '../../../lib/bank/matching/index.ts';
import { nameKey, nameTokens, textLookupTokens, typoKeys } from '../../../lib/bank/matching/normalize.ts';

describe('name and text normalisation', () => {
  it.each([
    ['BAKKERIJ DE VRIES B.V.', 'Bakkerij de Vries BV'],
    ['Bakkerij De Vries', 'bakkerij de vries v.o.f.'],
    ['Café Ñandú Holding B.V.', 'CAFE NANDU'],
    ['Jansen & Zn', 'JANSEN EN ZN'],
  ])('"%s" and "%s" normalise to the same name', (a, b) => {
    expect(normalizeName(a)).toBe(normalizeName(b));
  });

  it.each([
    ['J. de Vries', 'DE VRIES J'],
    ['Hr J. de Vries', 'J DE VRIES'],
  ])('person names "%s" and "%s" share one lookup key', (a, b) => {
    expect(nameKey(a)).toBe(nameKey(b));
  });

  it('keeps initials apart: J. and P. de Vries are different people', () => {
    expect(nameKey('J. de Vries')).not.toBe(nameKey('P. de Vries'));
  });

  it('splits h.o.d.n. into the person and the trade name', () => {
    expect(splitTradeNames('J.P. de Boer h.o.d.n. Klusbedrijf De Boer')).toEqual([
      'J.P. de Boer',
      'Klusbedrijf De Boer',
    ]);
  });

  it('tolerates one typo in long name tokens', () => {
    // Act
    const typo = nameSimilarity(nameTokens('Bakkerij de Vreis'), nameTokens('Bakkerij De Vries B.V.'));
    const other = nameSimilarity(nameTokens('Slagerij de Vries'), nameTokens('Bakkerij De Vries B.V.'));
    // Assess
    expect(typo).toBe(1);
    expect(other).toBeLessThan(1);
  });

  it.each([
    ['Factuur 2026-0042', '20260042'],
    ['INV 2026 0043', 'INV20260043'],
    ['fact.nr.12345', '12345'],
    ['VF2026/118 en VF2026/119', 'VF2026118'],
  ])('finds invoice tokens in "%s"', (text, token) => {
    expect(textLookupTokens(text)).toContain(token);
  });

  it('compares invoice numbers on letters and digits only', () => {
    expect(normalizeInvoiceNumber('F-2026/0042')).toBe('F20260042');
  });
});

describe('typoKeys (symmetric-delete keys)', () => {
  const token = fc.stringMatching(/^[a-z0-9]{5,14}$/);
  const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789');
  const shares = (a: string, b: string) => typoKeys(a).some((key) => typoKeys(b).includes(key));

  it('gives tokens one typo apart a shared key (deletion, insertion, substitution, swap)', () => {
    fc.assert(
      fc.property(token, fc.nat(), letter, (word, at, extra) => {
        // Prepare
        const i = at % word.length;
        const edits = [
          word.slice(0, i) + word.slice(i + 1),
          word.slice(0, i) + extra + word.slice(i),
          word.slice(0, i) + extra + word.slice(i + 1),
          i + 1 < word.length ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word,
        ];
        // Act + Assess
        for (const edited of edits) expect(shares(word, edited)).toBe(true);
      }),
    );
  });

  it('keeps clearly different tokens apart', () => {
    // Prepare + Act + Assess
    expect(shares('bakkerij', 'slagerij')).toBe(false);
    expect(shares('jansen', 'janssen')).toBe(true);
    expect(typoKeys('vries')).toEqual(typoKeys('vries'));
  });
});
