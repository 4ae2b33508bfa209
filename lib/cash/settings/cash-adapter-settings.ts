import { z } from 'zod';

/**
 * Every detail of the CASH interface that public sources leave unconfirmed (docs/cash-interface.md §6) is one
 * setting, so an administration can be switched once CASH support or a demo administration settles it.
 */
export const CashAdapterSettings = z.object({
  /** F0307 & other I-rubrieken: `-1264,50` (Uithof client) or integer cents `-126450` (DizzyData). */
  amountNotation: z.enum(['decimal-comma', 'cents']).default('decimal-comma'),
  /** Record key in the REST body: `R301` (seen in the REST 4.0 clients) or `R0301`. */
  recordKey: z.enum(['R301', 'R0301']).default('R301'),
  /** `[{R301:[l1]},{R301:[l2]}]` (true) or `[{R301:[l1,l2]}]` (false); CASH was seen keeping only the last line of a shared array. */
  oneRecordPerElement: z.boolean().default(true),
  /** `explicit`: VAT lines are booked as given; `implied`: CASH derives VAT from the ledger's VAT code, so VAT lines fold into their base lines. */
  vatLines: z.enum(['explicit', 'implied']).default('explicit'),
  /** What to do with a description longer than its rubriek (0306 is L25): refuse, or cut only when asked explicitly. */
  descriptionOverflow: z.enum(['error', 'truncate']).default('error'),
  /** F0309: numeric, at most 6 digits (longer numbers are mapped), or passed through as text. */
  invoiceNumbers: z.enum(['numeric-6', 'text']).default('numeric-6'),
});
export type CashAdapterSettings = z.infer<typeof CashAdapterSettings>;
export type CashAdapterSettingsInput = z.input<typeof CashAdapterSettings>;

export type AmountNotation = CashAdapterSettings['amountNotation'];

/** Parses partial settings (e.g. from a tenant config file) and fills in the defaults; throws a ZodError when invalid. */
export function cashAdapterSettings(input: CashAdapterSettingsInput = {}): CashAdapterSettings {
  return CashAdapterSettings.parse(input);
}
