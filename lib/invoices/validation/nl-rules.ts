import type { Finding } from '../findings.ts';
import { fatal, warning } from '../findings.ts';
import type { InvoiceDocument, InvoiceParty, PostalAddress } from '../model.ts';
import { dec } from './decimal.ts';
import { gAccountRules } from './gaccount-rules.ts';

const NL_PAYMENT_MEANS = new Set(['30', '48', '49', '57', '58', '59']);
const NL_TYPE_CODES = new Set(['380', '381', '384', '389']);
const SEPA_CODES = new Set(['58', '59']);
const KVK_OR_OIN = new Set(['0106', '0190']);
const SELLER = 'cac:AccountingSupplierParty/cac:Party';
const BUYER = 'cac:AccountingCustomerParty/cac:Party';

function isNl(party: InvoiceParty | undefined): boolean {
  return party?.address?.countryCode === 'NL';
}

function missingAddressParts(address: PostalAddress | undefined): string[] {
  const missing: string[] = [];
  if (!address?.street) missing.push('street (StreetName)');
  if (!address?.city) missing.push('city (CityName)');
  if (!address?.postalCode) missing.push('postcode (PostalZone)');
  return missing;
}

function hasKvkOrOin(party: InvoiceParty): boolean {
  return party.legalEntities.some(
    (l) => l.companyId && l.companyIdScheme && KVK_OR_OIN.has(l.companyIdScheme),
  );
}

/**
 * Dutch rules shared by NLCIUS (BR-NL-*) and the Peppol national rules (NL-R-*). The rule ids differ,
 * the substance is the same, so one function emits them under the id scheme of the profile.
 */
export function dutchCoreRules(doc: InvoiceDocument, ids: 'nlcius' | 'peppol'): Finding[] {
  const out: Finding[] = [];
  const r = `/${doc.rootName}`;
  const id = (nl: string, peppol: string) => (ids === 'nlcius' ? nl : peppol);
  const supplierNl = isNl(doc.seller);
  if (supplierNl) {
    const missing = missingAddressParts(doc.seller.address);
    if (doc.seller.address && missing.length)
      out.push(
        fatal(
          id('BR-NL-3', 'NL-R-002'),
          `the Dutch supplier's address lacks ${missing.join(', ')}`,
          `${r}/${SELLER}/cac:PostalAddress`,
        ),
      );
    if (!hasKvkOrOin(doc.seller))
      out.push(
        fatal(
          id('BR-NL-1', 'NL-R-003'),
          "the Dutch supplier's legal id (BT-30) must be a KvK (0106) or OIN (0190) number",
          `${r}/${SELLER}/cac:PartyLegalEntity/cbc:CompanyID`,
        ),
      );
    if (isNl(doc.buyer)) {
      const buyerMissing = missingAddressParts(doc.buyer.address);
      if (doc.buyer.address && buyerMissing.length)
        out.push(
          fatal(
            id('BR-NL-4', 'NL-R-004'),
            `the Dutch customer's address lacks ${buyerMissing.join(', ')}`,
            `${r}/${BUYER}/cac:PostalAddress`,
          ),
        );
      if ((ids === 'peppol' || doc.buyer.legalEntities.length > 0) && !hasKvkOrOin(doc.buyer))
        out.push(
          fatal(
            id('BR-NL-10', 'NL-R-005'),
            "the Dutch customer's legal id (BT-47) must be a KvK (0106) or OIN (0190) number",
            `${r}/${BUYER}/cac:PartyLegalEntity/cbc:CompanyID`,
          ),
        );
    }
    if (doc.taxRepresentative && isNl(doc.taxRepresentative)) {
      const repMissing = missingAddressParts(doc.taxRepresentative.address);
      if (doc.taxRepresentative.address && repMissing.length)
        out.push(
          fatal(
            id('BR-NL-5', 'NL-R-006'),
            `the Dutch tax representative's address lacks ${repMissing.join(', ')}`,
            `${r}/cac:TaxRepresentativeParty/cac:PostalAddress`,
          ),
        );
    }
    // Peppol's NL-R-008 only binds Dutch-to-Dutch invoices; NLCIUS's BR-NL-12 binds every Dutch supplier.
    const paymentCodesApply = ids === 'nlcius' || isNl(doc.buyer);
    doc.paymentMeans.forEach((pm, i) => {
      // NLCIUS compares the code itself, so a missing code fails too; Peppol's NL-R-008 tests a present one.
      if (paymentCodesApply && (ids === 'nlcius' || pm.code) && !NL_PAYMENT_MEANS.has(pm.code ?? ''))
        out.push(
          fatal(
            id('BR-NL-12', 'NL-R-008'),
            `payment means code ${pm.code} is not allowed for Dutch suppliers (only 30, 48, 49, 57, 58, 59)`,
            `${r}/cac:PaymentMeans[${i + 1}]/cbc:PaymentMeansCode`,
          ),
        );
    });
    // NLCIUS's BR-NL-11 is written for Invoice only; Peppol's NL-R-007 for both.
    const dueApplies = ids === 'peppol' || doc.rootName === 'Invoice';
    const payable = dec(doc.totals.payable);
    const mayBeDue =
      ids === 'nlcius'
        ? (doc.ubl?.monetaryTotal ?? true) && !payable?.lessThanOrEqualTo(0)
        : payable?.greaterThan(0);
    if (dueApplies && mayBeDue && doc.paymentMeans.length === 0)
      out.push(
        fatal(
          id('BR-NL-11', 'NL-R-007'),
          'a payment means is required when an amount is due',
          `${r}/cac:PaymentMeans`,
        ),
      );
    if (ids === 'peppol' && doc.lines.some((l) => l.orderLineReference) && !doc.orderReference)
      out.push(
        fatal(
          id('BR-NL-13', 'NL-R-009'),
          'order line references need a document-level order reference (BT-13)',
          `${r}/cac:OrderReference`,
        ),
      );
    if (
      ids === 'peppol' &&
      (doc.rootName === 'CreditNote' || doc.typeCode === '381') &&
      doc.precedingInvoices.length === 0
    )
      out.push(
        fatal(
          'NL-R-001',
          'a Dutch credit note must reference the invoice it credits (BT-25)',
          `${r}/cac:BillingReference`,
        ),
      );
  }
  return out;
}

