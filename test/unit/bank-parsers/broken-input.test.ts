import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
/** Windows-1252 bytes of a text whose characters all lie in latin-1 (é, ë, ï, ü…). */
const latin1 = (text: string) => Uint8Array.from([...text].map((char) => char.charCodeAt(0)));

const RABO_HEADER =
  '"IBAN/BBAN","Munt","BIC","Volgnr","Datum","Rentedatum","Bedrag","Saldo na trn","Tegenrekening IBAN/BBAN","Naam tegenpartij","Naam uiteindelijke partij","Naam initiërende partij","BIC tegenpartij","Code","Batch ID","Transactiereferentie","Machtigingskenmerk","Incassant ID","Betalingskenmerk","Omschrijving-1","Omschrijving-2","Omschrijving-3","Reden retour","Oorspr bedrag","Oorspr munt","Koers"';

function raboRow(account: string, volgnr: string, date: string, amount: string, saldo: string, name: string) {
  return `"${account}","EUR","RABONL2U","${volgnr}","${date}","${date}","${amount}","${saldo}","NL20INGB0001234567","${name}","","","INGBNL2A","cb","","","","","","Factuur","","","","","",""`;
}

const RABO = [
  RABO_HEADER,
  raboRow('NL50RABO0123456789', '1', '2024-01-02', '+100,00', '+1100,00', 'Klant A'),
  raboRow('NL50RABO0123456789', '2', '2024-01-03', '+50,00', '+1150,00', 'Klant B'),
  raboRow('NL50RABO0123456789', '3', '2024-01-04', '-25,00', '+1125,00', 'Klant C'),
];

const ING = [
  '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mutatiesoort";"Mededelingen"',
  '"20240105";"Energie BV";"NL69INGB0123456789";"NL91ABNA0417164300";"IC";"Af";"25,50";"Incasso";"Termijn"',
  '"20240106";"Klant BV";"NL69INGB0123456789";"NL20INGB0001234567";"OV";"Bij";"12,10";"Overschrijving";"Factuur 7"',
];

const KNAB = [
  'KNAB EXPORT;;;;;;;;;;;;;;;',
  'Rekeningnummer;Transactiedatum;Valutacode;CreditDebet;Bedrag;Tegenrekeningnummer;Tegenrekeninghouder;Valutadatum;Betaalwijze;Omschrijving;Type betaling;Machtigingsnummer;Incassant ID;Adres;Referentie;Boekdatum',
  'NL92KNAB0123123123;05-01-2024;EUR;D;12,50;NL91ABNA0417164300;Energie BV;05-01-2024;Incasso;Termijn;SEPA;M-1;;;R1;05-01-2024',
  'NL92KNAB0123123123;06-01-2024;EUR;C;40,00;NL20INGB0001234567;Klant BV;06-01-2024;Overboeking;Factuur;SEPA;;;;R2;06-01-2024',
];

const ABN_TAB = [
  '123456789\tEUR\t20240105\t1000,00\t975,00\t20240105\t-25,00\tBEA   NR:1234 05.01.24/10.00 BAKKER,PAS123',
  '123456789\tEUR\t20240106\t975,00\t1075,00\t20240106\t100,00\t/TRTP/SEPA OVERBOEKING/IBAN/NL20INGB0001234567/NAME/Klant/REMI/Factuur 9/',
];

const ASN = [
  "02-01-2020,NL81ASNB9999999999,NL47INGB9999999999,hr jansen,,,,EUR,444.29,EUR,-65.00,02-01-2020,02-01-2020,8810,OVB,12345678,,'Betaling',1",
  "03-01-2020,NL81ASNB9999999999,,,,,,EUR,379.29,EUR,-1.65,03-01-2020,03-01-2020,8820,DIV,12345679,,'Kosten',1",
];

const RABO_LEGACY = [
  '"NL50RABO0123456789","EUR",20170102,"D",12.50,"NL91ABNA0417164300","ENERGIE BV",20170103,"ei","","Termijn","","","","","","E2E-5","",""',
  '"NL50RABO0123456789","EUR",20170104,"C",100.00,"","",20170104,"cb","","Rente","","","","","","","",""',
];

