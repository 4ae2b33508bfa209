import { describe, expect, it } from 'vitest';
import { type ParseResult, parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import type { BankEntry } from '../../../lib/bank/statement.ts';
import { statementRejection } from '../../../lib/bank/statement-rejection.ts';
import { corpusFiles, readCorpusFile } from '../../support/corpus.ts';
import { withCorpus } from '../../support/needs-shared.ts';

/**
 * One minimal statement per MT940 quirk of lib/bank/parsers/mt940/README.md, built here. Each row: the
 * quirk, the file's text, and what must come out: per statement its balance check and entry amounts, and
 * what else the quirk is about.
 */
const bytes = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

const HEAD = [':20:940S240105', ':25:NL50RABO0123456789EUR', ':28C:1', ':60F:C240104EUR100,00'];
/** A statement of account NL50RABO0123456789 opening with 100.00 on 2024-01-04. */
const statement = (...body: string[]) => [...HEAD, ...body];
const CLOSE_74_50 = ':62F:C240105EUR74,50';
const DEBIT_25_50 = ':61:2401050105D25,50NTRFNONREF';

interface Expected {
  /** Per statement: balance check and the entries' amounts in cents. */
  statements: [string, number[]][];
  fileErrors?: string[];
  /** Errors of each statement (a regex per error, in order); absent = none. */
  errors?: RegExp[][];
  entry?: Partial<BankEntry>;
  /** Fields no entry may have. */
  absent?: (keyof BankEntry)[];
  /** `[line, text]` of the unreadable lines of the first statement. */
  unreadable?: [number, string][];
  statementIds?: string[];
}

const QUIRKS: [string, string, Expected][] = [
  [
    'Rabobank :86: continuation line that begins with "-" is text',
    statement(DEBIT_25_50, ':86:/EREF/E2E-1/REMI/Factuur 12 prijs', '-korting 2%', CLOSE_74_50, '-').join(
      '\r\n',
    ),
    {
      statements: [['ok', [-2550]]],
      entry: { remittance: 'Factuur 12 prijs-korting 2%', endToEndId: 'E2E-1' },
    },
  ],
  [
    'Rabobank lone "-" line inside :86: before the closing balance',
    statement(DEBIT_25_50, ':86:/REMI/Periode 01-01-2018/31-01-2018 -', '-', CLOSE_74_50).join('\n'),
    { statements: [['ok', [-2550]]], entry: { remittance: 'Periode 01-01-2018/31-01-2018 --' } },
  ],
  [
    'Ctrl-Z (0x1A) before a tag and at the end of the file',
    statement(DEBIT_25_50, '\x1a:86:/REMI/Factuur', `\x1a${CLOSE_74_50}`, '-', '\x1a').join('\r\n'),
    { statements: [['ok', [-2550]]], entry: { remittance: 'Factuur' } },
  ],
  [
    'NUL padding after the message',
    `${statement(DEBIT_25_50, CLOSE_74_50, '-').join('\n')}\n\0\0\0\0`,
    { statements: [['ok', [-2550]]] },
  ],
  [
    'old Rabobank: "." decimal mark and zero-padded amounts',
    [
      ':940:',
      ':20:940A030108',
      ':25:1017.490.554EUR',
      ':28:00000/00',
      ':60F:C030107EUR000000020000.00',
      ':61:030109C000000000300.00NMSC170059286',
      ':86:Demo gebruiker',
      ':86:Spaarpot kantine',
      ':62F:C030108EUR000000020300.00',
    ].join('\r\n'),
    {
      statements: [['ok', [30000]]],
      entry: { counterpartyAccount: '170059286', remittance: 'Demo gebruiker Spaarpot kantine' },
    },
  ],
  [
    'old Rabobank: amounts ending in the decimal mark (JPY)',
    [
      ':20:940A030109',
      ':25:1700.59.308JPY',
      ':28:00000/00',
      ':60F:C030108JPY00000000000010.',
      ':61:030112C00000001560395.NMSCNONREF          YAN SO',
      ':86:SEAFREIGHT DECEMBER 1999',
      ':62F:C030109JPY00000001560405.',
    ].join('\n'),
    { statements: [['ok', [156039500]]], entry: { counterpartyName: 'YAN SO', currency: 'JPY' } },
  ],
  [
    ':61: without transaction type code: amount directly followed by //reference',
    statement(':61:2401050105D25,50//REF123', CLOSE_74_50, '-').join('\n'),
    { statements: [['ok', [-2550]]], entry: { bankReference: 'REF123' } },
  ],
  [
    ':61: without transaction type code and without reference',
    statement(':61:2401050105D25,50', CLOSE_74_50, '-').join('\n'),
    { statements: [['ok', [-2550]]] },
  ],
  [
    'entries after a lone "-" line with no new block',
    statement(
      DEBIT_25_50,
      ':86:/REMI/Een',
      '-',
      ':61:2401050105D10,00NTRFNONREF',
      ':86:/REMI/Twee',
      ':62F:C240105EUR64,50',
      '-',
    ).join('\n'),
    { statements: [['ok', [-2550, -1000]]] },
  ],
  [
    'entries after a "-}" trailer with no new block, before the closing balance',
    [
      '{1:F01RABONL2UAXXX0000000000}{2:I940RABONL2UXXXXN}{4:',
      ...statement(DEBIT_25_50, '-}', ':61:2401050105D10,00NTRFNONREF', ':62F:C240105EUR64,50', '-}'),
    ].join('\n'),
    { statements: [['ok', [-2550, -1000]]] },
  ],
  [
    'entries after the closing balance and a "-": a statement of their own, never booked',
    statement(DEBIT_25_50, CLOSE_74_50, '-', ':61:2401050105D10,00NTRFNONREF', ':86:/REMI/Kosten').join('\n'),
    {
      statements: [
        ['ok', [-2550]],
        ['not-available', [-1000]],
      ],
      errors: [
        [],
        [/^line 8 :61: .*after the closing balance of statement 940S240105\/1/, /no opening balance/],
      ],
      statementIds: ['940S240105/1', '940S240105/1+'],
    },
  ],
  [
    'SWIFT envelope on one line, "-}{5:…}" trailer',
    [
      '{1:F01INGBNL2AXXXX0000000000}{2:I940INGBNL2AXXXXN}{3:}{4:',
      ...statement(DEBIT_25_50, CLOSE_74_50),
      '-}{5:{CHK:123456789ABC}}',
    ].join('\r\n'),
    { statements: [['ok', [-2550]]] },
  ],
  [
    'SWIFT envelope blocks on lines of their own (ING)',
    [
      '{1:F01INGBNL2ABXXX0000000000}',
      '{2:I940INGBNL2AXXXN}',
      '{4:',
      ...statement(DEBIT_25_50, CLOSE_74_50),
      '-}',
    ].join('\n'),
    { statements: [['ok', [-2550]]] },
  ],
  [
    '"-XXX" trailer and ING preamble lines',
    ['0000 01INGBNL2AXXXX00001', '940 00', ...statement(DEBIT_25_50, CLOSE_74_50), '-XXX'].join('\n'),
    { statements: [['ok', [-2550]]] },
  ],
  [
    'CR-only line ends',
    statement(DEBIT_25_50, ':86:/REMI/Factuur', CLOSE_74_50, '-').join('\r'),
    { statements: [['ok', [-2550]]], entry: { remittance: 'Factuur' } },
  ],
  [
    'Rabobank pads lines with trailing spaces',
    statement(
      `${DEBIT_25_50}      `,
      ':86:/REMI/Factuur                              ',
      `${CLOSE_74_50}   `,
      '-   ',
    ).join('\r\n'),
    { statements: [['ok', [-2550]]], entry: { remittance: 'Factuur' } },
  ],
  [
    'funds code after the mark (DR, CR)',
    statement(':61:2401050105DR30,50NTRFNONREF', ':61:2401050105CR5,00NTRFNONREF', CLOSE_74_50).join('\n'),
    { statements: [['ok', [-3050, 500]]] },
  ],
  [
    'space or line break between mark and amount (cuscal, Sparkassen)',
    statement(':61:2401050105D 20,50NTRFNONREF', ':61:2401050105DR', '5,00NTRFNONREF', CLOSE_74_50).join(
      '\n',
    ),
    { statements: [['ok', [-2050, -500]]] },
  ],
  [
    'RC/RD reversals',
    statement(':61:2401050105RD30,00NTRFNONREF', ':61:2401050105RC55,50NTRFNONREF', CLOSE_74_50).join('\n'),
    { statements: [['ok', [3000, -5550]]], entry: { reversal: true } },
  ],
  [
    'no entry date (Rabobank) and spaces for the entry date (ASN)',
    statement(':61:240105D20,50NTRFNONREF', ':61:240105    D5,00NTRFNONREF', CLOSE_74_50).join('\n'),
    { statements: [['ok', [-2050, -500]]], entry: { bookingDate: '2024-01-05', valueDate: '2024-01-05' } },
  ],
  [
    'lower-case tag letters',
    statement(DEBIT_25_50, ':62f:C240105EUR74,50').join('\n'),
    { statements: [['ok', [-2550]]] },
  ],
  [
    'German :NS: field after :86: is not remittance',
    statement(DEBIT_25_50, ':86:/REMI/Factuur 9', ':NS:22Kontostand', '23Umsatz', CLOSE_74_50).join('\n'),
    { statements: [['ok', [-2550]]], entry: { remittance: 'Factuur 9' } },
  ],
  [
    'a time wrapped at the line width inside :86: is text (ING "…2017 00" + ":00:00/")',
    statement(
      ':61:2401050105D25,50NDDTEREF//6666666666666',
      ':86:/EREF/0000008668-0000000000-001//CNTP/NL88INGB0999999999/INGBNL2A/RAAMEN NV///REM',
      'I/USTD//KASSA VERZAMELFACTUUR DINSDAG 2 ABC-654321 05/31/2017 00',
      ':20:00/',
      CLOSE_74_50,
    ).join('\n'),
    {
      statements: [['ok', [-2550]]],
      entry: { remittance: 'KASSA VERZAMELFACTUUR DINSDAG 2 ABC-654321 05/31/2017 00:20:00' },
    },
  ],
  [
    'several statements, with and without "-" between them; :28: forms',
    [
      ...statement(DEBIT_25_50, CLOSE_74_50),
      '-',
      ':20:940S240106',
      ':25:NL50RABO0123456789 EUR',
      ':28:00000/00',
      ':60F:C240105EUR74,50',
      ':62F:C240106EUR74,50',
      ':20:940S240107',
      ':25:NL50RABO0123456789',
      ':28C:17109',
      ':60F:C240106EUR74,50',
      ':61:240107C0,50N541EREF',
      ':62F:C240107EUR75,00',
    ].join('\n'),
    {
      statements: [
        ['ok', [-2550]],
        ['ok', []],
        ['ok', [50]],
      ],
      statementIds: ['940S240105/1', '940S240106/00000/00', '940S240107/17109'],
    },
  ],
  [
    ':64:/:65: balances and ING statement information :86: after the closing balance',
    statement(
      DEBIT_25_50,
      ':86:/REMI/USTD//Termijn/',
      CLOSE_74_50,
      ':64:C240105EUR74,50',
      ':65:C240106EUR74,50',
      ':86:/SUM/1/0/25,50/0,00/',
      '-}',
    ).join('\n'),
    { statements: [['ok', [-2550]]], entry: { remittance: 'Termijn' } },
  ],
  [
    'intermediate balances :60M:/:62M:',
    [...HEAD.slice(0, 3), ':60M:C240104EUR100,00', DEBIT_25_50, ':62M:C240105EUR74,50', '-'].join('\n'),
    { statements: [['ok', [-2550]]] },
  ],
  [
    'ABN AMRO "dagafschrift" without :20: (preamble, then :25:)',
    [
      'ABNANL2A',
      '940',
      'ABNANL2A',
      ':25:NL91ABNA0417164300',
      ':28:17501/1',
      ':60F:C240104EUR100,00',
      DEBIT_25_50,
      CLOSE_74_50,
      '-',
    ].join('\n'),
    { statements: [['ok', [-2550]]], statementIds: ['17501/1'] },
  ],
  [
    'ABN AMRO statements without :20: one after another, without a block end',
    [
      'ABNANL2A',
      '940',
      'ABNANL2A',
      ':25:NL91ABNA0417164300',
      ':28:17501/1',
      ':60F:C240104EUR100,00',
      DEBIT_25_50,
      CLOSE_74_50,
      ':64:C240105EUR74,50',
      ':25:NL91ABNA0417164300',
      ':28:17502/1',
      ':60F:C240105EUR74,50',
      ':61:2401060106C0,50N654NONREF',
      ':62F:C240106EUR75,00',
    ].join('\n'),
    {
      statements: [
        ['ok', [-2550]],
        ['ok', [50]],
      ],
      statementIds: ['17501/1', '17502/1'],
    },
  ],
  [
    'a statement header after a closing balance, without its :20:, is a statement that is not booked',
    statement(
      DEBIT_25_50,
      CLOSE_74_50,
      ':25:NL50RABO0123456789EUR',
      ':28C:2',
      ':60F:C240105EUR74,50',
      ':62F:C240106EUR74,50',
    ).join('\n'),
    {
      statements: [
        ['ok', [-2550]],
        ['ok', []],
      ],
      errors: [[], [/^line 7 :25: .*statement has no transaction reference :20: before it$/]],
    },
  ],
  [
    ':25: with a leading "/"',
    [
      ':20:MT940',
      ':25:/NL50RABO0123456789',
      ':28C:9',
      ':60F:C240104EUR100,00',
      DEBIT_25_50,
      CLOSE_74_50,
    ].join('\n'),
    { statements: [['ok', [-2550]]] },
  ],
  [
    'Triodos type code with a space, > subfields',
    statement(
      ':61:2401050105D25,50NIT NONREF',
      ':86:000>100555555555',
      '>20TENAAMSTELLING',
      '>310666666666',
      CLOSE_74_50,
    ).join('\n'),
    { statements: [['ok', [-2550]]], entry: { transactionType: 'NIT' } },
  ],
  [
    'Knab /BBAN/ counter account',
    statement(
      ':61:2401050105D25,50N110NONREF//C0D27XM01D000031',
      ':86:/TRTP/SEPA OVERBOEKING/BBAN/53851317/BIC/KNABNL2HXXX/NAME/NAMENAM',
      'E B.V./REMI/OPNAME',
      CLOSE_74_50,
    ).join('\n'),
    {
      statements: [['ok', [-2550]]],
      entry: {
        counterpartyAccount: '53851317',
        counterpartyName: 'NAMENAME B.V.',
        transactionType: 'SEPA OVERBOEKING',
      },
    },
  ],
  [
    'coded supplementary details on the :61: line (/OCMT/, /CHGS/, ING /TRCD/) are no counterparty name',
    statement(
      ':61:2401050105DR25,50NTRFREFERENCE//MUL0408041114005',
      '/OCMT/EUR25,5//CHGS/EUR0,5/',
      CLOSE_74_50,
    ).join('\n'),
    {
      statements: [['ok', [-2550]]],
      entry: { bankReference: 'MUL0408041114005' },
      absent: ['counterpartyName'],
    },
  ],
  [
    'German banks: balance without currency, :NS: before the opening balance, funds code M (DEM)',
    [
      ':20:STARTUMS',
      ':25:1222333444',
      ':28:1/1',
      ':NS:22Test GmbH',
      '23Testkonto',
      ':60F:C020315DEM0,00',
      ':61:0203170320CM5000,00S05168790452',
      ':NS:01Verwendungszweck 1',
      ':61:020322DM2000,00NCHG',
      ':62M:C0203153000,00',
    ].join('\n'),
    { statements: [['ok', [500000, -200000]]], entry: { currency: 'DEM' } },
  ],
  [
    'trailing spaces after every field, BIC/account in :25:, F type codes, a space before the :86: GVC code',
    [
      ':20:TELEWIZORY S.A. ',
      ':25:BPHKPLPK/320000546101 ',
      ':28C:00084/001 ',
      ':60F:C031002PLN40000,00 ',
      ':61:0310201020C20000,00FMSCNONREF//8327000090031789 ',
      'Card transaction ',
      ':86: 020?00Wyplata?2008106000760000777777777777?3010600076?32HUTA SZKLA ',
      ':62F:C031020PLN60000,00 ',
      '',
      '-',
    ].join('\n'),
    {
      statements: [['ok', [2000000]]],
      entry: { bankReference: '8327000090031789', remittance: '08106000760000777777777777', currency: 'PLN' },
      statementIds: ['TELEWIZORY S.A./00084/001'],
    },
  ],
  [
    'MT942 interim report: currency from :34F:, entries checked against :90D:/:90C:, never booked',
    [
      ':20:ST170119CYC/0001',
      ':25:PL29114010810000267002001002',
      ':28C:1/1',
      ':34F:PLN0',
      ':13D:1701191815+0100',
      ':61:1701190119CN0,01NTRFNONREF//MB170119012058',
      '911-TRANSAKCJA IPH',
      ':86:911 TRANSAKCJA COLLECT',
      ':61:1701190119CN0,02NTRFNONREF//MB170119012085',
      ':86:911 TRANSAKCJA COLLECT',
      ':90D:0PLN0,00',
      ':90C:%CREDITS%',
      '-',
    ]
      .join('\n')
      .replace('%CREDITS%', '2PLN0,03'),
    {
      statements: [['not-available', [1, 2]]],
      errors: [[/no opening balance/]],
      entry: { currency: 'PLN', bankReference: 'MB170119012058' },
    },
  ],
  [
    'MT942 whose entries do not match its :90C: count and sum',
    [
      ':20:ST170119CYC/0001',
      ':25:PL29114010810000267002001002',
      ':28C:1/1',
      ':34F:PLN0',
      ':13D:1701191815+0100',
      ':61:1701190119CN0,01NTRFNONREF//MB170119012058',
      '911-TRANSAKCJA IPH',
      ':86:911 TRANSAKCJA COLLECT',
      ':61:1701190119CN0,02NTRFNONREF//MB170119012085',
      ':86:911 TRANSAKCJA COLLECT',
      ':90D:0PLN0,00',
      ':90C:%CREDITS%',
      '-',
    ]
      .join('\n')
      .replace('%CREDITS%', '3PLN0,04'),
    {
      statements: [['not-available', [1, 2]]],
      errors: [
        [/no opening balance/, /^line 12 :90C: 3 credit entries of 0\.04, but the statement has 2 of 0\.03$/],
      ],
    },
  ],
  [
    'a sign inside a balance amount is refused, not applied',
    statement(DEBIT_25_50, ':62F:C240105EUR-74,50').join('\n'),
    {
      statements: [['incomplete', [-2550]]],
      errors: [
        [
          /^line 6 :62F: amount "-74,50": a sign in the amount \(C\/D gives it\)$/,
          /no closing balance :62F:/,
        ],
      ],
    },
  ],
  [
    'a closing balance in another currency than the opening balance cannot be checked',
    statement(DEBIT_25_50, ':62F:C240105USD74,50').join('\n'),
    {
      statements: [['incomplete', [-2550]]],
      errors: [[/^line 6 :62F: currency "USD": differs from the statement's currency EUR$/]],
      unreadable: [[6, ':62F:C240105USD74,50']],
    },
  ],
  [
    'a line that is no tag after a balance cannot be read: incomplete, named',
    statement(DEBIT_25_50, CLOSE_74_50, 'RUBBISH 123,45').join('\n'),
    {
      statements: [['incomplete', [-2550]]],
      errors: [[/^line 7 "RUBBISH 123,45": not a tag, and :62F: holds one line$/]],
      unreadable: [[7, 'RUBBISH 123,45']],
    },
  ],
  [
    'an unreadable :61: makes the statement incomplete even when the balances add up',
    statement(':61:2401050105D25,5ONTRFNONREF', ':62F:C240105EUR100,00').join('\n'),
    {
      statements: [['incomplete', []]],
      errors: [[/^line 5 :61: amount "25,5O": not a number$/]],
      unreadable: [[5, ':61:2401050105D25,5ONTRFNONREF']],
    },
  ],
  [
    'a mangled :61: inside a statement is named, not read as :86: text',
    statement(
      DEBIT_25_50,
      ':86:/REMI/Een',
      ':6l:2401050105D10,00NTRFNONREF',
      ':86:/REMI/Twee',
      ':62F:C240105EUR64,50',
    ).join('\n'),
    {
      statements: [['incomplete', [-2550]]],
      errors: [
        [
          /^line 7 ":6l:2401050105D10,00NTRFNONREF": not an MT940 tag, but shaped like a statement line or balance$/,
          /^balance check: .*difference -10\.00/,
        ],
      ],
      unreadable: [[7, ':6l:2401050105D10,00NTRFNONREF']],
    },
  ],
  [
    'a statement line that lost its tag is named, not read as :86: text',
    statement(DEBIT_25_50, ':86:/REMI/Een', '2401050105D10,00NTRFNONREF', ':62F:C240105EUR64,50').join('\n'),
    {
      statements: [['incomplete', [-2550]]],
      errors: [[/^line 7 "2401050105D10,00NTRFNONREF": not an MT940 tag/, /^balance check: /]],
      unreadable: [[7, '2401050105D10,00NTRFNONREF']],
      entry: { remittance: 'Een' },
    },
  ],
  [
    'a mangled tag (":2O:") in front of a statement is named, the statement not booked',
    [
      ...statement(DEBIT_25_50, CLOSE_74_50, '-'),
      ':2O:940S240106',
      ':25:NL50RABO0123456789',
      ':28C:2',
      ':60F:C240105EUR74,50',
      ':62F:C240106EUR74,50',
    ].join('\n'),
    {
      statements: [
        ['ok', [-2550]],
        ['incomplete', []],
      ],
      errors: [
        [],
        [/statement has no transaction reference :20:/, /^line 8 ":2O:940S240106": not an MT940 tag$/],
      ],
    },
  ],
];

function summary(result: ParseResult): [string, number[]][] {
  return result.statements.map((item) => [item.balanceCheck, item.entries.map((entry) => entry.amountCents)]);
}

describe('MT940 quirks (lib/bank/parsers/mt940/README.md)', () => {
  it.each(QUIRKS)('%s', (_quirk, text, expected) => {
    // Prepare / Act
    const result = parseStatementFile(bytes(text));
    // Assess
    expect(result.format).toBe('mt940');
    expect(result.errors).toEqual(expected.fileErrors ?? []);
    expect(summary(result)).toEqual(expected.statements);
    result.statements.forEach((item, index) => {
      const patterns = expected.errors?.[index] ?? [];
      expect(item.errors).toHaveLength(patterns.length);
      for (const [at, pattern] of patterns.entries()) expect(item.errors[at]).toMatch(pattern);
    });
    if (expected.entry) {
      const entries = result.statements.flatMap((item) => item.entries);
      expect(entries.some((entry) => expect.objectContaining(expected.entry).asymmetricMatch(entry))).toBe(
        true,
      );
    }
    for (const key of expected.absent ?? []) {
      for (const entry of result.statements.flatMap((item) => item.entries))
        expect(entry[key]).toBeUndefined();
    }
    if (expected.unreadable) {
      expect(result.statements[0]?.unreadableLines?.map((line) => [line.line, line.text])).toEqual(
        expected.unreadable,
      );
    }
    if (expected.statementIds) {
      expect(result.statements.map((item) => item.statementId)).toEqual(expected.statementIds);
    }
  });
});

describe('MT940 statements with lines that could not be read', () => {
  it(
    'are never ok, over the whole corpus: a statement naming a line is incomplete or blocked otherwise',
    withCorpus(),
    () => {
      for (const name of corpusFiles('mt940')) {
        // Prepare / Act
        const result = parseStatementFile(readCorpusFile('mt940', name), name);
        // Assess
        for (const item of result.statements) {
          if (item.unreadableLines?.length) expect(item.balanceCheck, name).toBe('incomplete');
          if (item.errors.some((error) => /^line \d+ /.test(error)))
            expect(item.balanceCheck, name).not.toBe('ok');
        }
      }
    },
  );

  it('are rejected with the lines named, truncated', () => {
    // Prepare
    const long = `RUBBISH ${'x'.repeat(200)}`;
    const text = statement(DEBIT_25_50, ':61:2401050105D2,5ONTRFNONREF', CLOSE_74_50, long).join('\n');
    // Act
    const [item] = parseStatementFile(bytes(text)).statements;
    const rejection = item ? statementRejection(item) : undefined;
    // Assess
    expect(item?.balanceCheck).toBe('incomplete');
    expect(rejection).toMatch(/^statement has lines that could not be read/);
    expect(rejection).toContain('line 6 ":61:2401050105D2,5ONTRFNONREF": :61: amount "2,5O": not a number');
    expect(rejection).toContain(`line 8 "${long.slice(0, 59)}…"`);
    expect(rejection?.length).toBeLessThan(400);
  });
});
