import { expect, it } from 'vitest';
import { parseInvoiceXml, validateInvoice } from '../../../lib/invoices/index.ts';
import { corpusSample } from '../../support/corpus.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';
import { utf8 } from './helpers.ts';

const baseSample = corpusSample('ubl', 'si-ubl-2.0__SI-UBL-2.0.3.2__SI-UBL-2.0_ok_base.xml');
const peppolSample = corpusSample('ubl', 'peppol-bis3__examples__Vat-category-S.xml');

function rulesOf(xml: string): string[] {
  const { document, findings } = parseInvoiceXml(utf8(xml));
  return [...findings, ...validateInvoice(document)].filter((f) => f.severity === 'fatal').map((f) => f.rule);
}

describeWithCorpus('validation rules on mutated valid documents', () => {
  // Each row mutates a corpus document when it runs, so the table is declared without the corpus.
  it.each<[string, (base: string, peppol: string) => string, string[]]>([
    ['the valid base document', (base) => base, []],
    ['BR-02 no invoice number', (base) => base.replace('<cbc:ID>12115118</cbc:ID>', ''), ['BR-02']],
    [
      'BR-CO-10 line total off',
      (base) =>
        base.replace(
          '<cbc:LineExtensionAmount currencyID="EUR">200.00</cbc:LineExtensionAmount>\n        <cbc:TaxExclusiveAmount',
          '<cbc:LineExtensionAmount currencyID="EUR">201.00</cbc:LineExtensionAmount>\n        <cbc:TaxExclusiveAmount',
        ),
      ['BR-CO-10', 'BR-CO-13'],
    ],
    [
      'BR-CO-14 VAT total off',
      (base) =>
        base.replace(
          '<cbc:TaxAmount currencyID="EUR">27.00</cbc:TaxAmount>',
          '<cbc:TaxAmount currencyID="EUR">28.00</cbc:TaxAmount>',
        ),
      ['BR-CO-14', 'BR-CO-15'],
    ],
    [
      // BR-CO-17 and BR-S-09 allow ±1 (the official artifacts): 0.50 off is only a VAT-total mismatch.
      'BR-CO-17 VAT of a rate off within the tolerance',
      (base) =>
        base.replace(
          '<cbc:TaxAmount currencyID="EUR">21.00</cbc:TaxAmount>',
          '<cbc:TaxAmount currencyID="EUR">21.50</cbc:TaxAmount>',
        ),
      ['BR-CO-14'],
    ],
    [
      'BR-CO-17 VAT of a rate off by the tolerance',
      (base) =>
        base.replace(
          '<cbc:TaxAmount currencyID="EUR">21.00</cbc:TaxAmount>',
          '<cbc:TaxAmount currencyID="EUR">22.00</cbc:TaxAmount>',
        ),
      ['BR-CO-14', 'BR-CO-17', 'BR-S-09'],
    ],
    [
      'BR-53 tax currency without its total',
      (base) =>
        base.replace(
          '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>',
          '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cbc:TaxCurrencyCode>USD</cbc:TaxCurrencyCode>',
        ),
      ['BR-53'],
    ],
    [
      'BR-CO-09 VAT id without country',
      (base) =>
        base.replace(
          '<cbc:CompanyID>NL1111.11.111.B.01</cbc:CompanyID>',
          '<cbc:CompanyID>1111.11.111.B.01</cbc:CompanyID>',
        ),
      ['BR-CO-09'],
    ],
    [
      'BR-61 credit transfer without account',
      (base) => base.replace('<cbc:ID>NL11 BANK 1111111111</cbc:ID>', ''),
      ['BR-61'],
    ],
    [
      'UBL-DT amount not a number',
      (base) =>
        base.replace(
          '<cbc:PayableAmount currencyID="EUR">227.00</cbc:PayableAmount>',
          '<cbc:PayableAmount currencyID="EUR">227,00</cbc:PayableAmount>',
        ),
      // An unreadable amount due is missing for the rules: BR-15, and BR-CO-16 has nothing to compare.
      ['UBL-DT-AMOUNT', 'BR-15', 'BR-CO-16'],
    ],
    [
      'BR-NL-2 no buyer or order reference',
      (base) =>
        base
          .replace('<cbc:BuyerReference>47806</cbc:BuyerReference>', '')
          .replace(/<cac:OrderReference>[\s\S]*?<\/cac:OrderReference>/, ''),
      ['BR-NL-2'],
    ],
    [
      'PEPPOL-EN16931-R003 no buyer or order reference',
      (_base, peppol) =>
        peppol
          .replace(/<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/, '')
          .replace(/<cac:OrderReference>[\s\S]*?<\/cac:OrderReference>/, ''),
      ['PEPPOL-EN16931-R003'],
    ],
    [
      'PEPPOL-EN16931-R010 no buyer endpoint',
      (_base, peppol) =>
        peppol.replace(
          /(<cac:AccountingCustomerParty>\s*<cac:Party>\s*)<cbc:EndpointID[^>]*>[^<]*<\/cbc:EndpointID>/,
          '$1',
        ),
      ['PEPPOL-EN16931-R010'],
    ],
  ])('%s', (_name, mutate, expected) => {
    expect(rulesOf(mutate(baseSample.text, peppolSample.text)).sort()).toEqual([...expected].sort());
  });
});
