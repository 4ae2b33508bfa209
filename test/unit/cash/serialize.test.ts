import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  type CashRecord,
  cashAdapterSettings,
  escapeXml,
  parseCashDate,
  parseCashXml,
  parseExportRows,
  toCashXml,
  toImportRequest,
} from '../../../lib/cash/index.ts';

const lines: CashRecord[] = [
  { record: '0301', fields: { '0901': 'VRK', '0201': '1300', '0307': '121,00' } },
  { record: '0301', fields: { '0901': 'VRK', '0201': '8000', '0307': '-121,00' } },
  { record: '0101', fields: { '0101': '100009', '0103': 'Jansen' } },
];

describe('REST import body', () => {
  it('puts each record in its own element with R301 keys by default', () => {
    // Act
    const body = toImportRequest('DEMO', lines, cashAdapterSettings());
    // Assess
    expect(body).toEqual({
      admin: 'DEMO',
      format: 0,
      content: {
        cash: [
          { R301: [{ F0901: 'VRK', F0201: '1300', F0307: '121,00' }] },
          { R301: [{ F0901: 'VRK', F0201: '8000', F0307: '-121,00' }] },
          { R101: [{ F0101: '100009', F0103: 'Jansen' }] },
        ],
      },
    });
  });

  it('recordKey R0301 keeps the leading zero', () => {
    // Act
    const body = toImportRequest('DEMO', lines, cashAdapterSettings({ recordKey: 'R0301' }));
    // Assess
    expect(body.content.cash.map((e) => Object.keys(e)[0])).toEqual(['R0301', 'R0301', 'R0101']);
  });

  it('oneRecordPerElement false groups consecutive records of one kind', () => {
    // Act
    const body = toImportRequest('DEMO', lines, cashAdapterSettings({ oneRecordPerElement: false }));
    // Assess
    expect(body.content.cash).toHaveLength(2);
    expect(body.content.cash[0]?.R301).toHaveLength(2);
    expect(body.content.cash[1]?.R101).toHaveLength(1);
  });
});

describe('CASH XML file', () => {
  it('writes R-prefixed 4-digit records with F-rubrieken', () => {
    // Act
    const xml = toCashXml(lines.slice(0, 1));
    // Assess
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<CASH>\n  <R0301>\n    <F0901>VRK</F0901>\n    <F0201>1300</F0201>\n    <F0307>121,00</F0307>\n  </R0301>\n</CASH>\n',
    );
  });

  it.each([
    ['ampersand', 'Jansen & Zonen', 'Jansen &amp; Zonen'],
    ['angle brackets', '<script>', '&lt;script&gt;'],
    ['quotes', `"Bakker" 't Hoekje`, '&quot;Bakker&quot; &apos;t Hoekje'],
    ['nothing to escape', 'Café Ñoño', 'Café Ñoño'],
  ])('escapes %s', (_name, text, expected) => {
    // Act
    const escaped = escapeXml(text);
    // Assess
    expect(escaped).toBe(expected);
  });

  it('round-trips any text through an XML parser', () => {
    const parser = new XMLParser({ parseTagValue: false, trimValues: false, processEntities: true });
    fc.assert(
      fc.property(
        fc
          .string({ unit: fc.constantFrom('a', 'Z', '&', '<', '>', '"', "'", ' ', 'é', '€', ';', '#', '1') })
          .filter((s) => s.trim() === s && s !== ''),
        (text) => {
          // Act
          const parsed = parser.parse(toCashXml([{ record: '0101', fields: { '0103': text } }]));
          // Assess
          expect(String(parsed.CASH.R0101.F0103)).toBe(text);
        },
      ),
    );
  });
});

describe('reading CASH XML', () => {
  it('reads a SOAP export result with its content-type prefix', () => {
    // Prepare
    const text =
      'Content-type: text/xml <?xml version="1.0" encoding="UTF-8"?><cash><R2229><F0101>000100</F0101><F2229>Magazijn &amp; kantoor</F2229>' +
      '<F2306>06-12-2021</F2306></R2229></cash>';
    // Act
    const response = parseCashXml(text);
    // Assess
    expect(response).toEqual({
      R2229: [{ F0101: '000100', F2229: 'Magazijn & kantoor', F2306: '06-12-2021' }],
    });
  });

  it('reads an empty set and non-XML as no rows', () => {
    expect(parseCashXml('<cash></cash>')).toEqual({});
    expect(parseCashXml('')).toEqual({});
  });

  it('round-trips records written by toCashXml', () => {
    // Act
    const rows = parseExportRows(parseCashXml(toCashXml(lines)));
    // Assess
    expect(rows.map((r) => [r.record, r.named.amount ?? r.named.name])).toEqual([
      ['0301', 12_100],
      ['0301', -12_100],
      ['0101', 'Jansen'],
    ]);
  });
});

describe('export rows', () => {
  it('types dates, amounts and zero-padded numbers by the catalog', () => {
    // Prepare
    const response = {
      R0301: [
        {
          F0901: 'VRK',
          F0303: '000124',
          F0302: '31-03-2026',
          F0201: '1300',
          F0307: '-1264,50',
          F0101: '000100',
          F0306: 'Factuur',
          F0310: '2603',
        },
      ],
    };
    // Act
    const rows = parseExportRows(response);
    // Assess
    expect(rows).toEqual([
      {
        record: '0301',
        fields: {
          '0901': 'VRK',
          '0303': '124',
          '0302': '2026-03-31',
          '0201': '1300',
          '0307': -126_450,
          '0101': '100',
          '0306': 'Factuur',
          '0310': '2603',
        },
        named: {
          journal: 'VRK',
          entryNumber: '124',
          date: '2026-03-31',
          ledgerAccount: '1300',
          amount: -126_450,
          relationNumber: '100',
          description: 'Factuur',
          yearPeriod: '2603',
        },
        raw: response.R0301[0],
      },
    ]);
  });

  it('reads T-variants, keyed objects and empty values', () => {
    // Act
    const rows = parseExportRows({ R0101T: { '1': { F0101: '000007', F0103: 'A', F0120: '' } } });
    // Assess
    expect(rows[0]?.record).toBe('0101');
    expect(rows[0]?.named).toEqual({ relationNumber: '7', name: 'A', email: null });
  });

  it('keeps values it cannot type as text', () => {
    // Act
    const rows = parseExportRows({ R0311: [{ F0307: 'n.v.t.', F0302: '32-13-2026', F9999: 'x' }] });
    // Assess
    expect(rows[0]?.fields).toEqual({ '0307': 'n.v.t.', '0302': '32-13-2026', '9999': 'x' });
  });

  it('reads any decimal-comma amount back to exact cents', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.boolean(), (cents, negative) => {
        // Prepare
        const value = negative ? -cents : cents;
        const abs = String(cents).padStart(3, '0');
        const text = `${negative && cents !== 0 ? '-' : ''}${abs.slice(0, -2)},${abs.slice(-2)}`;
        // Act
        const rows = parseExportRows({ R0311: [{ F0307: text }] });
        // Assess
        expect(rows[0]?.fields['0307']).toBe(value === 0 ? 0 : value);
      }),
    );
  });

  it.each([
    ['06-12-2021', '2021-12-06'],
    ['211206', '2021-12-06'],
    ['2021-12-06', '2021-12-06'],
    ['29-02-2025', undefined],
    ['6-12-2021', undefined],
  ])('parses the date %s', (text, expected) => {
    expect(parseCashDate(text)).toBe(expected);
  });
});
