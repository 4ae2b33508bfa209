import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteText, truncateText, visibleControls } from '../../../lib/runtime/quoted-text.ts';
import { fuzzParameters } from '../../support/fuzz.ts';

describe('truncateText', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['eleven chars', 10, 'eleven ch…'],
    ['😀😀😀😀', 3, '😀😀…'],
    ['abc', 1, '…'],
  ])('cuts %j to %i characters', (text, max, expected) => {
    // Act
    const cut = truncateText(text, max);

    // Assess
    expect(cut).toBe(expected);
  });

  it('never gives more than max code points and never splits a surrogate pair', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.integer({ min: 1, max: 120 }),
        (text, max) => {
          const cut = truncateText(text, max);
          expect(Array.from(cut).length).toBeLessThanOrEqual(max);
          expect(loneSurrogates(cut)).toBe(loneSurrogates(text));
          if (Array.from(text).length <= max) expect(cut).toBe(text);
          else expect(text.startsWith(cut.slice(0, -1))).toBe(true);
        },
      ),
      fuzzParameters(200),
    );
  });
});

describe('visibleControls', () => {
  it('writes line breaks, tabs, NUL and DEL as escapes', () => {
    // Act
    const visible = visibleControls('a\nb\r\tc\u0000\u007f');

    // Assess
    expect(visible).toBe('a\\nb\\r\\tc\\u0000\\u007f');
  });

  it('leaves no control character in any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence.
        expect(visibleControls(text)).not.toMatch(/[\u0000-\u001f\u007f]/);
      }),
      fuzzParameters(200),
    );
  });
});

describe('quoteText', () => {
  it('quotes, makes a forged log line visible and cuts a flood', () => {
    // Act
    const quoted = quoteText(`x\nERROR forged${'y'.repeat(100)}`, 20);

    // Assess
    expect(quoted).toBe('"x\\nERROR forgedyyyy…"');
  });
});

/** How many unpaired UTF-16 surrogates a string holds (a cut inside a pair would add one). */
function loneSurrogates(text: string): number {
  return Array.from(text).filter((char) => char.length === 1 && /[\ud800-\udfff]/.test(char)).length;
}
