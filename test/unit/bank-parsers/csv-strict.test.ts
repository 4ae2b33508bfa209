import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DecimalMark,
  decideDecimalMark,
  decimalMarkEvidence,
  parseAmountInNotation,
} from '../../../lib/bank/parsers/csv/amount-notation.ts';
import { readCsvRecords } from '../../../lib/bank/parsers/csv/csv-reader.ts';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

const ING_HEADER =
  '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mutatiesoort";"Mededelingen"';
const ingRow = (day: string, direction: string, amount: string, notes = 'Factuur') =>
  `"202401${day}";"Klant BV";"NL69INGB0123456789";"NL20INGB0001234567";"OV";"${direction}";"${amount}";"Overschrijving";"${notes}"`;

const BUNQ_HEADER = '"Datum","Bedrag","Rekening","Tegenrekening","Naam","Omschrijving"';
const bunqRow = (amount: string, name = 'Winkel') =>
  `"2024-03-01","${amount}","NL47BUNQ2025181418","NL91ABNA0417164300","${name}","order"`;

const RABO_HEADER =
  '"IBAN/BBAN","Munt","BIC","Volgnr","Datum","Rentedatum","Bedrag","Saldo na trn","Tegenrekening IBAN/BBAN","Naam tegenpartij","Naam uiteindelijke partij","Naam initiërende partij","BIC tegenpartij","Code","Batch ID","Transactiereferentie","Machtigingskenmerk","Incassant ID","Betalingskenmerk","Omschrijving-1","Omschrijving-2","Omschrijving-3","Reden retour","Oorspr bedrag","Oorspr munt","Koers"';

