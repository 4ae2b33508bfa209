import type { UblFacts } from '../model.ts';
import { attr, child, children, textAt, type XmlElement } from '../xml/xml-element.ts';

/** The amount elements whose @currencyID BR-CL-03 checks. */
const AMOUNT_ELEMENTS = new Set([
  'Amount',
  'BaseAmount',
  'PriceAmount',
  'TaxAmount',
  'TaxableAmount',
  'LineExtensionAmount',
  'TaxExclusiveAmount',
  'TaxInclusiveAmount',
  'AllowanceTotalAmount',
  'ChargeTotalAmount',
  'PrepaidAmount',
  'PayableRoundingAmount',
  'PayableAmount',
]);

/** Collects every amount's currency and every country code of the tree, in one walk. */
interface WalkFacts {
  amountCurrencies: string[];
  countryCodes: string[];
  binaryObjectsWithoutFilename: number;
}

function walk(node: XmlElement, facts: WalkFacts): void {
  // for…in, not Object.entries: this walks every element of every invoice on the hot path.
  for (const name in node) {
    const value = node[name];
    if (!Array.isArray(value)) continue;
    for (const element of value) {
      if (typeof element !== 'object' || element === null) continue;
      if (AMOUNT_ELEMENTS.has(name)) facts.amountCurrencies.push(attr(element, 'currencyID') ?? '');
      else if (name === 'IdentificationCode') facts.countryCodes.push(String(element['#text'] ?? '').trim());
      else if (name.endsWith('BinaryObject')) {
        if (attr(element, 'filename') === undefined) facts.binaryObjectsWithoutFilename++;
      } else walk(element, facts);
    }
  }
}

/**
 * What the official rules look at but the invoice model leaves out: which optional groups are present
 * (the rules only apply inside them) and every amount currency and country code of the document.
 */
export function ublFactsOf(root: XmlElement, isCredit: boolean): UblFacts {
  const lines = children(root, isCredit ? 'CreditNoteLine' : 'InvoiceLine');
  const facts: WalkFacts = { amountCurrencies: [], countryCodes: [], binaryObjectsWithoutFilename: 0 };
  walk(root, facts);
  return {
    monetaryTotal: child(root, 'LegalMonetaryTotal') !== undefined,
    supplierParty: child(root, 'AccountingSupplierParty') !== undefined,
    lineHasId: lines.map((l) => textAt(l, 'ID') !== undefined),
    lineTaxCategories: lines.map((l) => children(child(l, 'Item'), 'ClassifiedTaxCategory').length),
    actualDeliveryDate: textAt(root, 'Delivery', 'ActualDeliveryDate'),
    documentReferencesWithoutId: children(root, 'AdditionalDocumentReference').filter(
      (ref) => textAt(ref, 'ID') === undefined,
    ).length,
    ...facts,
  };
}
