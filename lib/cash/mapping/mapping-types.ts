import type { CashRecord } from '../records/cash-record.ts';
import type { CashAdapterSettings } from '../settings/cash-adapter-settings.ts';

/** Why an event could not be mapped: where in the event, which rubriek, the value and the rule it broke. */
export interface CashMappingIssue {
  /** Dotted path into the event, e.g. `data.lines.2.text`. */
  eventPath: string;
  rubriek?: string;
  value?: unknown;
  rule: string;
  message: string;
}

/** How a long original invoice number was written into CASH's 6-digit F0309 (kept so it can be shown). */
export interface InvoiceNumberUse {
  eventPath: string;
  original: string;
  cashNumber: string;
}

export type CashMappingResult =
  | { ok: true; records: CashRecord[]; invoiceNumbers: InvoiceNumberUse[] }
  | { ok: false; issues: CashMappingIssue[] };

/** What the writer knows besides the event itself. Everything here is data or a synchronous lookup: mapping stays pure. */
export interface CashMappingContext {
  settings: CashAdapterSettings;
  /** Kenmerk (F0711): a short form of the event id, so the booking can be recognised in CASH. */
  reference?: string;
  /** Boekstuknummer (F0303) when the event has none (e.g. from 8504). */
  entryNumber?: number;
  /** Relation number (F0101) for a relation.upsert without one. */
  relationNumber?: string;
  /** Order number (F2400) for a sales-order.create without one. */
  orderNumber?: number;
  /** Resolves a relationRef (externalId of a relation.upsert) to its CASH relation number. */
  resolveRelation?: (relationRef: string) => string | undefined;
  /**
   * CASH numbers for original invoice numbers that do not fit F0309, keyed by invoiceNumberKey(relationKey, original)
   * (see resolveInvoiceNumbers). Absent entries fall back to the deterministic first candidate.
   */
  invoiceNumbers?: ReadonlyMap<string, string>;
}
