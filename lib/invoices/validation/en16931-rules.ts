import type { Finding } from '../findings.ts';
import { fatal } from '../findings.ts';
import type { InvoiceDocument, InvoiceParty } from '../model.ts';
import { calculationRules } from './calculation-rules.ts';
import { codeListRules } from './code-list-rules.ts';
import { dec } from './decimal.ts';
import { isVatCategory, vatCategoryRules } from './vat-category-rules.ts';

const SELLER = 'cac:AccountingSupplierParty/cac:Party';
const BUYER = 'cac:AccountingCustomerParty/cac:Party';

const isVatScheme = (scheme: string | undefined) => (scheme ?? '').toUpperCase() === 'VAT';

/**
 * EN 16931 core rules with the semantics of the official UBL artifact (eInvoicing-EN16931 1.3.16): the
 * presence rules BR-01…BR-65, the totals and VAT arithmetic (calculation-rules.ts), the rules per VAT
 * category (vat-category-rules.ts), the code lists (code-list-rules.ts) and the UBL-SR cardinalities.
 * A rule whose context element is absent does not apply, as in Schematron.
 */
export function validateEn16931(doc: InvoiceDocument): Finding[] {
  const out: Finding[] = [];
  const r = `/${doc.rootName}`;
  const lineTag = doc.rootName === 'CreditNote' ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
  const push = (rule: string, message: string, path: string) =>
    out.push(fatal(rule, message, `${r}/${path}`));
  const need = (rule: string, ok: unknown, what: string, path: string) => {
    if (!ok) push(rule, `${what} is missing`, path);
  };
  need(
    'BR-01',
    doc.customizationId,
    'the specification identifier (BT-24, CustomizationID)',
    'cbc:CustomizationID',
  );
  need('BR-02', doc.invoiceNumber, 'the invoice number (BT-1)', 'cbc:ID');
  need('BR-03', doc.issueDate, 'the issue date (BT-2)', 'cbc:IssueDate');
  need('BR-04', doc.typeCode, 'the invoice type code (BT-3)', 'cbc:InvoiceTypeCode');
  need('BR-05', doc.currency, 'the document currency (BT-5)', 'cbc:DocumentCurrencyCode');
  need(
    'BR-06',
    doc.seller.legalEntities.some((l) => l.registrationName),
    'the seller name (BT-27)',
    `${SELLER}/cac:PartyLegalEntity/cbc:RegistrationName`,
  );
  need(
    'BR-07',
    doc.buyer.legalEntities.some((l) => l.registrationName),
    'the buyer name (BT-44)',
    `${BUYER}/cac:PartyLegalEntity/cbc:RegistrationName`,
  );
  need('BR-08', doc.seller.address, 'the seller postal address (BG-5)', `${SELLER}/cac:PostalAddress`);
  if (doc.seller.address && !doc.seller.address.countryCode)
    push('BR-09', 'the seller country code (BT-40) is missing', `${SELLER}/cac:PostalAddress/cac:Country`);
  need('BR-10', doc.buyer.address, 'the buyer postal address (BG-8)', `${BUYER}/cac:PostalAddress`);
  if (doc.buyer.address && !doc.buyer.address.countryCode)
    push('BR-11', 'the buyer country code (BT-55) is missing', `${BUYER}/cac:PostalAddress/cac:Country`);
  need('BR-16', doc.lines.length > 0, 'at least one invoice line (BG-25)', lineTag);
  if (doc.taxRepresentative) {
    const rep = doc.taxRepresentative;
    need(
      'BR-18',
      rep.name,
      'the tax representative name (BT-62)',
      'cac:TaxRepresentativeParty/cac:PartyName/cbc:Name',
    );
    need(
      'BR-19',
      rep.address,
      'the tax representative postal address (BG-12)',
      'cac:TaxRepresentativeParty/cac:PostalAddress',
    );
    if (rep.address && !rep.address.countryCode)
      push(
        'BR-20',
        'the tax representative country code (BT-69) is missing',
        'cac:TaxRepresentativeParty/cac:PostalAddress/cac:Country',
      );
    need(
      'BR-56',
      rep.taxRegistrations.some((t) => isVatScheme(t.taxScheme)),
      'the tax representative VAT identifier (BT-63)',
      'cac:TaxRepresentativeParty/cac:PartyTaxScheme/cbc:CompanyID',
    );
  }
  if (doc.payee) {
    // BR-17 and UBL-SR-19…21: a payee is someone other than the seller (compared by name and id).
    const payee = doc.payee;
    const sellerLegalName = doc.seller.legalEntities.find((l) => l.registrationName)?.registrationName;
    const sellerIds = new Set(doc.seller.identifiers.map((i) => i.id));
    if (!payee.name || payee.name === doc.seller.name || payee.identifiers.some((i) => sellerIds.has(i.id)))
      push(
        'BR-17',
        'the payee name (BT-59) must be given and differ from the seller',
        'cac:PayeeParty/cac:PartyName/cbc:Name',
      );
    const differs =
      payee.name !== undefined && sellerLegalName !== undefined && payee.name !== sellerLegalName;
    if (!differs)
      push(
        'UBL-SR-19',
        'the payee name must differ from the seller name',
        'cac:PayeeParty/cac:PartyName/cbc:Name',
      );
    if (!differs || payee.identifiers.filter((i) => (i.scheme ?? '').toUpperCase() !== 'SEPA').length > 1)
      push(
        'UBL-SR-20',
        'the payee has at most one identifier and is not the seller',
        'cac:PayeeParty/cac:PartyIdentification',
      );
    if (!differs || payee.legalEntities.filter((l) => l.companyId).length > 1)
      push(
        'UBL-SR-21',
        'the payee has at most one legal registration id and is not the seller',
        'cac:PayeeParty/cac:PartyLegalEntity',
      );
  }
  if ((doc.ubl?.documentReferencesWithoutId ?? 0) > 0)
    push(
      'BR-52',
      'each additional supporting document needs its reference (BT-122)',
      'cac:AdditionalDocumentReference/cbc:ID',
    );
  if ((doc.ubl?.binaryObjectsWithoutFilename ?? 0) > 0)
    push(
      'UBL-DT-07',
      'an attached binary object needs its filename',
      'cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject/@filename',
    );
  if (doc.taxCurrency && !doc.taxTotals.some((t) => t.currency === doc.taxCurrency))
    push(
      'BR-53',
      `the VAT total in accounting currency ${doc.taxCurrency} (BT-111) is missing`,
      'cac:TaxTotal',
    );
  if (doc.taxPointDate && doc.invoicePeriod?.descriptionCode)
    push('BR-CO-03', 'the VAT point date (BT-7) and its code (BT-8) exclude each other', 'cbc:TaxPointDate');
  if (doc.invoicePeriod) {
    const { start, end, descriptionCode } = doc.invoicePeriod;
    if (start && end && end < start)
      push(
        'BR-29',
        `the invoicing period ends (${end}) before it starts (${start})`,
        'cac:InvoicePeriod/cbc:EndDate',
      );
    if (!start && !end && !descriptionCode)
      push(
        'BR-CO-19',
        'an invoicing period needs a start date, an end date or a description code',
        'cac:InvoicePeriod',
      );
  }

  doc.lines.forEach((line, i) => {
    const lp = `${lineTag}[${i + 1}]`;
    need(
      'BR-21',
      doc.ubl?.lineHasId[i] ?? line.id,
      `the identifier of line ${i + 1} (BT-126)`,
      `${lp}/cbc:ID`,
    );
    need(
      'BR-22',
      line.quantity !== undefined,
      `the invoiced quantity of line ${line.id} (BT-129)`,
      `${lp}/cbc:InvoicedQuantity`,
    );
    need(
      'BR-23',
      line.unitCode,
      `the unit of measure of line ${line.id} (BT-130)`,
      `${lp}/cbc:InvoicedQuantity/@unitCode`,
    );
    need(
      'BR-24',
      line.netAmount,
      `the net amount of line ${line.id} (BT-131)`,
      `${lp}/cbc:LineExtensionAmount`,
    );
    need('BR-25', line.itemName, `the item name of line ${line.id} (BT-153)`, `${lp}/cac:Item/cbc:Name`);
    need('BR-26', line.price, `the net price of line ${line.id} (BT-146)`, `${lp}/cac:Price/cbc:PriceAmount`);
    if (!dec(line.price)?.greaterThanOrEqualTo(0))
      push(
        'BR-27',
        `the item net price of line ${line.id} must be zero or more, not ${line.price ?? '(none)'}`,
        `${lp}/cac:Price/cbc:PriceAmount`,
      );
    need(
      'BR-CO-04',
      line.vat.category && isVatCategory(doc, line.vat),
      `the VAT category of line ${line.id} (BT-151)`,
      `${lp}/cac:Item/cac:ClassifiedTaxCategory/cbc:ID`,
    );
    if ((doc.ubl?.lineTaxCategories[i] ?? 1) !== 1)
      push(
        'UBL-SR-48',
        `line ${line.id} must have exactly one item VAT category`,
        `${lp}/cac:Item/cac:ClassifiedTaxCategory`,
      );
    line.allowanceCharges.forEach((ac, j) => {
      if (!ac.reason && !ac.reasonCode) {
        const [rule, co] = ac.isCharge ? ['BR-44', 'BR-CO-24'] : ['BR-42', 'BR-CO-23'];
        for (const id of [rule, co])
          push(
            id,
            `line ${ac.isCharge ? 'charge' : 'allowance'} needs a reason or reason code`,
            `${lp}/cac:AllowanceCharge[${j + 1}]`,
          );
      }
    });
  });
  doc.allowanceCharges.forEach((ac, i) => {
    const p = `cac:AllowanceCharge[${i + 1}]`;
    const kind = ac.isCharge ? 'charge' : 'allowance';
    if (!ac.vat?.category || !isVatCategory(doc, ac.vat))
      push(
        ac.isCharge ? 'BR-37' : 'BR-32',
        `document ${kind} has no VAT category`,
        `${p}/cac:TaxCategory/cbc:ID`,
      );
    if (!ac.reason && !ac.reasonCode)
      for (const id of ac.isCharge ? ['BR-38', 'BR-CO-22'] : ['BR-33', 'BR-CO-21'])
        push(id, `document ${kind} needs a reason or reason code`, p);
  });

  // BR-CO-26: inside a seller party, some identifier: VAT id, party id (not SEPA) or legal registration id.
  if (doc.ubl?.supplierParty ?? true) {
    const s = doc.seller;
    if (
      !s.taxRegistrations.some((t) => isVatScheme(t.taxScheme)) &&
      !s.identifiers.some((i) => i.scheme !== 'SEPA') &&
      !s.legalEntities.some((l) => l.companyId)
    )
      push('BR-CO-26', 'the seller needs a VAT id, a party identifier or a legal registration id', SELLER);
  }
  doc.paymentMeans.forEach((pm, i) => {
    if (!pm.code)
      push(
        'BR-49',
        'payment means type code (BT-81) is missing',
        `cac:PaymentMeans[${i + 1}]/cbc:PaymentMeansCode`,
      );
    if ((pm.code === '30' || pm.code === '58') && !pm.iban)
      push(
        'BR-61',
        `credit transfer (code ${pm.code}) needs the payment account (BT-84)`,
        `cac:PaymentMeans[${i + 1}]/cac:PayeeFinancialAccount/cbc:ID`,
      );
  });
  if (new Set(doc.paymentMeans.map((pm) => pm.code).filter(Boolean)).size > 1)
    push(
      'UBL-SR-47',
      'all payment instructions must use the same payment means code',
      'cac:PaymentMeans/cbc:PaymentMeansCode',
    );

  out.push(...calculationRules(doc));
  out.push(...vatCategoryRules(doc));
  out.push(...codeListRules(doc));
  out.push(...legalEntityCardinality(doc));
  return out;
}

/** UBL-SR-09/11/15/17: a party has one legal name and one legal registration id. */
function legalEntityCardinality(doc: InvoiceDocument): Finding[] {
  const out: Finding[] = [];
  const r = `/${doc.rootName}`;
  const count = (party: InvoiceParty, pick: (l: InvoiceParty['legalEntities'][number]) => unknown) =>
    party.legalEntities.filter(pick).length;
  for (const [party, path, nameRule, idRule, who] of [
    [doc.seller, SELLER, 'UBL-SR-09', 'UBL-SR-11', 'seller'],
    [doc.buyer, BUYER, 'UBL-SR-15', 'UBL-SR-17', 'buyer'],
  ] as const) {
    if (count(party, (l) => l.registrationName) > 1)
      out.push(
        fatal(
          nameRule,
          `the ${who} name occurs more than once`,
          `${r}/${path}/cac:PartyLegalEntity/cbc:RegistrationName`,
        ),
      );
    if (count(party, (l) => l.companyId) > 1)
      out.push(
        fatal(
          idRule,
          `the ${who} legal registration id occurs more than once`,
          `${r}/${path}/cac:PartyLegalEntity/cbc:CompanyID`,
        ),
      );
  }
  return out;
}
