import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BANK_INPUT_LIMITS, parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import { BANK_FOLDERS, corpusSamples } from '../../support/corpus.ts';
import { withCorpus } from '../../support/needs-shared.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const MB50 = 50 * 1024 * 1024;
const ING_HEADER =
  '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mutatiesoort";"Mededelingen"';
const MT940_HEAD = ':20:940S240105\n:25:NL69INGB0123456789\n:28C:1\n:60F:C240104EUR1000,00\n';

/** The longest error must not carry the long input back: a few hundred characters at most. */
const longestError = (result: ReturnType<typeof parseStatementFile>) =>
  Math.max(0, ...[...result.errors, ...result.statements.flatMap((s) => s.errors)].map((e) => e.length));

describe('bank input limits', () => {
  it.each([
    ['a CSV line', () => `${ING_HEADER}\n"20240105";"${'x'.repeat(MB50)}";"NL69INGB0123456789"\n`, /line 2/],
    [
      'an MT940 :86: line',
      () => `${MT940_HEAD}:61:2401050105D25,50NTRFNONREF\n:86:${'x'.repeat(MB50)}\n`,
      /line 6/,
    ],
    [
      'a camt.053 attribute',
      () =>
        `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id a="${'x'.repeat(MB50)}"/></Stmt></BkToCstmrStmt></Document>`,
      /characters/,
    ],
  ])('refuses %s of 50 MB within seconds, naming the limit, the error truncated', (_what, build, where) => {
    // Prepare: a file limit above the file, so the line/tag limit is what is tested
    const file = bytes(build());
    const started = Date.now();
    // Act
    const result = parseStatementFile(file, 'big', { maxFileBytes: 2 * MB50 });
    // Assess
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.statements).toEqual([]);
    expect(result.errors.join(' ')).toMatch(where);
    expect(result.errors.join(' ')).toMatch(/limit/);
    expect(longestError(result)).toBeLessThan(400);
  });

  it('refuses a file over the size limit before decoding it', () => {
    // Prepare
    const file = new Uint8Array(DEFAULT_BANK_INPUT_LIMITS.maxFileBytes + 1).fill(0x41);
    // Act
    const result = parseStatementFile(file, 'huge.csv');
    // Assess
    expect(result.errors).toEqual([
      `file has ${file.byteLength} bytes, more than the limit of ${DEFAULT_BANK_INPUT_LIMITS.maxFileBytes}`,
    ]);
  });

  it('takes the limits as settings', () => {
    // Prepare
    const csv = bytes(`${ING_HEADER}\n"20240105";"${'x'.repeat(200)}";"NL69INGB0123456789"\n`);
    // Act
    const result = parseStatementFile(csv, 'ing.csv', { maxLineChars: 150 });
    // Assess
    expect(result.errors[0]).toMatch(/^line 2 has more than 150 characters \(the limit\)/);
  });

  it('refuses a CSV field over the field limit that spans lines inside quotes', () => {
    // Prepare
    const field = Array.from({ length: 200 }, () => 'y'.repeat(60)).join('\n');
    const csv = bytes(`${ING_HEADER}\n"20240105";"${field}";"NL69INGB0123456789"\n`);
    // Act
    const result = parseStatementFile(csv, 'ing.csv');
    // Assess
    const errors = [...result.errors, ...result.statements.flatMap((s) => s.errors)];
    expect(errors.join(' ')).toMatch(
      /line \d+ column \d+ \(Naam \/ Omschrijving\): the field has more than 8192 characters/,
    );
    expect(longestError(result)).toBeLessThan(400);
  });

  it('leaves every corpus file as it was', withCorpus(), () => {
    for (const file of corpusSamples(BANK_FOLDERS)) {
      // Act
      const result = parseStatementFile(readFileSync(file.path), file.name);
      // Assess
      expect(result.errors.join(' '), file.name).not.toMatch(/the limit/);
    }
  });

  it('never lets an error grow with the input', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 5000 }),
        fc.integer({ min: 10, max: 2000 }),
        (text, limit) => {
          // Act
          const result = parseStatementFile(bytes(`${MT940_HEAD}:86:${text}\n`), 'x.sta', {
            maxLineChars: limit,
          });
          // Assess
          expect(longestError(result)).toBeLessThan(400 + 8 * 40);
        },
      ),
      { numRuns: 50 },
    );
  });
});
