import {
  type EventInput,
  type EventType,
  eventId,
  SCHEMA_VERSION,
  validateEvent,
} from '../../../events/index.ts';
import type { MapShopOrder, ShopMappingContext, ShopOrderMapping } from '../shop-mapping.ts';
import type { ShopFinding, ShopOrder, ShopRefund } from '../shop-order.ts';
import { bookingDate, occurredAt } from './booking-date.ts';
import type { BookingPlan, PlannedPart } from './booking-plan.ts';
import { fitText } from './booking-plan.ts';
import { parseBookingSettings } from './booking-settings.ts';
import { customerBooking } from './customer-relation.ts';
import { paymentEntry, refundEntry, refundPaymentEntry, salesEntry } from './journal-booking.ts';
import { checkTotals } from './order-totals.ts';
import { refundSalesOrder, salesOrder } from './sales-order-booking.ts';
import { codesOf, vatTreatmentOf } from './vat-treatment.ts';

/** Findings that make an order unbookable until the settings or the order change; other errors ask for review. */
const REJECTING = new Set(['currency', 'settings', 'settings-missing', 'rate-unknown', 'event-invalid']);

/** Lifecycles with nothing to book, and why. */
const NOT_BOOKED: Readonly<Partial<Record<ShopOrder['lifecycle'], string>>> = {
  pending: 'not paid (pending)',
  'on-hold': 'not paid (on hold)',
  cancelled: 'cancelled',
  failed: 'payment failed',
};

/**
 * A paid webshop order → the normalized events that book it in CASH: the customer (`relation.upsert`), then
 * either a `sales-order.create` (CASH Handel) or a sales-journal entry plus the payment through the provider's
 * transit account; each refund as a credit entry (or negative order) referring to the original. The booking
 * equals the shop's totals to the cent, or the order is a review item whose findings name the amounts.
 * externalIds are `<platform>:<shop>:<orderId>#<status change>`, so a repeated delivery maps to the same events.
 */
