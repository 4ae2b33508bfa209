/**
 * The format-neutral invoice model that UBL, CII (Factur-X/ZUGFeRD) and PDF-text recognition all map into.
 * Amounts are kept as the decimal strings of the source (exact); validation works on them with decimal.js and
 * the CASH mapping turns them into integer cents at the edge.
 */

/** An exact decimal amount as written in the document, e.g. "1234.50" or "-12". */
export type DecimalString = string;

export type InvoiceSyntax = 'ubl' | 'cii' | 'pdf-text';
export type InvoiceProfile =
  | 'peppol-bis3'
  | 'nlcius'
  | 'xrechnung'
  | 'en16931'
  | 'factur-x'
  | 'pdf-text'
  | 'unknown';
export type DocumentType = 'invoice' | 'credit-note';

export interface PostalAddress {
  street?: string;
  additionalStreet?: string;
  /** Free address lines (UBL cac:AddressLine); NLCIUS discourages them (BR-NL-27). */
  addressLines: string[];
  city?: string;
  postalCode?: string;
  countrySubentity?: string;
  countryCode?: string;
}

export interface PartyTaxRegistration {
  companyId: string;
  /** Tax scheme id, normally `VAT`. */
  taxScheme?: string;
}

export interface PartyLegalEntity {
  registrationName?: string;
  companyId?: string;
  /** ICD scheme of the legal id: 0106 KvK, 0190 OIN, … */
  companyIdScheme?: string;
  /** Additional legal information (BT-33, CompanyLegalForm); NLCIUS discourages it (BR-NL-26). */
  legalForm?: string;
}

export interface InvoiceParty {
  /** Trade name (cac:PartyName) or, when absent, the registered name. */
  name?: string;
  endpointId?: string;
  endpointScheme?: string;
  identifiers: { id: string; scheme?: string }[];
  address?: PostalAddress;
  taxRegistrations: PartyTaxRegistration[];
  legalEntities: PartyLegalEntity[];
}

export interface VatCategoryRef {
  /** UNCL5305 category: S, Z, E, AE, K, G, O, L, M. */
  category: string;
  ratePercent?: DecimalString;
  exemptionReason?: string;
  exemptionReasonCode?: string;
  /** UBL cac:TaxScheme/cbc:ID; the EN 16931 rules only count categories of scheme VAT. */
  taxScheme?: string;
}

export interface AllowanceCharge {
  isCharge: boolean;
  amount: DecimalString;
  baseAmount?: DecimalString;
  multiplierPercent?: DecimalString;
  reason?: string;
  reasonCode?: string;
  vat?: VatCategoryRef;
}

export interface InvoiceLine {
  id: string;
  quantity?: DecimalString;
  unitCode?: string;
  netAmount: DecimalString;
  itemName?: string;
  price?: DecimalString;
  baseQuantity?: DecimalString;
  vat: VatCategoryRef;
  accountingCost?: string;
  orderLineReference?: string;
  allowanceCharges: AllowanceCharge[];
}

export interface VatSubtotal {
  taxableAmount: DecimalString;
  taxAmount: DecimalString;
  vat: VatCategoryRef;
}

export interface TaxTotal {
  taxAmount: DecimalString;
  currency?: string;
  subtotals: VatSubtotal[];
}

export interface MonetaryTotals {
  lineExtension?: DecimalString;
  taxExclusive?: DecimalString;
  taxInclusive?: DecimalString;
  allowanceTotal?: DecimalString;
  chargeTotal?: DecimalString;
  prepaid?: DecimalString;
  rounding?: DecimalString;
  payable?: DecimalString;
}

export interface PaymentMeans {
  id?: string;
  code?: string;
  name?: string;
  paymentId?: string;
  iban?: string;
  accountName?: string;
  branchId?: string;
  mandateId?: string;
  payerIban?: string;
}

export interface PaymentTerms {
  note?: string;
  paymentMeansId?: string;
  amount?: DecimalString;
}

/** A file carried inside the invoice (UBL AdditionalDocumentReference, PDF attachment). */
export interface EmbeddedFile {
  id?: string;
  filename: string;
  mimeType: string;
  content: Uint8Array;
  description?: string;
}