/** [case, file text, error expected on the (only) statement, entries still read]. */
const BLOCKED: [string, string, string | RegExp, number][] = [
  [
    'a quoted line break inside an amount',
    [ING_HEADER, ingRow('05', 'Af', '25\n,50'), ingRow('06', 'Bij', '12,10')].join('\n'),
    'line 2 Bedrag (EUR) "25\\n,50": line break inside the value',
    1,
  ],
  [
    'an unterminated quote that would swallow the rows after it',
    [
      ING_HEADER,
      ingRow('05', 'Bij', '1,00'),
      ingRow('06', 'Bij', '2,00', 'Factuur 7;"'),
      ingRow('07', 'Bij', '3,00'),
      ingRow('08', 'Bij', '4,00'),
    ]
      .join('\n')
      .replace('"Factuur 7;""', '"Factuur 7;'),
    'line 3 column 100 (Mededelingen): quote opened here is not closed on its line: it swallows the lines up to line 4',
    2,
  ],
  [
    'a quote left open until the end of the file',
    [
      ING_HEADER,
      ingRow('05', 'Bij', '1,00'),
      ingRow('06', 'Bij', '2,00', 'Factuur 7').replace(/"$/, ''),
      ingRow('07', 'Bij', '3,00').replace(/"/g, ''),
    ].join('\n'),
    'line 3 column 100 (Mededelingen): quote opened here is never closed: it would swallow every line after it',
    1,
  ],
  [
    'a row with more fields than the header (unquoted separator)',
    [ING_HEADER, ingRow('05', 'Bij', '1,00'), ingRow('06', 'Bij', '2,00', 'a";"b')].join('\n'),
    'line 3: 10 fields where the header has 9 (a separator, quote or line break out of place)',
    1,
  ],
  [
    'two exports joined into one file',
    [ING_HEADER, ingRow('05', 'Bij', '1,00'), ING_HEADER, ingRow('05', 'Bij', '1,00')].join('\n'),
    'line 3: the header again (two exports joined into one file?)',
    2,
  ],
  [
    'text after a closing quote',
    [ING_HEADER, ingRow('05', 'Bij', '1,00', 'Bakker "De Zon" BV')].join('\n'),
    /^line 2 column \d+ \(Mededelingen\): text after a closing quote/,
    0,
  ],
  [
    'a signed amount beside Af Bij',
    [ING_HEADER, ingRow('05', 'Af', '-25,50')].join('\n'),
    'line 2 amount "-25,50": signed, but Af Bij gives the direction',
    0,
  ],
  [
    'a dot decimal where the layout writes a comma',
    [ING_HEADER, ingRow('05', 'Af', '25.50')].join('\n'),
    'line 2 amount "25.50": not a number in comma notation (thousands dots must group 3 digits)',
    0,
  ],
  [
    '1.000 that cannot be told from 1,000 in a layout without a fixed notation',
    [BUNQ_HEADER, bunqRow('-1.000'), bunqRow('2.500')].join('\n'),
    'line 2 Bedrag "-1.000": thousands or decimals? no amount in the file tells whether the decimal mark is a comma or a dot',
    0,
  ],
  [
    'a file that mixes 1.000,00 and 1,000.00',
    [BUNQ_HEADER, bunqRow('-1.000,00'), bunqRow('1,250.00')].join('\n'),
    'line 3 Bedrag "1,250.00": decimal dot, but line 2 Bedrag "-1.000,00" has a decimal comma: the file mixes notations',
    0,
  ],
  [
    'slash dates whose order no date of the file tells',
    [
      BUNQ_HEADER,
      bunqRow('-1,50').replace('2024-03-01', '03/01/2024'),
      bunqRow('-2,50').replace('2024-03-01', '04/01/2024'),
    ].join('\n'),
    'line 2 Datum "03/01/2024": day or month first? no date in the file tells the order of its slash dates',
    0,
  ],
  [
    'slash dates in both orders',
    [
      BUNQ_HEADER,
      bunqRow('-1,50').replace('2024-03-01', '13/01/2024'),
      bunqRow('-2,50').replace('2024-03-01', '01/14/2024'),
    ].join('\n'),
    'line 3 Datum "01/14/2024": month first, but line 2 Datum "13/01/2024" is day first: the file mixes date orders',
    0,
  ],
];

describe('bank CSV: what cannot be read right blocks its statement, naming line and column', () => {
  it.each(BLOCKED)('%s', (_case, text, expected, entries) => {
    // Act
    const result = parseStatementFile(bytes(text));
    // Assess
    expect(result.format).toBe('csv');
    expect(result.statements).toHaveLength(1);
    const [statement] = result.statements;
    expect(statement?.errors).toContainEqual(
      typeof expected === 'string' ? expected : expect.stringMatching(expected),
    );
    expect(statement?.entries).toHaveLength(entries);
  });

  it('a header-only file with a BOM is reported, not taken as an empty statement', () => {
    // Prepare
    const file = Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes(`${RABO_HEADER}\r\n\r\n`)]);
    // Act
    const result = parseStatementFile(file);
    // Assess
    expect(result).toMatchObject({ format: 'csv', statements: [] });
    expect(result.errors).toEqual(['csv: rabobank export without transactions (header only)']);
  });

  it('a file mixing UTF-8 and latin-1 blocks its statements, naming both places', () => {
    // Prepare
    const text = [BUNQ_HEADER, bunqRow('-1,50', 'Café'), bunqRow('-2,50', 'Zoë')].join('\n');
    const encoded = bytes(text);
    const at = encoded.lastIndexOf(0xc3);
    const file = Uint8Array.from([...encoded.subarray(0, at), 0xeb, ...encoded.subarray(at + 2)]);
    // Act
    const result = parseStatementFile(file);
    // Assess
    expect(result.statements[0]?.errors).toEqual([
      'encoding: line 2 column 68 is UTF-8 but line 3 column 67 is latin-1: the file mixes two encodings, no reading of it is right',
    ]);
  });
});