export const mapShopOrder: MapShopOrder = (order, context) => {
  const findings: ShopFinding[] = [];
  const empty = { orderId: order.orderId, totals: order.totals, vatBreakdown: [], events: [] };
  const parsedSettings = parseBookingSettings(context.settings);
  if (!parsedSettings.ok) {
    for (const issue of parsedSettings.issues) {
      findings.push({
        rule: 'settings',
        message: `booking settings ${issue.path}: ${issue.message}`,
        path: `settings.${issue.path}`,
        severity: 'error',
      });
    }
    return { ...empty, status: 'rejected', findings };
  }
  const settings = parsedSettings.settings;
  const notBooked =
    NOT_BOOKED[order.lifecycle] ?? (order.paid ? undefined : `not paid (${order.status || order.lifecycle})`);
  if (notBooked) return { ...empty, status: 'skipped', reason: notBooked, findings };
  if (order.currency !== settings.currency) {
    findings.push({
      rule: 'currency',
      message: `currency ${JSON.stringify(order.currency.slice(0, 10))}: the administration books in ${settings.currency}`,
      path: 'currency',
      severity: 'error',
    });
    return { ...empty, status: 'rejected', findings };
  }

  const check = checkTotals(order);
  const treatment = vatTreatmentOf(order, settings, findings);
  findings.push(...check.findings);
  const parts: PlannedPart[] = [];
  for (const { part, rate, at } of check.parts) {
    const result = codesOf(part, rate, treatment, settings, at);
    if ('finding' in result) findings.push(result.finding);
    else parts.push({ part, rate, codes: result.codes, at });
  }
  const vatBreakdown = check.rates.map((r) => ({
    ratePercent: r.ratePercent,
    taxableCents: r.taxableCents,
    vatCents: r.vatCents,
  }));
  if (treatment.kind === 'reverse-charge' && check.rates.some((r) => r.vatCents !== 0)) {
    findings.push({
      rule: 'reverse-charge-with-vat',
      message: 'the order is reverse-charged but has VAT on a rate',
      path: 'vatBreakdown',
      severity: 'error',
    });
  }
  if (findings.some((f) => f.severity === 'error' && REJECTING.has(f.rule))) {
    return { ...empty, vatBreakdown, status: 'rejected', findings };
  }

  const customer = customerBooking(order, context, settings, findings);
  const plan: BookingPlan = {
    order,
    settings,
    treatment,
    parts,
    rates: check.rates,
    target: customer.target,
    invoiceNumber: fitText(order.orderNumber, 40) || order.orderId,
    orderDate: bookingDate(order.createdAt, context.now),
    now: context.now,
  };
  const emit = new EventEmitter(context, findings);
  const base = `${order.platform}:${order.shop}:${order.orderId}`;
  if (customer.upsert)
    emit.add('relation.upsert', customer.upsert.externalId, customer.upsert.data, [order.updatedAt]);
  const when = [order.payment.paidAt, order.updatedAt, order.createdAt];
  if (context.handel) {
    emit.add('sales-order.create', `${base}#paid`, salesOrder(plan, findings), when);
  } else {
    const entry = salesEntry(plan);
    if (entry.lines.length < 2)
      return {
        ...empty,
        vatBreakdown,
        status: 'skipped',
        reason: 'nothing to book (an order of 0.00)',
        findings,
      };
    emit.add('journal-entry.book', `${base}#paid`, entry, when);
    const payment = paymentEntry(plan, order.totals.grossCents);
    if (payment) emit.add('journal-entry.book', `${base}#paid#payment`, payment, when);
  }
  for (const refund of refundsOf(order, findings)) {
    const refundBase = `${base}#refund#${refund.refundId}`;
    const refundWhen = [refund.createdAt, order.updatedAt];
    if (refund.grossCents > order.totals.grossCents) {
      findings.push({
        rule: 'refund-exceeds-order',
        message: `refund ${refund.refundId} of ${refund.grossCents} cents is more than the order's ${order.totals.grossCents} cents`,
        path: 'refunds',
        severity: 'error',
      });
    }
    if (context.handel) {
      emit.add(
        'sales-order.create',
        refundBase,
        refundSalesOrder(plan, refund, bookingDate(refund.createdAt, context.now)),
        refundWhen,
      );
      continue;
    }
    emit.add('journal-entry.book', refundBase, refundEntry(plan, refund), refundWhen);
    const payback = refundPaymentEntry(plan, refund);
    if (payback) emit.add('journal-entry.book', `${refundBase}#payment`, payback, refundWhen);
  }
  const status: ShopOrderMapping['status'] = findings.some(
    (f) => f.severity === 'error' && REJECTING.has(f.rule),
  )
    ? 'rejected'
    : findings.some((f) => f.severity === 'error')
      ? 'review'
      : 'ok';
  return {
    orderId: order.orderId,
    status,
    totals: order.totals,
    vatBreakdown,
    events: status === 'rejected' ? [] : emit.events,
    findings,
  };
};

/** The refunds to book; a refunded order without refund records is refunded in full. */
function refundsOf(order: ShopOrder, findings: ShopFinding[]): ShopRefund[] {
  if (order.refunds.length > 0 || order.lifecycle !== 'refunded') return order.refunds;
  findings.push({
    rule: 'refund-implied',
    message: 'the order is refunded but lists no refunds: booked as refunded in full',
    path: 'refunds',
    severity: 'warning',
  });
  return [
    { refundId: 'full', createdAt: order.updatedAt ?? order.createdAt, grossCents: order.totals.grossCents },
  ];
}

/** Builds each event with its deterministic id and checks it against the events' schemas. */
class EventEmitter {
  readonly events: Array<EventInput<EventType>> = [];
  constructor(
    private readonly context: ShopMappingContext,
    private readonly findings: ShopFinding[],
  ) {}

  add(type: EventType, externalId: string, data: unknown, timestamps: Array<string | undefined>): void {
    const source = { connector: this.context.connector, externalId: externalId.slice(0, 200) };
    const event = {
      id: eventId(this.context.tenant, source.connector, source.externalId, type),
      tenant: this.context.tenant,
      administration: this.context.administration,
      type,
      schemaVersion: SCHEMA_VERSION,
      occurredAt: occurredAt(timestamps, this.context.now),
      source,
      data,
    };
    const result = validateEvent(event);
    if (!result.ok) {
      for (const issue of result.issues) {
        const value = issue.value !== undefined ? ` (value ${JSON.stringify(issue.value).slice(0, 80)})` : '';
        this.findings.push({
          rule: 'event-invalid',
          message: `${type} ${issue.path}: ${issue.message} [${issue.rule}]${value}`,
          path: `events.${type}.${issue.path}`,
          severity: 'error',
        });
      }
      return;
    }
    this.events.push(event as EventInput<EventType>);
  }
}
