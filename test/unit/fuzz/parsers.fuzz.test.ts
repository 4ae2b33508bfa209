import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectFormat,
  parseBankCsv,
  parseCamt053,
  parseMt940,
  parseStatementFile,
} from '../../../lib/bank/parsers/index.ts';
import { extractEmail } from '../../../lib/invoices/email/extract-email.ts';
import { InMemoryPartyDirectory, InvoiceError, parseInvoiceXml } from '../../../lib/invoices/index.ts';
import { extractPdf } from '../../../lib/invoices/pdf/extract-pdf.ts';
import { recogniseInvoiceText } from '../../../lib/invoices/pdf/recognise-text.ts';
import { corpusFiles, readCorpusFile } from '../../support/corpus.ts';
import { fuzzParameters } from '../../support/fuzz.ts';
import { withCorpus } from '../../support/needs-shared.ts';
import { buildPdf, CII, utf8 } from '../invoices/helpers.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const samples = (folder: string, count = 4) =>
  corpusFiles(folder)
    .slice(0, count)
    .map((name) => readCorpusFile(folder, name));

/** A sample with a few bytes overwritten, a slice cut out or junk spliced in. */
function mutated(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(
      fc.constantFrom(...seeds),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      fc.option(fc.tuple(fc.nat(), fc.nat({ max: 400 }))),
      fc.uint8Array({ maxLength: 64 }),
    )
    .map(([seed, flips, cut, junk]) => {
      const bytes = new Uint8Array(seed);
      for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value;
      if (!cut) return bytes;
      const from = cut[0] % Math.max(bytes.length, 1);
      return new Uint8Array([...bytes.subarray(0, from), ...junk, ...bytes.subarray(from + cut[1])]);
    });
}

/** The parser either answers or refuses with its own InvoiceError (rule + message), never anything else. */
async function answersOrRefuses(parse: () => unknown): Promise<void> {
  try {
    await parse();
  } catch (error) {
    expect(error).toBeInstanceOf(InvoiceError);
    expect((error as Error).message.length).toBeGreaterThan(0);
  }
}

const ublSeeds = samples('ubl', 4);
const ciiSeeds = [utf8(CII)];
const pdfSeeds = [
  buildPdf({ lines: ['Factuur 2026-17', 'Totaal EUR 121,00', 'BTW 21,00'] }),
  buildPdf({ lines: ['Invoice'], files: [{ name: 'factur-x.xml', content: utf8(CII) }] }),
];
const mailSeeds = [
  utf8(
    'From: a@example.nl\r\nTo: b@example.nl\r\nSubject: Factuur\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nZie bijlage\r\n--b\r\nContent-Type: application/xml; name="f.xml"\r\nContent-Disposition: attachment; filename="f.xml"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
      Buffer.from(CII).toString('base64') +
      '\r\n--b--\r\n',
  ),
];
const camtSeeds = samples('camt053');
const mt940Seeds = samples('mt940');
const csvSeeds = samples('bankcsv');

describe('every parser under fuzzed input', () => {
  it('UBL: answers or refuses with an InvoiceError', withCorpus(), async () => {
    await fc.assert(
      fc.asyncProperty(mutated(ublSeeds), (bytes) => answersOrRefuses(() => parseInvoiceXml(bytes))),
      fuzzParameters(40),
    );
  });

  it('CII: answers or refuses with an InvoiceError', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(ciiSeeds), (bytes) => answersOrRefuses(() => parseInvoiceXml(bytes))),
      fuzzParameters(40),
    );
  });

  it('PDF container: answers or refuses with an InvoiceError', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(pdfSeeds), (bytes) => answersOrRefuses(() => extractPdf(bytes))),
      fuzzParameters(25),
    );
  });

  it('PDF text recogniser: recognises or reports for any text, never throws', async () => {
    const parties = new InMemoryPartyDirectory();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc
            .array(
              fc.constantFrom(
                'Factuur',
                'Totaal',
                'BTW',
                'EUR',
                '€',
                '121,00',
                '1.000,00',
                'NL91ABNA0417164300',
                '31-12-2026',
                '\n',
                ' ',
              ),
              { maxLength: 40 },
            )
            .map((words) => words.join(' ')),
        ),
        async (input) => {
          // Act
          const recognition = await recogniseInvoiceText(input, parties);
          // Assess
          expect(recognition).toBeDefined();
        },
      ),
      fuzzParameters(60),
    );
  });

  it('e-mail: answers or refuses with an InvoiceError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated(mailSeeds), fc.uint8Array({ maxLength: 512 })), (bytes) =>
        answersOrRefuses(() => extractEmail(bytes)),
      ),
      fuzzParameters(30),
    );
  });

  it.each([
    ['camt053', camtSeeds, parseCamt053],
    ['mt940', mt940Seeds, parseMt940],
    ['CSV', csvSeeds, parseBankCsv],
  ] as const)(
    '%s: statements and errors for any mutation, never a throw',
    withCorpus(),
    (_name, seeds, parse) => {
      fc.assert(
        fc.property(mutated(seeds), (bytes) => {
          // Act
          const parsed = parse(text(bytes));
          // Assess
          expect(Array.isArray(parsed.statements) && Array.isArray(parsed.errors)).toBe(true);
          for (const statement of parsed.statements)
            for (const entry of statement.entries) expect(Number.isSafeInteger(entry.amountCents)).toBe(true);
        }),
        fuzzParameters(40),
      );
    },
  );

  it('detect: a known format or none for any text, and parseStatementFile never throws', withCorpus(), () => {
    fc.assert(
      fc.property(
        fc.oneof(mutated([...camtSeeds, ...mt940Seeds, ...csvSeeds]), fc.uint8Array({ maxLength: 512 })),
        (bytes) => {
          // Act
          const format = detectFormat(text(bytes));
          const parsed = parseStatementFile(bytes, 'fuzz.dat');
          // Assess
          expect(format === undefined || typeof format === 'string').toBe(true);
          expect(parsed.format === 'unknown' || typeof parsed.format === 'string').toBe(true);
          if (parsed.format === 'unknown') expect(parsed.statements).toEqual([]);
        },
      ),
      fuzzParameters(60),
    );
  });
});
