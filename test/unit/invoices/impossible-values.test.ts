import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../../events/index.ts';
import {
  type InvoiceResult,
  inMemoryInvoiceContext,
  processInvoiceFile,
} from '../../../lib/invoices/index.ts';
import { readCalendarDate, readDecimal } from '../../../lib/invoices/values/index.ts';
import { corpusSample } from '../../support/corpus.ts';
import { withCorpus } from '../../support/needs-shared.ts';
import { buildPdf, CII, utf8 } from './helpers.ts';

const UBL = corpusSample('ubl', 'si-ubl-2.0__SI-UBL-2.0.3.2__SI-UBL-2.0_ok_base.xml');
const UBL_NS = 'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"';
const CII_NS = 'xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"';

const run = (text: string, filename = 'invoice.xml') =>
  processInvoiceFile(
    { bytes: utf8(text), filename, direction: 'purchase', administration: 'DEMO', tenant: 'acme' },
    inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
  );

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The base UBL invoice with the text of the first <tag> replaced. */
function ublWith(tag: string, value: string): string {
  const pattern = new RegExp(`(<${tag}\\b[^>]*>)[^<]*(</${tag}>)`);
  expect(pattern.test(UBL.text)).toBe(true);
  return UBL.text.replace(
    pattern,
    (_all, open: string, close: string) => `${open}${escapeXml(value)}${close}`,
  );
}

function expectRefused(result: InvoiceResult, rule: string, path: string, quoted: string): void {
  expect(result.status).toBe('rejected');
  expect(result.events).toEqual([]);
  expect(result.proposal).toBeNull();
  const finding = result.findings.find((f) => f.rule === rule);
  expect(finding, JSON.stringify(result.findings)).toMatchObject({ severity: 'fatal', path });
  expect(finding?.message).toContain(quoted);
}

/** Documents as [name, text]; the UBL ones are built from the corpus base invoice when their test runs. */
type DocumentRow = [string, () => string];

describe('Invoice parser: well-formed XML that is not UBL or CII', () => {
  const refusedUbl: DocumentRow[] = [
    [
      'a UBL Invoice root in another namespace',
      () => UBL.text.replace(UBL_NS, 'xmlns="urn:example:invoice"'),
    ],
    ['a UBL Invoice root in no namespace', () => UBL.text.replace(UBL_NS, '')],
    [
      'an Invoice root in the CreditNote namespace',
      () => UBL.text.replace(UBL_NS, 'xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"'),
    ],
  ];
  const refusedCii: DocumentRow[] = [
    [
      'a CII root in another namespace',
      () => CII.replace(CII_NS, 'xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"'),
    ],
  ];
  const refusesWithAFinding = async (_name: string, text: () => string) => {
    // Act
    const result = await run(text());
    // Assess
    expect(result.status).toBe('rejected');
    expect(result.events).toEqual([]);
    expect(result.findings[0]).toMatchObject({ rule: 'DOC-NAMESPACE', severity: 'fatal' });
    expect(result.findings[0]?.message).toMatch(/namespace/);
  };
  it.each(refusedUbl)('refuses %s with a clear finding and books nothing', withCorpus(), refusesWithAFinding);
  it.each(refusedCii)('refuses %s with a clear finding and books nothing', refusesWithAFinding);

  const readUbl: DocumentRow[] = [
    ['UBL with a default namespace', () => UBL.text],
    [
      'UBL with a prefixed root',
      () =>
        UBL.text
          .replace('<Invoice ', '<ubl:Invoice ')
          .replace('</Invoice>', '</ubl:Invoice>')
          .replace(UBL_NS, 'xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"'),
    ],
  ];
  const stillReads = async (_name: string, text: () => string) => {
    // Act
    const result = await run(text());
    // Assess
    expect(result.status).not.toBe('rejected');
    expect(result.findings.some((f) => f.rule === 'DOC-NAMESPACE')).toBe(false);
  };
  it.each(readUbl)('still reads %s', withCorpus(), stillReads);
  it.each<DocumentRow>([['CII', () => CII]])('still reads %s', stillReads);
});