describe('bank CSV: provably right readings', () => {
  it('a Rabobank Volgnr seen twice flags both rows for a person, the statement stays', () => {
    // Prepare
    const row = (volgnr: string, amount: string, saldo: string) =>
      `"NL50RABO0123456789","EUR","RABONL2U","${volgnr}","2024-01-02","2024-01-02","${amount}","${saldo}","NL20INGB0001234567","Klant","","","INGBNL2A","cb","","","","","","Factuur","","","","","",""`;
    const text = [
      RABO_HEADER,
      row('7001', '+10,00', '+110,00'),
      row('7001', '+10,00', '+120,00'),
      row('7002', '+1,00', '+121,00'),
    ].join('\n');
    // Act
    const statement = parseStatementFile(bytes(text)).statements[0];
    // Assess
    expect(statement).toMatchObject({ balanceCheck: 'ok', errors: [] });
    expect(statement?.entries.map((entry) => entry.flags)).toEqual([
      [
        'duplicate bank reference "7001": also on line 3 of this export; possibly the same booking twice, not booked automatically',
      ],
      [
        'duplicate bank reference "7001": also on line 2 of this export; possibly the same booking twice, not booked automatically',
      ],
      undefined,
    ]);
  });

  it('blank lines between rows and trailing empty lines keep line numbers right', () => {
    // Prepare
    const text = [ING_HEADER, '', ingRow('05', 'Bij', '1,00'), '', '', ingRow('06', 'Bij', 'x'), '', ''].join(
      '\r\n',
    );
    // Act
    const statement = parseStatementFile(bytes(text)).statements[0];
    // Assess
    expect(statement?.entries).toHaveLength(1);
    expect(statement?.errors).toEqual(['line 6 amount "x": not a number']);
  });

  it('a quoted line break in the notes is part of the text and shifts no line number', () => {
    // Prepare
    const text = [
      ING_HEADER,
      ingRow('05', 'Bij', '1,00', 'Factuur\n2024-7'),
      ingRow('06', 'Bij', '1,0x'),
    ].join('\n');
    // Act
    const statement = parseStatementFile(bytes(text)).statements[0];
    // Assess
    expect(statement?.entries[0]?.remittance).toBe('Factuur 2024-7');
    expect(statement?.errors).toEqual(['line 4 amount "1,0x": not a number']);
  });

  it.each([
    ['the decimal mark from another value of the file', ['-1.000', '12,50'], [-100000, 1250]],
    ['thousands and decimals in one value', ['-1.000', '1.234,56'], [-100000, 123456]],
    ['a decimal dot file', ['-1,000', '12.5'], [-100000, 1250]],
    ['parentheses and a trailing minus are negative', ['(12,50)', '7,25-'], [-1250, -725]],
    ['whole amounts need no decision', ['-12', '+100'], [-1200, 10000]],
  ])('bunq: %s', (_case, amounts, cents) => {
    // Prepare
    const text = [BUNQ_HEADER, ...amounts.map((amount) => bunqRow(amount))].join('\n');
    // Act
    const statement = parseStatementFile(bytes(text)).statements[0];
    // Assess
    expect(statement?.errors).toEqual([]);
    expect(statement?.entries.map((entry) => entry.amountCents)).toEqual(cents);
  });

  it.each([
    ['year first with slashes', ['2024/03/01', '2024/03/02'], ['2024-03-01', '2024-03-02']],
    ['day first as a Dutch spreadsheet saves it', ['1-3-2024', '2-3-24'], ['2024-03-01', '2024-03-02']],
    ['slash dates that one date shows day first', ['01/03/2024', '13/03/2024'], ['2024-03-01', '2024-03-13']],
    [
      'slash dates that one date shows month first',
      ['03/01/2024', '03/13/2024'],
      ['2024-03-01', '2024-03-13'],
    ],
  ])('dates: %s', (_case, dates, expected) => {
    // Prepare
    const text = [BUNQ_HEADER, ...dates.map((date) => bunqRow('-1,50').replace('2024-03-01', date))].join(
      '\n',
    );
    // Act
    const statement = parseStatementFile(bytes(text)).statements[0];
    // Assess
    expect(statement?.errors).toEqual([]);
    expect(statement?.entries.map((entry) => entry.bookingDate)).toEqual(expected);
  });

  it('an Excel sep= line, ="…" cells and a text prefix are undone; a formula is kept as text', () => {
    // Prepare
    const text = [
      'sep=;',
      ING_HEADER,
      '"20240105";"=HYPERLINK(""http://x"",""klik"")";"=""NL69INGB0123456789""";"\'NL20INGB0001234567";"OV";"Bij";"\'12,10";"Overschrijving";"\'t Hoekje"',
    ].join('\n');
    // Act
    const statement = parseStatementFile(bytes(text)).statements[0];
    // Assess
    expect(statement?.errors).toEqual([]);
    expect(statement?.account).toBe('NL69INGB0123456789');
    expect(statement?.entries[0]).toMatchObject({
      amountCents: 1210,
      counterpartyIban: 'NL20INGB0001234567',
      counterpartyName: '\'=HYPERLINK("http://x","klik")',
      remittance: "'t Hoekje",
    });
  });

  it('TAB-separated and comma-separated exports of the same layout read the same', () => {
    // Prepare
    const semicolon = [ING_HEADER, ingRow('05', 'Af', '1.025,50')].join('\n');
    const tab = semicolon.replace(/";"/g, '"\t"');
    const comma = semicolon.replace(/";"/g, '","');
    // Act
    const read = [semicolon, tab, comma].map(
      (text) => parseStatementFile(bytes(text)).statements[0]?.entries,
    );
    // Assess
    expect(read[0]?.[0]?.amountCents).toBe(-102550);
    expect(read[1]).toEqual(read[0]);
    expect(read[2]).toEqual(read[0]);
  });
});