/** Facts of a UBL document that only the EN 16931 rules need (see ubl/ubl-facts.ts). */
export interface UblFacts {
  /** cac:LegalMonetaryTotal is present (BR-12…BR-15 and BR-CO-10…16 apply inside it). */
  monetaryTotal: boolean;
  /** cac:AccountingSupplierParty is present (BR-CO-26 applies inside it). */
  supplierParty: boolean;
  /** Per line: it has a non-empty cbc:ID (BR-21). */
  lineHasId: boolean[];
  /** Per line: how many cac:ClassifiedTaxCategory its item has (UBL-SR-48). */
  lineTaxCategories: number[];
  actualDeliveryDate?: string;
  /** The @currencyID of every amount, '' where it is missing (BR-CL-03). */
  amountCurrencies: string[];
  /** Every cbc:IdentificationCode (country) in the document (BR-B-01). */
  countryCodes: string[];
  /** cac:AdditionalDocumentReference elements without a cbc:ID (BR-52). */
  documentReferencesWithoutId: number;
  /** Binary objects (attachments) without @filename (UBL-DT-07). */
  binaryObjectsWithoutFilename: number;
}

export interface InvoiceDocument {
  syntax: InvoiceSyntax;
  /** Root element name as found (Invoice, CreditNote, CrossIndustryInvoice, …). */
  rootName: string;
  customizationId?: string;
  profileId?: string;
  profile: InvoiceProfile;
  documentType: DocumentType;
  typeCode?: string;
  invoiceNumber?: string;
  issueDate?: string;
  dueDate?: string;
  taxPointDate?: string;
  invoicePeriod?: { start?: string; end?: string; descriptionCode?: string };
  currency?: string;
  taxCurrency?: string;
  buyerReference?: string;
  orderReference?: string;
  accountingCost?: string;
  precedingInvoices: { id: string; issueDate?: string }[];
  seller: InvoiceParty;
  buyer: InvoiceParty;
  payee?: InvoiceParty;
  taxRepresentative?: InvoiceParty;
  deliveryAddress?: PostalAddress;
  lines: InvoiceLine[];
  allowanceCharges: AllowanceCharge[];
  taxTotals: TaxTotal[];
  totals: MonetaryTotals;
  paymentMeans: PaymentMeans[];
  paymentTerms: PaymentTerms[];
  /** Payment reference stated outside any payment means (CII BT-83, PDF text). */
  paymentReference?: string;
  attachments: EmbeddedFile[];
  /** XRechnung extension BG-DEX-09: amounts paid to third parties that are added to the amount due. */
  thirdPartyPayments: { id?: string; amount: DecimalString; description?: string }[];
  notes: string[];
  /** UBL only: what the official rules need beyond the model. */
  ubl?: UblFacts;
}

export function emptyParty(): InvoiceParty {
  return { identifiers: [], taxRegistrations: [], legalEntities: [] };
}

/** The VAT identifier of a party: its tax registration under scheme VAT (BT-31/BT-48). */
export function vatIdOf(party: InvoiceParty): string | undefined {
  return party.taxRegistrations.find((t) => (t.taxScheme ?? 'VAT').toUpperCase() === 'VAT')?.companyId;
}

/** The Dutch Chamber of Commerce number of a party (legal id or identifier under scheme 0106). */
export function kvkOf(party: InvoiceParty): string | undefined {
  const legal = party.legalEntities.find((l) => l.companyIdScheme === '0106' && l.companyId)?.companyId;
  return legal ?? party.identifiers.find((i) => i.scheme === '0106')?.id;
}

export function registeredNameOf(party: InvoiceParty): string | undefined {
  return party.legalEntities.find((l) => l.registrationName)?.registrationName ?? party.name;
}

/** The VAT subtotals in document currency: the TaxTotal that carries subtotals (BR-CO-14 / PEPPOL R053). */
export function documentTaxTotal(doc: InvoiceDocument): TaxTotal | undefined {
  return (
    doc.taxTotals.find((t) => t.subtotals.length > 0 && (!t.currency || t.currency === doc.currency)) ??
    doc.taxTotals.find((t) => !t.currency || t.currency === doc.currency)
  );
}
