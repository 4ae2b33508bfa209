import { z } from 'zod';
import { DEMO_VAT_RULES, VatBookingRule } from '../invoices/settings.ts';

const Account = z.string().regex(/^[A-Z0-9]{1,6}$/, 'up to 6 uppercase letters or digits');

/** The administration as the seller on its invoices (BG-4): what SI-UBL 2.0 needs of a Dutch supplier. */
export const SellerDetails = z.object({
  name: z.string().min(1).max(100),
  street: z.string().min(1).max(100),
  city: z.string().min(1).max(60),
  postalCode: z.string().min(1).max(10),
  countryCode: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .default('NL'),
  vatId: z.string().regex(/^[A-Z]{2}[A-Z0-9+*.]{2,13}$/, 'VAT id: country prefix and 2-13 characters'),
  kvk: z.string().regex(/^\d{8}$/, 'KvK number: 8 digits'),
  iban: z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, 'IBAN without spaces'),
  email: z.email().optional(),
});
export type SellerDetails = z.infer<typeof SellerDetails>;

/**
 * How Uren en facturen invoices and books for one administration (the `app-api` connector's `salesInvoices`
 * settings in the tenant file). Inferred defaults, to be checked per administration: journal VRK, debtors
 * 1300, the demo chart's sales VAT rules, 30 days.
 */
export const SalesInvoiceSettings = z.object({
  seller: SellerDetails.optional().describe('required before the first invoice'),
  /** The administration has CASH's order module: invoices become `sales-order.create` events. */
  orderModule: z.boolean().default(false),
  /** The article an hours line is ordered as when `orderModule` is on (sales order lines need an article). */
  hoursArticleCode: z
    .string()
    .regex(/^[A-Z0-9._/-]{1,20}$/)
    .optional(),
  salesJournal: Account.default('VRK'),
  debtorsAccount: Account.default('1300'),
  vatRules: z.array(VatBookingRule).default(DEMO_VAT_RULES),
  paymentTermDays: z.number().int().min(0).max(365).default(30),
  /** VAT of hours lines. */
  hoursVat: z
    .object({ category: z.enum(['S', 'Z', 'E', 'AE']), rateHundredths: z.number().int().min(0).max(10000) })
    .default({ category: 'S', rateHundredths: 2100 }),
  vatExemptionReason: z.string().max(200).optional(),
  /** CASH rubriek 0306 holds 25 characters. */
  maxTextLength: z.number().int().min(10).max(200).default(25),
});
export type SalesInvoiceSettings = z.infer<typeof SalesInvoiceSettings>;
