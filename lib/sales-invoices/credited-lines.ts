import type { SalesInvoiceLine } from './sales-invoice.ts';
import type { SalesInvoiceRecord } from './sales-invoice-record.ts';

/** The description an hours line gets on the invoice (`2026-10-30 Project: Advies`). */
export const hourLineDescription = (hour: { date: string; project?: string; description: string }) =>
  `${hour.date} ${hour.project ? `${hour.project}: ` : ''}${hour.description}`.slice(0, 200);

const sameLine = (a: SalesInvoiceLine, b: SalesInvoiceLine) =>
  a.description === b.description &&
  Math.abs(a.quantityMilli) === Math.abs(b.quantityMilli) &&
  a.unitCode === b.unitCode &&
  a.unitPriceCents === b.unitPriceCents &&
  a.vatCategory === b.vatCategory &&
  a.vatRateHundredths === b.vatRateHundredths;

/**
 * Which of the invoice's lines (0-based) typed credit lines credit in full: each credit line takes the
 * first uncredited invoice line equal to it (same text, quantity, unit, price, VAT). A line credited in
 * part is not credited in full, so hours it bills stay invoiced. Pure.
 */
export function fullyCreditedLines(
  invoiceLines: readonly SalesInvoiceLine[],
  creditLines: readonly SalesInvoiceLine[],
  creditedBefore: ReadonlySet<number> = new Set(),
): number[] {
  const taken = new Set(creditedBefore);
  const found: number[] = [];
  for (const credit of creditLines) {
    const index = invoiceLines.findIndex((line, i) => !taken.has(i) && sameLine(line, credit));
    if (index < 0) continue;
    taken.add(index);
    found.push(index);
  }
  return found.sort((a, b) => a - b);
}

/** The invoice's lines already credited in full by its credit notes. */
export const creditedLineIndexes = (record: Pick<SalesInvoiceRecord, 'creditedBy'>): Set<number> =>
  new Set((record.creditedBy ?? []).flatMap((credit) => credit.lineIndexes ?? []));

/**
 * The hours the credited lines billed, which become invoiceable again: a line's own `hourId`, or (invoices
 * written before lines carried it) the billed hours entry whose description the line has. Hours of lines
 * not credited stay invoiced. Pure.
 */
export function hoursReleasedBy(
  record: Pick<SalesInvoiceRecord, 'invoice' | 'hourIds'>,
  lineIndexes: readonly number[],
  billedHours: readonly { id: string; date: string; project?: string; description: string }[] = [],
): string[] {
  const billed = billedHours.filter((hour) => record.hourIds.includes(hour.id));
  const released: string[] = [];
  for (const index of lineIndexes) {
    const line = record.invoice.lines[index];
    if (!line) continue;
    const hourId =
      line.hourId ??
      (line.unitCode === 'HUR'
        ? billed.find((h) => !released.includes(h.id) && hourLineDescription(h) === line.description)?.id
        : undefined);
    if (hourId && record.hourIds.includes(hourId) && !released.includes(hourId)) released.push(hourId);
  }
  return released;
}
