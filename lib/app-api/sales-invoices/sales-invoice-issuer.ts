import { randomBytes } from 'node:crypto';
import type { AppUser } from '../../identity/app-user.ts';
import type { MirrorRelation } from '../../mirror/index.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import {
  HoursNotBillableError,
  type HoursStore,
  hourLineDescription,
  type SalesInvoice,
  type SalesInvoiceLine,
  type SalesInvoiceRecord,
  SalesInvoiceSettings,
  type SalesInvoiceStore,
  salesInvoiceTotals,
  salesJournalEntry,
  salesOrder,
} from '../../sales-invoices/index.ts';
import { zodProblems } from '../hours/zod-problems.ts';
import { AppEventSender, type AppEventServices } from '../relations/index.ts';
import { bookingOrProblem } from './booking-problem.ts';
import type { SalesInvoiceMailerServices } from './sales-invoice-mailer.ts';
import type { SalesInvoiceRequest } from './sales-invoice-request.ts';

export interface SalesInvoiceServices
  extends AppEventServices,
    Pick<SalesInvoiceMailerServices, 'mail' | 'onMailRecordError' | 'documentNotes'> {
  hours: HoursStore;
  salesInvoices: SalesInvoiceStore;
  mirror: { read(administration: string, kind: 'relations'): Promise<MirrorRelation[]> };
  /** The administration's `salesInvoices` settings as the tenant file holds them (parsed here). */
  salesInvoiceSettings(administration: string): Promise<unknown>;
}

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** Today in the Netherlands (CET/CEST): an invoice written at 00:30 belongs to that day. */
export const dutchToday = (now: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(now);

const conflict = (detail: string, path: string, rule: string, message: string, value?: string) =>
  new HttpProblem(409, 'Conflict', detail, [
    { path, rule, message, ...(value !== undefined ? { value } : {}) },
  ]);

/**
 * Turns billed hours and typed lines into an issued invoice: checks everything that could refuse it first
 * (settings, customer, hours, the booking event through the partner API's door), then claims the hours,
 * takes the next number and sends the booking (`sales-order.create` with the order module, otherwise a
 * `journal-entry.book` in the sales journal).
 */
export class SalesInvoiceIssuer {
  readonly #sender: AppEventSender;
  constructor(private readonly services: SalesInvoiceServices) {
    this.#sender = new AppEventSender(services);
  }

  async settingsOf(administration: string): Promise<SalesInvoiceSettings> {
    const raw = (await this.services.salesInvoiceSettings(administration)) ?? {};
    const parsed = SalesInvoiceSettings.safeParse(raw);
    if (!parsed.success)
      throw new HttpProblem(
        409,
        'Conflict',
        `the salesInvoices settings of ${administration} are invalid`,
        zodProblems(parsed.error, raw, 'settings.salesInvoices'),
      );
    return parsed.data;
  }

  async issue(
    user: AppUser,
    administration: string,
    request: SalesInvoiceRequest,
    now: Date,
  ): Promise<SalesInvoiceRecord> {
    const settings = await this.settingsOf(administration);
    if (!settings.seller)
      throw conflict(
        'the administration has no seller details yet',
        'settings.salesInvoices.seller',
        'required',
        'set name, address, KvK, VAT id and IBAN in Instellingen first',
      );
    const relation = (await this.services.mirror.read(administration, 'relations')).find(
      (r) => r.relationNumber === request.relationNumber,
    );
    if (!relation)
      throw new HttpProblem(400, 'Bad Request', 'unknown customer', [
        {
          path: 'relationNumber',
          rule: 'unknown-relation',
          message: `relation ${request.relationNumber} is not in CASH administration ${administration}`,
          value: request.relationNumber,
        },
      ]);
    const hours = await this.services.hours.getMany(administration, request.hourIds);
    const missing = request.hourIds.filter((id) => !hours.some((h) => h.id === id));
    const billed = hours.filter((h) => h.invoiceId !== undefined).map((h) => h.id);
    const otherCustomer = hours.filter((h) => h.relationNumber !== request.relationNumber).map((h) => h.id);
    if (missing.length + billed.length + otherCustomer.length > 0)
      throw new HttpProblem(409, 'Conflict', 'some hours cannot be billed on this invoice', [
        ...missing.map((id) => ({ path: 'hourIds', rule: 'not-found', message: 'no such hours', value: id })),
        ...billed.map((id) => ({
          path: 'hourIds',
          rule: 'billed',
          message: 'already on an invoice',
          value: id,
        })),
        ...otherCustomer.map((id) => ({
          path: 'hourIds',
          rule: 'other-customer',
          message: 'hours of another customer',
          value: id,
        })),
      ]);

    const issueDate = request.issueDate ?? dutchToday(now);
    const hourLines: SalesInvoiceLine[] = [...hours]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((h) => ({
        description: hourLineDescription(h),
        // Minutes as thousandths of an hour (20 min = 0,333 uur); the line is priced from that quantity.
        quantityMilli: Math.round((h.minutes * 1000) / 60),
        unitCode: 'HUR',
        unitPriceCents: h.hourlyRateCents,
        vatCategory: settings.hoursVat.category,
        vatRateHundredths: settings.hoursVat.rateHundredths,
        hourId: h.id,
      }));
    const draft = (number: string): SalesInvoice => ({
      number,
      issueDate,
      dueDate: addDays(issueDate, relation.paymentDays ?? settings.paymentTermDays),
      currency: 'EUR',
      seller: settings.seller as NonNullable<typeof settings.seller>,
      buyer: {
        name: relation.name,
        countryCode: request.buyer.countryCode ?? relation.countryCode ?? 'NL',
        relationNumber: relation.relationNumber,
        ...(relation.kvk ? { kvk: relation.kvk } : {}),
        ...(relation.vatId ? { vatId: relation.vatId } : {}),
        ...(relation.email ? { email: relation.email } : {}),
        ...request.buyer,
      },
      buyerReference: request.buyerReference ?? relation.relationNumber,
      lines: [...hourLines, ...request.lines],
      ...(request.note ? { note: request.note } : {}),
      ...(settings.vatExemptionReason ? { vatExemptionReason: settings.vatExemptionReason } : {}),
    });
    if (salesInvoiceTotals({ lines: [...hourLines, ...request.lines] }).payableCents < 0)
      throw conflict(
        'the total is negative: that is a credit note',
        'lines',
        'negative-total',
        'credit the earlier invoice instead (Crediteren: POST …/sales-invoices/{id}/credit-note)',
      );
    const eventType = settings.orderModule ? 'sales-order.create' : 'journal-entry.book';
    const dataOf = (invoice: SalesInvoice) =>
      bookingOrProblem(
        () => (settings.orderModule ? salesOrder(invoice, settings) : salesJournalEntry(invoice, settings)),
        'the invoice',
      );
    const year = Number(issueDate.slice(0, 4));
    // Same shape as the real number, so length rules are checked as they will apply.
    await this.#sender.preflight(
      administration,
      eventType,
      `sales-invoice:${year}-9999`,
      dataOf(draft(`${year}-9999`)),
      now,
    );

    const id = `si_${randomBytes(8).toString('hex')}`;
    try {
      await this.services.hours.claim(administration, request.hourIds, id);
    } catch (error) {
      if (error instanceof HoursNotBillableError)
        throw new HttpProblem(
          409,
          'Conflict',
          'some hours were billed a moment ago',
          error.hourIds.map((h) => ({
            path: 'hourIds',
            rule: 'billed',
            message: 'already on an invoice',
            value: h,
          })),
          {},
          { cause: error },
        );
      throw error;
    }
    let record: SalesInvoiceRecord;
    try {
      const base = {
        id,
        administration,
        invoice: draft(''),
        hourIds: request.hourIds,
        createdAt: now.toISOString(),
        createdBy: user.username,
      };
      record = await this.services.salesInvoices.issue(base, year, (number) => ({
        ...base,
        number,
        invoice: draft(number),
      }));
    } catch (error) {
      await this.services.hours.release(administration, request.hourIds, id);
      throw error;
    }
    const sent = await this.#sender.send(
      user,
      administration,
      eventType,
      `sales-invoice:${record.number}`,
      dataOf(record.invoice),
      now,
    );
    await this.services.salesInvoices.setEvent(administration, id, { eventId: sent.eventId, eventType });
    return { ...record, eventId: sent.eventId, eventType };
  }
}
