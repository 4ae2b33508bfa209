import { z } from 'zod';

export const Direction = z.enum(['purchase', 'sales']);
export type Direction = z.infer<typeof Direction>;

const Account = z.string().regex(/^[A-Z0-9]{1,6}$/, 'up to 6 uppercase letters or digits');
const Code = z.string().regex(/^[A-Z0-9]{1,3}$/, 'up to 3 uppercase letters or digits');
const Percent = z.string().regex(/^\d+(\.\d+)?$/, 'a percentage like 21 or 9.5');

/**
 * How one VAT category (and rate band) is booked in one direction: the CASH BTW-code, the VAT ledger
 * (none when no VAT line is booked, e.g. verlegd/0 %) and, for sales, the revenue account per rate.
 * The first rule that matches wins.
 */
export const VatBookingRule = z.object({
  direction: Direction,
  category: z.string().min(1).max(2),
  /** Inclusive lower bound of the rate band. */
  minRatePercent: Percent.optional(),
  /** Exclusive upper bound of the rate band. */
  maxRatePercent: Percent.optional(),
  vatCode: Code,
  vatAccount: Account.optional(),
  ledgerAccount: Account.optional(),
});
export type VatBookingRule = z.infer<typeof VatBookingRule>;

/** Demo-administration chart: 1500 BTW te vorderen, 1510/1520/1530 af te dragen hoog/laag/verlegd, 80x0 omzet. */
export const DEMO_VAT_RULES: VatBookingRule[] = [
  { direction: 'purchase', category: 'S', minRatePercent: '15', vatCode: '2', vatAccount: '1500' },
  { direction: 'purchase', category: 'S', vatCode: '1', vatAccount: '1500' },
  { direction: 'purchase', category: 'AE', vatCode: '3' },
  { direction: 'purchase', category: 'K', vatCode: '4' },
  { direction: 'purchase', category: 'G', vatCode: '5' },
  { direction: 'purchase', category: 'E', vatCode: '6' },
  { direction: 'purchase', category: 'Z', vatCode: '0' },
  { direction: 'purchase', category: 'O', vatCode: '0' },
  {
    direction: 'sales',
    category: 'S',
    minRatePercent: '15',
    vatCode: '2',
    vatAccount: '1510',
    ledgerAccount: '8000',
  },
  { direction: 'sales', category: 'S', vatCode: '1', vatAccount: '1520', ledgerAccount: '8010' },
  { direction: 'sales', category: 'AE', vatCode: '3', ledgerAccount: '8000' },
  { direction: 'sales', category: 'K', vatCode: '4', ledgerAccount: '8030' },
  { direction: 'sales', category: 'G', vatCode: '5', ledgerAccount: '8040' },
  { direction: 'sales', category: 'E', vatCode: '6', ledgerAccount: '8020' },
  { direction: 'sales', category: 'Z', vatCode: '0', ledgerAccount: '8020' },
  { direction: 'sales', category: 'O', vatCode: '0', ledgerAccount: '8020' },
];

const PerDirection = <T extends z.ZodType>(schema: T, purchase: z.input<T>, sales: z.input<T>) =>
  z.object({ purchase: schema, sales: schema }).default({ purchase, sales } as never);

export const InvoiceSettings = z.object({
  journals: PerDirection(z.string().regex(/^[A-Z0-9]{1,6}$/), 'INK', 'VRK').describe('inkoop-/verkoopboek'),
  controlAccounts: PerDirection(Account, '1600', '1300').describe('crediteuren / debiteuren'),
  defaultLedgerAccounts: PerDirection(Account, '4000', '8000').describe(
    'kosten / omzet when nothing is learned',
  ),
  roundingAccount: Account.default('9999').describe('afrondingsverschillen'),
  /** Where a prepaid amount (BT-113) is settled; absent = the control account with the relation. */
  prepaidAccount: Account.optional(),
  /** Where third-party payments (XRechnung BG-DEX-09) go; absent = the default ledger account. */
  thirdPartyAccount: Account.optional(),
  vatRules: z.array(VatBookingRule).default(DEMO_VAT_RULES),
  lineDetail: z.enum(['per-rate', 'per-line']).default('per-rate'),
  allowNewRelations: z.boolean().default(false),
  reviewOnWarnings: z.boolean().default(false),
  /** The booking currency of the administration. */
  bookingCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('EUR'),
  maxBytes: z
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  /** CASH rubriek 0306 holds 25 characters. */
  maxTextLength: z.number().int().min(10).max(200).default(25),
});
export type InvoiceSettings = z.infer<typeof InvoiceSettings>;
export type InvoiceSettingsInput = z.input<typeof InvoiceSettings>;

export function invoiceSettings(input: InvoiceSettingsInput = {}): InvoiceSettings {
  return InvoiceSettings.parse(input);
}