describe('Invoice parser: dates that do not exist are fatal, with path and value', () => {
  it.each([
    '2026-02-30',
    '0000-00-00',
    '99999-01-01',
    '2026-13-01',
    '2025-02-29',
    '2026-04-31',
    '2026-00-10',
    '20260115',
    '2026-1-5',
    'morgen',
    '2026-02-30T10:00:00',
  ])('UBL IssueDate %s', withCorpus(), async (value) => {
    // Act
    const result = await run(ublWith('cbc:IssueDate', value));
    // Assess
    expectRefused(result, 'UBL-DT-DATE', '/Invoice/cbc:IssueDate', `"${value}"`);
    expect(result.issueDate).toBeNull();
  });

  it('UBL DueDate 2026-02-30', withCorpus(), async () => {
    // Prepare
    const text = ublWith('cbc:IssueDate', '2015-01-09').replace(
      '</cbc:IssueDate>',
      '</cbc:IssueDate><cbc:DueDate>2026-02-30</cbc:DueDate>',
    );
    // Act
    const result = await run(text);
    // Assess
    expectRefused(result, 'UBL-DT-DATE', '/Invoice/cbc:DueDate', '"2026-02-30"');
  });

  it.each(['20260230', '00000000', '2026-02-30', '99991399', '2026'])(
    'CII IssueDateTime %s',
    async (value) => {
      // Act
      const result = await run(CII.replace('>20260115<', `>${value}<`));
      // Assess
      expectRefused(
        result,
        'CII-DT-DATE',
        '/CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime',
        `"${value}"`,
      );
    },
  );

  it('PDF text "Factuurdatum: 31-02-2026"', async () => {
    // Prepare
    const pdf = buildPdf({
      lines: [
        'Drukkerij De Letter B.V.',
        'Factuurnummer: 2026-0042',
        'Factuurdatum: 31-02-2026',
        'Totaal incl. BTW 121,00',
        'BTW 21% over 100,00 21,00',
      ],
    });
    // Act
    const result = await processInvoiceFile(
      { bytes: pdf, filename: 'factuur.pdf', direction: 'purchase', administration: 'DEMO', tenant: 'acme' },
      inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
    );
    // Assess
    expectRefused(result, 'PDF-DT-DATE', '/PDF', '"31-02-2026"');
  });

  it.each([
    ['a leap day', '2024-02-29', '2024-02-29'],
    ['a date with a time zone', '2015-01-09Z', '2015-01-09'],
    ['a date with an offset', '2015-01-09+01:00', '2015-01-09'],
  ])('reads %s', withCorpus(), async (_name, value, expected) => {
    // Act
    const result = await run(ublWith('cbc:IssueDate', value));
    // Assess
    expect(result.findings.filter((f) => f.rule === 'UBL-DT-DATE')).toEqual([]);
    expect(result.issueDate).toBe(expected);
  });
});