/** NLCIUS / SI-UBL 2.0 rules (BR-NL-*) and the G-account extension. */
export function validateNlcius(doc: InvoiceDocument): Finding[] {
  const out = dutchCoreRules(doc, 'nlcius');
  const r = `/${doc.rootName}`;
  const supplierNl = isNl(doc.seller);
  // BR-NL-13 binds every SI-UBL document, not only Dutch suppliers' (its context has no supplier test).
  if (doc.lines.some((l) => l.orderLineReference) && !doc.orderReference)
    out.push(
      fatal(
        'BR-NL-13',
        'order line references need a document-level order reference (BT-13)',
        `${r}/cac:OrderReference`,
      ),
    );
  if (supplierNl && !doc.buyerReference && !doc.orderReference)
    out.push(
      fatal(
        'BR-NL-2',
        'a buyer reference (BT-10) or order reference (BT-13) is required',
        `${r}/cbc:BuyerReference`,
      ),
    );
  if (supplierNl && doc.typeCode && !NL_TYPE_CODES.has(doc.typeCode))
    out.push(
      fatal(
        'BR-NL-7',
        `type code ${doc.typeCode} is not allowed (only 380, 381, 384, 389)`,
        `${r}/cbc:${doc.rootName === 'CreditNote' ? 'CreditNoteTypeCode' : 'InvoiceTypeCode'}`,
      ),
    );
  if (supplierNl && doc.typeCode && (doc.typeCode === '381') !== (doc.rootName === 'CreditNote'))
    out.push(
      fatal(
        'BR-NL-8',
        `type code ${doc.typeCode} does not fit a ${doc.rootName} document (381 = CreditNote, others = Invoice)`,
        `${r}/cbc:InvoiceTypeCode`,
      ),
    );
  if (supplierNl && doc.typeCode === '384' && doc.precedingInvoices.length === 0)
    out.push(
      fatal(
        'BR-NL-9',
        'a corrective invoice (384) must reference the original invoice (BT-25)',
        `${r}/cac:BillingReference`,
      ),
    );

  const warn = (rule: string, message: string, path: string) =>
    out.push(warning(rule, message, `${r}/${path}`));
  if (doc.taxCurrency)
    warn('BR-NL-19', 'the VAT accounting currency (BT-6) is discouraged', 'cbc:TaxCurrencyCode');
  if (doc.taxPointDate) warn('BR-NL-20', 'the tax point date (BT-7) is discouraged', 'cbc:TaxPointDate');
  if (doc.invoicePeriod?.descriptionCode)
    warn(
      'BR-NL-21',
      'the period description code (BT-8) is discouraged',
      'cac:InvoicePeriod/cbc:DescriptionCode',
    );
  if (doc.precedingInvoices.some((p) => p.issueDate))
    warn('BR-NL-24', 'the preceding invoice issue date (BT-26) is discouraged', 'cac:BillingReference');
  for (const [party, path] of [
    [doc.seller, SELLER],
    [doc.buyer, BUYER],
  ] as [InvoiceParty, string][]) {
    if (party.taxRegistrations.some((t) => t.taxScheme && t.taxScheme.toUpperCase() !== 'VAT'))
      warn(
        'BR-NL-25',
        'a tax registration other than VAT (BT-32) is discouraged',
        `${path}/cac:PartyTaxScheme`,
      );
    if (party.legalEntities.some((l) => l.legalForm))
      warn(
        'BR-NL-26',
        'the legal form text (BT-33) is discouraged',
        `${path}/cac:PartyLegalEntity/cbc:CompanyLegalForm`,
      );
  }
  // BR-NL-27-n / BR-NL-28-n: one official id per address (supplier, customer, tax representative, delivery).
  const addresses: [PostalAddress | undefined, string][] = [
    [doc.seller.address, `${SELLER}/cac:PostalAddress`],
    [doc.buyer.address, `${BUYER}/cac:PostalAddress`],
    [doc.taxRepresentative?.address, 'cac:TaxRepresentativeParty/cac:PostalAddress'],
    [doc.deliveryAddress, 'cac:Delivery/cac:DeliveryLocation/cac:Address'],
  ];
  addresses.forEach(([address, path], i) => {
    if (address?.addressLines.length)
      warn(`BR-NL-27-${i + 1}`, 'address line 3 (AddressLine) is discouraged', `${path}/cac:AddressLine`);
    if (address?.countrySubentity)
      warn(`BR-NL-28-${i + 1}`, 'the country subdivision is discouraged', `${path}/cbc:CountrySubentity`);
  });
  doc.paymentMeans.forEach((pm, i) => {
    if (pm.name)
      warn(
        'BR-NL-29',
        'the payment means text (BT-82) is discouraged',
        `cac:PaymentMeans[${i + 1}]/cbc:PaymentMeansCode/@name`,
      );
    if (pm.accountName)
      warn(
        'BR-NL-30',
        'the payment account name (BT-85) is discouraged',
        `cac:PaymentMeans[${i + 1}]/cac:PayeeFinancialAccount/cbc:Name`,
      );
    if (pm.branchId && pm.code && SEPA_CODES.has(pm.code))
      warn(
        'BR-NL-31',
        'the payment service provider id (BT-86) is discouraged with SEPA payment means',
        `cac:PaymentMeans[${i + 1}]/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch`,
      );
  });
  doc.allowanceCharges.forEach((ac, i) => {
    if (ac.reasonCode)
      warn(
        'BR-NL-32-1',
        'allowance/charge reason codes are discouraged',
        `cac:AllowanceCharge[${i + 1}]/cbc:AllowanceChargeReasonCode`,
      );
  });
  doc.lines.forEach((l, li) => {
    l.allowanceCharges.forEach((ac, i) => {
      if (ac.reasonCode)
        warn(
          doc.rootName === 'CreditNote' ? 'BR-NL-32-3' : 'BR-NL-32-2',
          'allowance/charge reason codes are discouraged',
          `${doc.rootName === 'CreditNote' ? 'cac:CreditNoteLine' : 'cac:InvoiceLine'}[${li + 1}]/cac:AllowanceCharge[${i + 1}]/cbc:AllowanceChargeReasonCode`,
        );
    });
  });
  if (doc.taxTotals.some((t) => t.currency && doc.currency && t.currency !== doc.currency))
    warn(
      'BR-NL-33',
      'a TaxTotal in another currency than the document currency is discouraged',
      'cac:TaxTotal',
    );
  (doc.taxTotals[0]?.subtotals ?? []).forEach((s, i) => {
    if (s.vat.exemptionReasonCode)
      warn(
        'BR-NL-35',
        'the VAT exemption reason code (BT-121) is discouraged',
        `cac:TaxTotal/cac:TaxSubtotal[${i + 1}]/cac:TaxCategory/cbc:TaxExemptionReasonCode`,
      );
  });
  if (/urn:fdc:nen\.nl:gaccount:v1\.0/i.test(doc.customizationId ?? '')) out.push(...gAccountRules(doc));
  return out;
}