/** [layout, export lines, line number (1-based) to break, good text, broken text, expected error]. */
const BROKEN_ROWS: [string, string[], number, string, string, string][] = [
  ['rabobank', RABO, 3, '"+50,00"', '"+5O,00"', 'line 3 amount "+5O,00": not a number'],
  [
    'rabobank',
    RABO,
    3,
    '"2024-01-03","2024-01-03"',
    '"2024-13-03","2024-01-03"',
    'line 3 date "2024-13-03": not a date',
  ],
  ['ing', ING, 2, '"Af"', '"Op"', 'line 2 Af Bij "op": expected "Af" or "Bij"'],
  ['ing', ING, 3, '"12,10"', '"12.1O"', 'line 3 amount "12.1O": not a number'],
  ['knab', KNAB, 3, ';D;', ';X;', 'line 3 CreditDebet "X": expected "C" or "D"'],
  ['abnamro-tab', ABN_TAB, 2, '\t100,00\t', '\t1OO\t', 'line 2 amount "1OO": not a number'],
  [
    'abnamro-tab',
    ABN_TAB,
    2,
    '\t20240106\t100,00\t',
    '\t20240106 100,00 ',
    'line 2 columns "6": expected 8 TAB-separated columns',
  ],
  ['asn', ASN, 2, '03-01-2020,NL81', '33-01-2020,NL81', 'line 2 date "33-01-2020": not a date'],
  ['rabobank-legacy', RABO_LEGACY, 2, '"C",100.00', '"X",100.00', 'line 2 bij/af code "X": expected C or D'],
];

