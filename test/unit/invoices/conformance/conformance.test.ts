import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareVerdicts,
  failedAssertsOf,
  officialArtifactFor,
} from '../../../../lib/invoices/conformance/index.ts';
import { type Finding, hasFatal, ownRuleReviewReasons } from '../../../../lib/invoices/findings.ts';
import { corpusFiles, corpusPath } from '../../../support/corpus.ts';
import { invoiceVariants } from '../../../support/invoices/index.ts';
import { describeWithCorpus } from '../../../support/needs-shared.ts';

const NLCIUS = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0';
const ubl = (customizationId: string, prolog = '<?xml version="1.0"?>') =>
  `${prolog}<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:x"><cbc:CustomizationID>${customizationId}</cbc:CustomizationID></Invoice>`;

describe('officialArtifactFor', () => {
  it.each([
    ['NLCIUS → SI-UBL 2.0', ubl(NLCIUS), 'si-ubl-2.0'],
    [
      'NLCIUS with the G-account extension',
      ubl(`${NLCIUS}#conformant#urn:fdc:nen.nl:gaccount:v1.0`),
      'si-ubl-2.0-gaccount',
    ],
    ['EN 16931', ubl('urn:cen.eu:en16931:2017'), 'en16931-ubl'],
    [
      'Peppol BIS 3',
      ubl('urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'),
      'en16931-ubl',
    ],
    [
      'XRechnung',
      ubl('urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0'),
      'en16931-ubl',
    ],
    ['no CustomizationID', '<Invoice/>', 'en16931-ubl'],
    ['comment before the root', ubl(NLCIUS, '<?xml version="1.0"?><!-- x -->\n'), 'si-ubl-2.0'],
    ['CII', '<rsm:CrossIndustryInvoice xmlns:rsm="urn:x"/>', 'en16931-cii'],
  ])('%s', (_name, xml, expected) => {
    expect(officialArtifactFor(xml)).toBe(expected);
  });
});

const svrlOf = (asserts: { id: string; flag: string; text: string }[]) =>
  `<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl"><svrl:fired-rule context="x"/>${asserts
    .map(
      (a) =>
        `<svrl:failed-assert test="a &lt; b" id="${a.id}" flag="${a.flag}" location="/*[1]"><svrl:text>${a.text
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')}</svrl:text></svrl:failed-assert>`,
    )
    .join('')}</svrl:schematron-output>`;

describe('failedAssertsOf', () => {
  it('reads id, flag, location and text of every failed assert', () => {
    // Act
    const asserts = failedAssertsOf(
      svrlOf([
        { id: 'BR-CO-17', flag: 'fatal', text: '[BR-CO-17] VAT & rate' },
        { id: 'UBL-CR-001', flag: 'warning', text: 'a < b' },
      ]),
    );
    // Assess
    expect(asserts).toEqual([
      { id: 'BR-CO-17', flag: 'fatal', location: '/*[1]', text: '[BR-CO-17] VAT & rate' },
      { id: 'UBL-CR-001', flag: 'warning', location: '/*[1]', text: 'a < b' },
    ]);
  });

  it('gives back what was written, for any ids, flags and texts (property)', () => {
    const idChars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-'.split(''));
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.string({ unit: idChars, minLength: 1, maxLength: 20 }),
            flag: fc.constantFrom('fatal', 'warning', 'information'),
            text: fc.string({ maxLength: 80 }).map((t) => t.replace(/\s+/g, ' ').trim()),
          }),
          { maxLength: 8 },
        ),
        (asserts) => {
          const parsed = failedAssertsOf(svrlOf(asserts));
          expect(parsed.map((a) => a.id)).toEqual(asserts.map((a) => a.id));
          // Anything not flagged fatal is not an error.
          expect(parsed.map((a) => a.flag)).toEqual(
            asserts.map((a) => (a.flag === 'fatal' ? 'fatal' : 'warning')),
          );
          expect(parsed.map((a) => a.text)).toEqual(asserts.map((a) => a.text));
        },
      ),
    );
  });
});

const finding = (rule: string, severity: Finding['severity']): Finding => ({
  rule,
  severity,
  message: 'm',
  path: '/',
});

describe('compareVerdicts', () => {
  it('names the rules fatal on one side only; warnings and our own rules never make a difference', () => {
    // Prepare
    const ours = [
      finding('BR-CO-17', 'fatal'),
      finding('BR-NL-1', 'fatal'),
      finding('CASHLINK-VAT-RULE', 'fatal'),
      finding('BR-NL-27-4', 'warning'),
    ];
    const official = [
      { id: 'BR-CO-17', flag: 'fatal' as const, location: '', text: '' },
      { id: 'BR-S-09', flag: 'fatal' as const, location: '', text: '' },
      { id: 'BR-NL-1', flag: 'warning' as const, location: '', text: '' },
    ];
    // Act
    const comparison = compareVerdicts(ours, official);
    // Assess
    expect(comparison.onlyOurs).toEqual(['BR-NL-1']);
    expect(comparison.onlyOfficial).toEqual(['BR-S-09']);
    expect(comparison.ours.warning).toContain('CASHLINK-VAT-RULE');
    expect(comparison.agree).toBe(false);
  });
});

describe('our own rules (CASHLINK-…)', () => {
  it('send to review and never reject', () => {
    // Prepare
    const findings = [finding('CASHLINK-ROUNDING', 'fatal'), finding('BR-NL-27-1', 'warning')];
    // Act, Assess
    expect(hasFatal(findings)).toBe(false);
    expect(ownRuleReviewReasons(findings)).toEqual(['CASHLINK-ROUNDING: m']);
    expect(hasFatal([...findings, finding('BR-CO-16', 'fatal')])).toBe(true);
  });
});

describeWithCorpus('invoiceVariants', () => {
  const sources = corpusFiles('ubl', { ext: '.xml' }).map((name) => ({
    name,
    xml: readFileSync(corpusPath('ubl', name), 'utf8'),
  }));

  it('is deterministic per seed and gives distinct documents of every kind', () => {
    // Act
    const first = invoiceVariants(sources, 200, 7);
    const again = invoiceVariants(sources, 200, 7);
    const other = invoiceVariants(sources, 200, 8);
    // Assess
    expect(first).toEqual(again);
    expect(other.map((v) => v.name)).not.toEqual(first.map((v) => v.name));
    expect(new Set(first.map((v) => v.xml)).size).toBe(200);
    const kinds = first.map((v) => v.name.split('~')[1] ?? '').join(' ');
    for (const kind of ['vat-edge', 'rate', 'category', 'without', 'credit-note'])
      expect(kinds).toContain(kind);
  });

  it('moves a breakdown VAT exactly to the tolerance edge and carries it into the totals', () => {
    // Act
    const edge = invoiceVariants(sources, 300).find((v) => v.name.endsWith('~vat-edge1.00'));
    // Assess
    expect(edge).toBeDefined();
    const source = sources.find((s) => edge?.name.startsWith(s.name));
    const payable = (xml: string) => Number(/<cbc:PayableAmount[^>]*>([^<]+)</.exec(xml)?.[1]);
    expect(payable(edge?.xml ?? '') - payable(source?.xml ?? '')).toBeCloseTo(1, 9);
  });
});