/** RFC 4180 writing, the reader's inverse: quotes where needed, doubled quotes. */
function writeCsv(rows: string[][], separator: string): string {
  return rows
    .map((cells) =>
      cells
        .map((cell) =>
          /["\n]/.test(cell) || cell.includes(separator) || cell.trim() !== cell
            ? `"${cell.replace(/"/g, '""')}"`
            : cell,
        )
        .join(separator),
    )
    .join('\n');
}

describe('CSV reader properties', () => {
  it('reads back what RFC 4180 writing wrote, with the line each record starts on', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(';', ',', '\t'),
        fc.array(fc.array(fc.stringMatching(/^[a-z0-9 ";,\t\n.-]{0,8}$/), { minLength: 2, maxLength: 5 }), {
          minLength: 1,
          maxLength: 12,
        }),
        (separator, drafts) => {
          // Prepare: a first cell that is never blank, so no record is skipped
          const rows = drafts.map((cells, index) => [`r${index}`, ...cells]);
          const text = writeCsv(rows, separator);
          const starts = rows.reduce<number[]>((lines, _row, index) => {
            const previous = rows[index - 1];
            lines.push(
              index === 0
                ? 1
                : (lines[index - 1] ?? 1) + 1 + (previous?.join('').split('\n').length ?? 1) - 1,
            );
            return lines;
          }, []);
          // Act
          const read = readCsvRecords(text, separator);
          // Assess
          expect(read.problems).toEqual([]);
          expect(read.records.map((record) => record.cells)).toEqual(rows);
          expect(read.records.map((record) => record.line)).toEqual(starts);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a quote left open is always reported, never read as data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z0-9;\n]{0,10}$/), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (cells, at) => {
          // Prepare
          const open = at % cells.length;
          const text = cells.map((cell, index) => (index === open ? `"${cell}` : cell)).join(';');
          // Act
          const read = readCsvRecords(text, ';');
          // Assess
          expect(read.problems.map((problem) => problem.rule)).toContain('unterminated-quote');
        },
      ),
    );
  });
});

/** Writes cents in a notation with thousands grouping and one of the sign forms. */
function formatAmount(
  cents: number,
  mark: DecimalMark,
  grouped: boolean,
  sign: 'minus' | 'parens' | 'trailing',
): string {
  const abs = Math.abs(cents);
  const whole = String(Math.trunc(abs / 100));
  const grouping = mark === ',' ? '.' : ',';
  const wholeText = grouped ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, grouping) : whole;
  const text = `${wholeText}${mark}${String(abs % 100).padStart(2, '0')}`;
  if (cents >= 0) return text;
  return sign === 'minus' ? `-${text}` : sign === 'parens' ? `(${text})` : `${text}-`;
}

describe('amount notation properties', () => {
  const amounts = fc.record({
    cents: fc.integer({ min: -99_999_999_999, max: 99_999_999_999 }),
    mark: fc.constantFrom<DecimalMark>(',', '.'),
    grouped: fc.boolean(),
    sign: fc.constantFrom('minus' as const, 'parens' as const, 'trailing' as const),
  });

  it('any amount written in a notation reads back exactly in that notation', () => {
    fc.assert(
      fc.property(amounts, ({ cents, mark, grouped, sign }) => {
        // Act
        const parsed = parseAmountInNotation(formatAmount(cents, mark, grouped, sign), mark);
        // Assess
        expect(parsed).toEqual({ ok: true, cents: cents === 0 ? 0 : cents });
      }),
    );
  });

  it('no value ever points at the wrong decimal mark, and a decided file reads every value right', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<DecimalMark>(',', '.'),
        fc.array(amounts, { minLength: 1, maxLength: 20 }),
        (mark, drafts) => {
          // Prepare: whole thousands with one group ("1.000") are the ambiguous ones
          const raws = drafts.map((draft) => {
            const written = formatAmount(draft.cents, mark, draft.grouped, draft.sign);
            return draft.cents % 100 === 0 && draft.grouped
              ? written.replace(/[.,]00(?=\)|-|$)/, '')
              : written;
          });
          // Act
          const evidence = raws.map(decimalMarkEvidence);
          const decision = decideDecimalMark(
            raws.map((raw, index) => ({ raw, line: index + 2, column: 'Bedrag' })),
          );
          // Assess
          expect(evidence.every((item) => item === mark || item === 'none' || item === 'ambiguous')).toBe(
            true,
          );
          if (decision.ok && evidence.includes(mark)) {
            expect(decision.mark).toBe(mark);
            raws.forEach((raw, index) => {
              const cents = drafts[index]?.cents ?? 0;
              const expected = drafts[index]?.grouped && cents % 100 === 0 ? cents : cents;
              expect(parseAmountInNotation(raw, mark)).toEqual({
                ok: true,
                cents: expected === 0 ? 0 : expected,
              });
            });
          }
          if (!decision.ok) expect(evidence.includes(mark)).toBe(false);
        },
      ),
    );
  });
});
