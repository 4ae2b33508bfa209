import type { ShopOrder } from '../shop-order.ts';
import type { ShopBookingSettings } from './booking-settings.ts';
import type { RelationTarget } from './customer-relation.ts';
import type { RateTotal } from './order-totals.ts';
import type { BookedPart, PartCodes, VatTreatment } from './vat-treatment.ts';

export interface PlannedPart {
  part: BookedPart;
  rate: string | undefined;
  codes: PartCodes;
  at: string;
}

/** Everything the bookings of one order are made from, decided once: parts with their codes, VAT per rate. */
export interface BookingPlan {
  order: ShopOrder;
  settings: ShopBookingSettings;
  treatment: VatTreatment;
  parts: PlannedPart[];
  rates: RateTotal[];
  target: RelationTarget;
  /** The customer's order number, the open item's invoice number in CASH (rubriek 0309, at most 40). */
  invoiceNumber: string;
  orderDate: string;
  now: Date;
}

/** The codes VAT at `rate` is booked with (those of the first part at that rate). */
export function codesAtRate(plan: BookingPlan, rate: string): PartCodes | undefined {
  return (
    plan.parts.find((p) => p.rate === rate && p.part.kind === 'product')?.codes ??
    plan.parts.find((p) => p.rate === rate)?.codes
  );
}

/** CASH's omschrijving (rubriek 0306) holds 25 characters, its kenmerk (0711) 13: longer ones are refused. */
export const CASH_TEXT_MAX = 25;
export const CASH_REFERENCE_MAX = 13;

/** A text for CASH: whitespace folded, at most `max` characters. */
export function fitText(text: string, max: number): string {
  return Array.from(text.replace(/\s+/g, ' ').trim()).slice(0, max).join('').trim();
}
