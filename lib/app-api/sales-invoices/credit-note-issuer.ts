import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { IsoDate } from '../../../events/fields.ts';
import type { AppUser } from '../../identity/app-user.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import { quoteText } from '../../runtime/quoted-text.ts';
import {
  creditedLineIndexes,
  creditNoteOf,
  euros,
  fullyCreditedLines,
  hoursReleasedBy,
  type SalesInvoiceLine,
  type SalesInvoiceRecord,
  salesInvoiceTotals,
  salesJournalEntry,
} from '../../sales-invoices/index.ts';
import { AppEventSender } from '../relations/index.ts';
import { bookingOrProblem } from './booking-problem.ts';
import { dutchToday, SalesInvoiceIssuer, type SalesInvoiceServices } from './sales-invoice-issuer.ts';
import { SalesInvoiceRequestLine } from './sales-invoice-request.ts';

/**
 * POST …/sales-invoices/{id}/credit-note: without `lines` the whole invoice is credited; with them, what
 * they say (a negative quantity, "−2 uur", counts as credited just as a positive one).
 */
export const CreditNoteRequest = z
  .object({
    lines: z.array(SalesInvoiceRequestLine).min(1).max(200).optional(),
    /** The invoice's lines to credit in full, 0-based (what the page's checkboxes send). */
    lineIndexes: z.array(z.number().int().min(0).max(999)).min(1).max(200).optional(),
    issueDate: IsoDate.optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((r) => !(r.lines && r.lineIndexes), {
    message: 'send lines or lineIndexes, not both',
    path: ['lineIndexes'],
  });
export type CreditNoteRequest = z.infer<typeof CreditNoteRequest>;

const conflict = (detail: string, path: string, rule: string, message: string, value?: string) =>
  new HttpProblem(409, 'Conflict', detail, [
    { path, rule, message, ...(value !== undefined ? { value } : {}) },
  ]);

/**
 * Credits an issued invoice (Crediteren): a credit note with the next number of the same series, its
 * BillingReference to the invoice, and never more credited than invoiced (all credit notes together). It
 * is booked as a `journal-entry.book` in the sales journal with the invoice's signs inverted, also with
 * CASH's order module (a sales order cannot be negative).
 */
export class CreditNoteIssuer {
  readonly #sender: AppEventSender;
  readonly #invoices: SalesInvoiceIssuer;
  constructor(private readonly services: SalesInvoiceServices) {
    this.#sender = new AppEventSender(services);
    this.#invoices = new SalesInvoiceIssuer(services);
  }

  async credit(
    user: AppUser,
    original: SalesInvoiceRecord,
    request: CreditNoteRequest,
    now: Date,
  ): Promise<SalesInvoiceRecord> {
    const administration = original.administration;
    if (original.invoice.kind === 'credit-note')
      throw conflict(
        'a credit note cannot be credited',
        'id',
        'credit-of-credit-note',
        'credit the invoice itself',
        original.number,
      );
    const settings = await this.#invoices.settingsOf(administration);
    const issueDate = request.issueDate ?? dutchToday(now);
    if (issueDate < original.invoice.issueDate)
      throw new HttpProblem(400, 'Bad Request', 'a credit note cannot precede its invoice', [
        {
          path: 'issueDate',
          rule: 'after-invoice',
          message: `the invoice is of ${original.invoice.issueDate}`,
          value: issueDate,
        },
      ]);
    const creditedBefore = creditedLineIndexes(original);
    const chosen = this.#chosenLines(original, request, creditedBefore);
    const lines = chosen.lines.map((line) => ({
      ...line,
      quantityMilli: Math.abs(line.quantityMilli),
    }));
    const draft = (number: string) =>
      creditNoteOf(original.invoice, {
        number,
        issueDate,
        dueDate: issueDate,
        lines,
        ...(request.note ? { note: request.note } : {}),
      });
    const credited = salesInvoiceTotals({ lines }).payableCents;
    const invoiced = salesInvoiceTotals(original.invoice).payableCents;
    const before = (original.creditedBy ?? []).reduce((sum, c) => sum + c.payableCents, 0);
    if (credited <= 0)
      throw new HttpProblem(400, 'Bad Request', 'the credit note would credit nothing', [
        {
          path: 'lines',
          rule: 'positive-credit',
          message: 'credit more than € 0,00',
          value: euros(credited),
        },
      ]);
    if (before + credited > invoiced)
      throw conflict(
        'more would be credited than was invoiced',
        'lines',
        'credits-exceed-invoice',
        `invoiced ${euros(invoiced)}, credited before ${euros(before)}`,
        euros(credited),
      );
    const dataOf = (number: string) =>
      bookingOrProblem(() => salesJournalEntry(draft(number), settings), 'the credit note');
    const year = Number(issueDate.slice(0, 4));
    await this.#sender.preflight(
      administration,
      'journal-entry.book',
      `sales-invoice:${year}-9999`,
      dataOf(`${year}-9999`),
      now,
    );
    const id = `si_${randomBytes(8).toString('hex')}`;
    const base = {
      id,
      administration,
      invoice: draft(''),
      hourIds: [],
      createdAt: now.toISOString(),
      createdBy: user.username,
    };
    const record = await this.services.salesInvoices.issue(base, year, (number) => ({
      ...base,
      number,
      invoice: draft(number),
    }));
    const sent = await this.#sender.send(
      user,
      administration,
      'journal-entry.book',
      `sales-invoice:${record.number}`,
      dataOf(record.number),
      now,
    );
    await this.services.salesInvoices.setEvent(administration, id, {
      eventId: sent.eventId,
      eventType: 'journal-entry.book',
    });
    const lineIndexes = chosen.indexes ?? fullyCreditedLines(original.invoice.lines, lines, creditedBefore);
    const released = hoursReleasedBy(
      original,
      lineIndexes,
      await this.services.hours.getMany(administration, original.hourIds),
    );
    await this.services.salesInvoices.noteCredit(administration, original.id, {
      id,
      number: record.number,
      payableCents: credited,
      ...(lineIndexes.length > 0 ? { lineIndexes } : {}),
      ...(released.length > 0 ? { releasedHourIds: released } : {}),
    });
    // The hours of credited lines can be invoiced again (the rest stay on the invoice).
    await this.services.hours.releaseCredited(administration, released, original.id, id);
    return { ...record, eventId: sent.eventId, eventType: 'journal-entry.book' };
  }

  /** The lines to credit: all (those not credited before), the typed ones, or the invoice's by index. */
  #chosenLines(
    original: SalesInvoiceRecord,
    request: CreditNoteRequest,
    creditedBefore: ReadonlySet<number>,
  ): { lines: SalesInvoiceLine[]; indexes?: number[] } {
    const all = original.invoice.lines;
    if (request.lines) return { lines: request.lines };
    const indexes = request.lineIndexes
      ? [...new Set(request.lineIndexes)].sort((a, b) => a - b)
      : all.map((_line, i) => i).filter((i) => !creditedBefore.has(i));
    const outside = indexes.filter((i) => i >= all.length);
    if (outside.length > 0)
      throw new HttpProblem(
        400,
        'Bad Request',
        'the invoice has no such line',
        outside.map((i) => ({
          path: 'lineIndexes',
          rule: 'line-index',
          message: `the invoice has lines 0-${all.length - 1}`,
          value: String(i),
        })),
      );
    const again = indexes.filter((i) => creditedBefore.has(i));
    if (again.length > 0)
      throw new HttpProblem(
        409,
        'Conflict',
        'some lines were credited before',
        again.map((i) => ({
          path: 'lineIndexes',
          rule: 'line-credited',
          message: `line ${i + 1} (${quoteText(all[i]?.description ?? '', 60)}) is on an earlier credit note`,
          value: String(i),
        })),
      );
    if (indexes.length === 0)
      throw conflict(
        'every line was credited before',
        'lineIndexes',
        'nothing-left',
        'the invoice is credited in full',
        original.number,
      );
    return { lines: indexes.map((i) => all[i] as SalesInvoiceLine), indexes };
  }
}
