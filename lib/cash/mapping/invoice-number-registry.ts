import type { NormalizedEvent } from '../../../events/index.ts';
import { CashError } from '../errors/cash-error.ts';
import { invoiceNumberCandidate, invoiceNumberKey } from './invoice-number.ts';
import { relationKeyOf } from './journal-entry.ts';
import type { CashMappingContext } from './mapping-types.ts';

/**
 * Remembers which CASH invoice number (F0309) stands for which original invoice number, per relation, so a
 * mapped number is stable across retries and never given to two different invoices of one relation.
 */
export interface InvoiceNumberRegistry {
  /** The CASH number already claimed for this original, if any. */
  lookup(relationKey: string, original: string): Promise<string | undefined>;
  /** Claims `candidate` for `original`; true when it now belongs to it (also when it already did), false when taken. */
  claim(relationKey: string, original: string, candidate: string): Promise<boolean>;
}

export interface InvoiceNumberAssignment {
  relationKey: string;
  original: string;
  cashNumber: string;
  /** How many collisions were probed past. */
  attempt: number;
}

/** Finds or claims the CASH invoice number for an original, probing the deterministic candidates on collisions. */
export async function assignInvoiceNumber(
  registry: InvoiceNumberRegistry,
  relationKey: string,
  original: string,
  maxAttempts = 64,
): Promise<InvoiceNumberAssignment> {
  const known = await registry.lookup(relationKey, original);
  if (known !== undefined) return { relationKey, original, cashNumber: known, attempt: -1 };
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const candidate = invoiceNumberCandidate(relationKey, original, attempt);
    if (await registry.claim(relationKey, original, candidate)) {
      return { relationKey, original, cashNumber: candidate, attempt };
    }
  }
  throw new CashError(
    `no free CASH invoice number for ${original} of relation ${relationKey} after ${maxAttempts} attempts`,
  );
}

/**
 * Claims CASH invoice numbers for every invoice number of a journal entry (numeric-6 setting) and returns the
 * map for CashMappingContext.invoiceNumbers. Plain numbers are claimed too, so a mapped number can never
 * collide with an invoice that already carries it literally.
 */
export async function resolveInvoiceNumbers(
  event: NormalizedEvent,
  registry: InvoiceNumberRegistry,
  ctx: Pick<CashMappingContext, 'resolveRelation' | 'settings'>,
): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  if (event.type !== 'journal-entry.book' || ctx.settings.invoiceNumbers !== 'numeric-6') return map;
  for (const line of event.data.lines) {
    if (line.invoiceNumber === undefined) continue;
    const relationKey = relationKeyOf(line, ctx);
    const original = line.invoiceNumber.trim();
    const key = invoiceNumberKey(relationKey, original);
    if (map.has(key)) continue;
    const assignment = await assignInvoiceNumber(registry, relationKey, original);
    map.set(key, assignment.cashNumber);
  }
  return map;
}