describe('a row that cannot be read blocks its statement', () => {
  it.each(BROKEN_ROWS)('%s: %#', (layout, lines, lineNumber, good, broken, expected) => {
    // Prepare
    const copy = [...lines];
    expect(copy[lineNumber - 1]).toContain(good);
    copy[lineNumber - 1] = (copy[lineNumber - 1] as string).replace(good, broken);
    // Act
    const result = parseStatementFile(bytes(copy.join('\r\n')));
    // Assess
    expect(result.format).toBe('csv');
    expect(result.errors).toEqual([]);
    expect(result.statements).toHaveLength(1);
    const [statement] = result.statements;
    expect(statement?.formatVersion).toBe(layout);
    expect(statement?.errors).toContain(expected);
    expect(statement?.balanceCheck).not.toBe('ok');
    const dataRows = lines.filter((line) => !/^("?IBAN\/BBAN|"Datum"|KNAB EXPORT|Rekeningnummer)/.test(line));
    expect(statement?.entries).toHaveLength(dataRows.length - 1);
  });

  it('a broken row of another account becomes a statement of that account without entries', () => {
    // Prepare
    const lines = [...RABO, raboRow('NL39RABO0300065264', '9', '2024-01-04', '+1x', '+10,00', 'Klant D')];
    // Act
    const result = parseStatementFile(bytes(lines.join('\n')));
    // Assess
    expect(result.statements.map((statement) => [statement.account, statement.entries.length])).toEqual([
      ['NL50RABO0123456789', 3],
      ['NL39RABO0300065264', 0],
    ]);
    expect(result.statements[0]?.errors).toEqual([]);
    expect(result.statements[1]?.errors).toEqual(['line 5 amount "+1x": not a number']);
  });

  it('a broken row whose account cannot be read either blocks every statement of the file', () => {
    // Prepare
    const lines = [
      ...RABO,
      raboRow('NL39RABO0300065264', '9', '2024-01-04', '+10,00', '+10,00', 'Klant D'),
      raboRow('', '10', '2024-01-05', '+x', '', 'Klant E'),
    ];
    // Act
    const result = parseStatementFile(bytes(lines.join('\n')));
    // Assess
    expect(result.statements).toHaveLength(2);
    for (const statement of result.statements)
      expect(statement.errors).toContain('line 6 amount "+x": not a number');
  });

  it('no row, however broken, vanishes: every data row is an entry or an error', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 99_999 })), {
          minLength: 1,
          maxLength: 30,
        }),
        (rows) => {
          // Prepare
          const lines = [
            ING[0] as string,
            ...rows.map(
              ([broken, cents], index) =>
                `"202401${String((index % 28) + 1).padStart(2, '0')}";"Partij";"NL69INGB0123456789";"";"GT";"Bij";"${broken ? 'x' : ''}${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}";"";""`,
            ),
          ];
          // Act
          const result = parseStatementFile(bytes(lines.join('\n')));
          // Assess
          const entries = result.statements.reduce((sum, statement) => sum + statement.entries.length, 0);
          const rowErrors = result.statements.flatMap((statement) => statement.errors).length;
          expect(entries + rowErrors).toBe(rows.length);
          expect(result.statements.every((statement) => statement.account === 'NL69INGB0123456789')).toBe(
            true,
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

const MT940 = [
  '{1:F01INGBNL2AXXXX0000000000}{2:I940INGBNL2AXXXXN}{4:',
  ':20:P240105000000001',
  ':25:NL69INGB0123456789EUR',
  ':28C:00001',
  ':60F:C240104EUR100,00',
  ':61:2401050105D25,50NTRFEREF//24005000000001',
  ':86:/EREF/E2E-1//CNTP/NL91ABNA0417164300/ABNANL2A/Energie BV///REMI/USTD//Termijn/',
  ':62F:C240105EUR74,50',
  '-}',
];

describe('MT940 tags outside a statement', () => {
  // Issue 9 §2: entries after a `-` line with no new block are the statement's own; this test used to expect
  // them to be errors. Once the statement has its closing balance, stray lines still block it.
  it('lines after a stray block end, before the closing balance, continue the statement', () => {
    // Prepare: the block ends early, the last line and the closing balance follow outside it
    const text = [
      ...MT940.slice(0, 7),
      '-}',
      ':61:2401050105D10,00NTRFNONREF',
      ':86:/REMI/USTD//Kosten/',
      ':62F:C240105EUR64,50',
    ].join('\r\n');
    // Act
    const result = parseStatementFile(bytes(text));
    // Assess
    expect(result.errors).toEqual([]);
    expect(result.statements).toHaveLength(1);
    expect(result.statements[0]?.errors).toEqual([]);
    expect(result.statements[0]?.entries.map((entry) => entry.amountCents)).toEqual([-2550, -1000]);
    expect(result.statements[0]?.balanceCheck).toBe('ok');
  });

  it('entries after the closing balance and a block end become a statement of their own that is not booked', () => {
    // Prepare
    const text = [...MT940, ':61:2401050105D10,00NTRFNONREF', ':86:/REMI/USTD//Kosten/'].join('\r\n');
    // Act
    const result = parseStatementFile(bytes(text));
    // Assess
    expect(result.errors).toEqual([]);
    expect(result.statements.map((statement) => [statement.balanceCheck, statement.entries.length])).toEqual([
      ['ok', 1],
      ['not-available', 1],
    ]);
    const [closed, after] = result.statements;
    expect(closed?.errors).toEqual([]);
    expect(after).toMatchObject({ account: 'NL69INGB0123456789', statementId: 'P240105000000001/00001+' });
    expect(after?.entries[0]).toMatchObject({ amountCents: -1000, remittance: 'Kosten' });
    expect(after?.errors[0]).toMatch(
      /^line 10 :61: "2401050105D10,00NTRFNONREF": after the closing balance of statement P240105000000001\/00001/,
    );
  });

  it('a statement whose :20: is lost is read but carries an error, so it is not booked', () => {
    // Prepare: a second statement in its own block, with its :20: line mangled
    const second = MT940.map((line) => line.replace(':20:P240105000000001', ':2O:P240106000000001'))
      .map((line) => line.replace('240105', '240106').replace('0105', '0106'))
      .join('\r\n');
    // Act
    const result = parseStatementFile(bytes(`${MT940.join('\r\n')}\r\n${second}`));
    // Assess
    expect(result.errors).toEqual([]);
    expect(result.statements).toHaveLength(2);
    expect(result.statements[0]?.errors).toEqual([]);
    expect(result.statements[1]?.entries).toHaveLength(1);
    expect(result.statements[1]?.errors).toContainEqual(
      expect.stringMatching(/^line \d+ :25: .*statement has no transaction reference :20:/),
    );
  });

  it('tags before the first :20: stay file errors', () => {
    // Prepare
    const text = [':25:NL69INGB0123456789EUR', ...MT940].join('\r\n');
    // Act
    const result = parseStatementFile(bytes(text));
    // Assess
    expect(result.errors).toEqual(['line 1 :25: outside a statement (no :20: before it)']);
    expect(result.statements[0]?.errors).toEqual([]);
  });
});

describe('MT940 debit/credit marks', () => {
  it.each([
    ['C', 2550, false],
    ['D', -2550, false],
    ['RD', 2550, true], // reversal of a debit: money comes back
    ['RC', -2550, true], // reversal of a credit: money goes out again
  ])('%s → %i cents, reversal %s', (mark, cents, reversal) => {
    // Prepare
    const closing = 10000 + cents;
    const text = MT940.map((line) =>
      line
        .replace(':61:2401050105D25,50', `:61:2401050105${mark}25,50`)
        .replace(
          ':62F:C240105EUR74,50',
          `:62F:C240105EUR${Math.floor(closing / 100)},${String(closing % 100).padStart(2, '0')}`,
        ),
    ).join('\r\n');
    // Act
    const statement = parseStatementFile(bytes(text)).statements[0];
    // Assess
    expect(statement?.balanceCheck).toBe('ok');
    expect(statement?.entries[0]?.amountCents).toBe(cents);
    expect(statement?.entries[0]?.reversal ?? false).toBe(reversal);
  });
});

describe('latin-1 (Windows-1252) bank CSV', () => {
  it.each([
    ['Rabobank', RABO, 'Klant B', 'Café Ëlzenhof'],
    ['ING', ING, 'Klant BV', 'Crème Brûlée & Zoën'],
    ['Knab', KNAB, 'Klant BV', 'Hôtel Naïef'],
  ])('%s export decodes names with accents', (_bank, lines, plain, accented) => {
    // Prepare
    const text = lines.join('\r\n').replace(plain, accented);
    // Act
    const result = parseStatementFile(latin1(text));
    // Assess
    expect(result.encoding).toBe('windows-1252');
    expect(result.statements[0]?.errors).toEqual([]);
    expect(result.statements[0]?.entries.map((entry) => entry.counterpartyName)).toContain(accented);
  });
});