describe('Invoice parser: amounts that do not fit are fatal, with path and value', () => {
  const PAYABLE = '/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount';
  it.each([
    ['three hundred digits', '9'.repeat(300), 'UBL-DT-AMOUNT-RANGE'],
    ['fourteen digits before the point', '12345678901234.00', 'UBL-DT-AMOUNT-RANGE'],
    ['thirty decimals', `1.${'3'.repeat(30)}`, 'UBL-DT-AMOUNT-RANGE'],
    ['an exponent', '1e5', 'UBL-DT-AMOUNT'],
    ['a huge exponent', '1E+400', 'UBL-DT-AMOUNT'],
    ['Infinity', 'Infinity', 'UBL-DT-AMOUNT'],
    ['NaN', 'NaN', 'UBL-DT-AMOUNT'],
    ['hexadecimal', '0x10', 'UBL-DT-AMOUNT'],
    ['a decimal comma', '227,00', 'UBL-DT-AMOUNT'],
  ])('UBL PayableAmount with %s', withCorpus(), async (_name, value, rule) => {
    // Act
    const result = await run(ublWith('cbc:PayableAmount', value));
    // Assess
    expectRefused(result, rule, PAYABLE, `"${Array.from(value).slice(0, 39).join('')}`);
    const finding = result.findings.find((f) => f.rule === rule);
    expect(finding?.message.length).toBeLessThan(150);
    expect(result.totals?.payableCents).toBe(0);
  });

  it('CII GrandTotalAmount with three hundred digits', async () => {
    // Act
    const result = await run(
      CII.replace('<ram:GrandTotalAmount>242.00', `<ram:GrandTotalAmount>${'9'.repeat(300)}`),
    );
    // Assess
    expectRefused(
      result,
      'CII-DT-AMOUNT-RANGE',
      '/CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount',
      '"9999',
    );
  });

  it('keeps thirteen digits before the point and leading or trailing zeros', () => {
    // Act & Assess
    expect(readDecimal('9999999999999.99')).toEqual({ ok: true, value: '9999999999999.99' });
    expect(readDecimal(`000${'1'.repeat(13)}.5${'0'.repeat(40)}`).ok).toBe(true);
    expect(readDecimal('+.5')).toEqual({ ok: true, value: '0.5' });
  });
});

/** Every number in the value is finite (safe integers where cents are meant) and every date string a real day. */
function assertSane(value: unknown, path = ''): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), path).toBe(true);
    if (/Cents$/.test(path)) expect(Number.isSafeInteger(value), path).toBe(true);
  } else if (typeof value === 'string' && /(date|Date)$/.test(path)) {
    expect(readCalendarDate(value).ok, `${path}=${value}`).toBe(true);
  } else if (value instanceof Date) {
    expect(Number.isNaN(value.getTime()), path).toBe(false);
  } else if (Array.isArray(value)) {
    for (const item of value) assertSane(item, path);
  } else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) assertSane(item, key);
}

describe('Invoice parser: property', () => {
  const dateText = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc
      .tuple(
        fc.integer({ min: 0, max: 99_999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
      )
      .map(
        ([y, m, d]) =>
          `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      ),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  );
  const amountText = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.double().map(String),
    fc.bigInt({ min: -(10n ** 400n), max: 10n ** 400n }).map(String),
    fc.stringMatching(/^[+-]?\d{1,40}(\.\d{0,40})?$/),
    fc.constantFrom('1e308', '-1E-400', 'Infinity', '-Infinity', 'NaN', '0.000000000000000000000001'),
  );
  const amountTag = fc.constantFrom(
    'cbc:PayableAmount',
    'cbc:TaxAmount',
    'cbc:LineExtensionAmount',
    'cbc:TaxableAmount',
    'cbc:PriceAmount',
    'cbc:InvoicedQuantity',
    'cbc:Percent',
  );

  it(
    'no result ever carries NaN, Infinity, an unsafe cent amount or an impossible date, whatever the date and amount texts',
    withCorpus(),
    async () => {
      await fc.assert(
        fc.asyncProperty(dateText, amountText, amountTag, async (date, amount, tag) => {
          // Prepare
          const text = ublWith(tag, amount).replace(
            /(<cbc:IssueDate>)[^<]*(<\/cbc:IssueDate>)/,
            `$1${escapeXml(date)}$2`,
          );
          // Act
          const result = await run(text);
          // Assess
          const { files: _files, ...json } = result;
          assertSane(json);
          for (const event of result.events) expect(validateEvent(event).ok).toBe(true);
          if (!readCalendarDate(date).ok) expect(result.status).toBe('rejected');
        }),
        { numRuns: 150 },
      );
    },
  );
});
