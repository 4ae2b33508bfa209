/**
 * A sales invoice as cashlink issues it (Uren en facturen): the seller is the administration, the buyer a
 * CASH relation. Money is integer cents; quantities are integer thousandths (1,5 uur = 1500), rates
 * integer hundredths of a percent (21% = 2100), so every amount is computed exactly.
 */

/** VAT categories (UNCL 5305) an invoice line can have here: standard, zero rated, exempt, reverse charge. */
export const SALES_VAT_CATEGORIES = ['S', 'Z', 'E', 'AE'] as const;
export type SalesVatCategory = (typeof SALES_VAT_CATEGORIES)[number];

export interface SalesInvoiceParty {
  name: string;
  street?: string;
  city?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  /** VAT id with country prefix, e.g. NL123456789B01. */
  vatId?: string;
  /** KvK number (8 digits). */
  kvk?: string;
  email?: string;
  /** The buyer's number in the seller's administration (CASH relatienummer). */
  relationNumber?: string;
}

export interface SalesInvoiceLine {
  description: string;
  /** Thousandths of the unit (1 uur = 1000). */
  quantityMilli: number;
  /** UN/ECE rec 20 unit: HUR (hour), C62 (piece), DAY, KMT. */
  unitCode: string;
  unitPriceCents: number;
  vatCategory: SalesVatCategory;
  /** 2100 = 21%; 0 for Z, E and AE. */
  vatRateHundredths: number;
  /** The seller's article code, when the line is an article. */
  articleCode?: string;
  /** The hours entry this line bills (never written to the PDF or UBL): crediting the line releases it. */
  hourId?: string;
}

/** The invoice a credit note corrects (BG-3, BT-25/BT-26). */
export interface PrecedingInvoice {
  number: string;
  issueDate: string;
  /** The original's cashlink id (`si_…`), so the page can link them. */
  id?: string;
}

export interface SalesInvoice {
  /**
   * `invoice` (UNCL 1001 code 380, the default) or `credit-note` (381): a credit note's lines and totals
   * are positive, what is credited; its booking inverts the invoice's signs.
   */
  kind?: 'invoice' | 'credit-note';
  /** For a credit note: the invoice it credits. */
  billingReference?: PrecedingInvoice;
  number: string;
  /** ISO dates. */
  issueDate: string;
  dueDate: string;
  currency: 'EUR';
  seller: SalesInvoiceParty & { iban: string; bic?: string };
  buyer: SalesInvoiceParty;
  /** The buyer's reference (BT-10); the relation number when the buyer gave none. */
  buyerReference: string;
  lines: SalesInvoiceLine[];
  /** Betalingskenmerk; the invoice number when absent. */
  paymentReference?: string;
  note?: string;
  /** Why lines are exempt or reverse charged (BT-120), required when there are such lines. */
  vatExemptionReason?: string;
}

export interface SalesVatBreakdown {
  category: SalesVatCategory;
  rateHundredths: number;
  taxableCents: number;
  vatCents: number;
}

export interface SalesInvoiceTotals {
  /** Per line, in the order of `lines`. */
  lineCents: number[];
  lineExtensionCents: number;
  vat: SalesVatBreakdown[];
  vatCents: number;
  taxInclusiveCents: number;
  payableCents: number;
}
