import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { IsoDate } from '../../../events/fields.ts';
import type { AppUser } from '../../identity/app-user.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import {
  creditNoteOf,
  euros,
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
    issueDate: IsoDate.optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
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
    const lines = (request.lines ?? original.invoice.lines).map((line) => ({
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
    await this.services.salesInvoices.noteCredit(administration, original.id, {
      id,
      number: record.number,
      payableCents: credited,
    });
    return { ...record, eventId: sent.eventId, eventType: 'journal-entry.book' };
  }
}
