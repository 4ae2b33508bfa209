import { z } from 'zod';
import type { RelationUpsert } from '../../../events/index.ts';
import type { ShopMappingContext } from '../shop-mapping.ts';
import type { ShopFinding, ShopOrder } from '../shop-order.ts';
import { fitText } from './booking-plan.ts';
import type { ShopBookingSettings } from './booking-settings.ts';

/** Who the order is booked on: a relation number (known, or the collective debtor) or a relation.upsert's ref. */
export type RelationTarget = { relationNumber: string } | { relationRef: string };

export interface CustomerBooking {
  target: RelationTarget;
  /** The relation.upsert to emit (absent for the collective debtor), with its externalId. */
  upsert?: { externalId: string; data: RelationUpsert };
}

const Email = z.email();
const normalId = (id: string) => id.replace(/[\s.-]/g, '').toUpperCase();

/** A stable id for the customer: the platform's customer id, else the e-mail address, else the order. */
function customerExternalId(order: ShopOrder): string {
  const base = `${order.platform}:${order.shop}:customer`;
  if (order.customer.externalId) return `${base}:${order.customer.externalId}`;
  if (order.customer.email) return `${base}:email:${order.customer.email.toLowerCase()}`;
  return `${base}:order:${order.orderId}`;
}

/**
 * The customer as CASH gets it. A customer already in CASH (same VAT id, else same e-mail) keeps its number;
 * businesses get a relation of their own; consumers go on the collective debtor unless the settings say
 * `per-customer`. Values CASH would refuse (a malformed e-mail or VAT id) are left out with a warning.
 */
export function customerBooking(
  order: ShopOrder,
  context: ShopMappingContext,
  settings: ShopBookingSettings,
  findings: ShopFinding[],
): CustomerBooking {
  const customer = order.customer;
  const vatId = customer.vatId ? normalId(customer.vatId) : undefined;
  const email = customer.email?.toLowerCase();
  const known =
    (vatId ? context.relations?.find((r) => r.vatId && normalId(r.vatId) === vatId) : undefined) ??
    (email ? context.relations?.find((r) => r.email?.toLowerCase() === email) : undefined);
  if (!known && !customer.isBusiness && settings.consumers === 'collective') {
    return { target: { relationNumber: settings.collectiveDebtor } };
  }
  const data: RelationUpsert = {
    ...(known ? { relationNumber: known.relationNumber } : {}),
    name: fitText(customer.company ?? customer.name, 35) || 'Webshop klant',
    roles: ['customer'],
  };
  if (customer.company && customer.name !== customer.company) data.contactPerson = fitText(customer.name, 35);
  const address = {
    ...(customer.street ? { street: fitText(customer.street, 60) } : {}),
    ...(customer.postalCode ? { postalCode: fitText(customer.postalCode, 10) } : {}),
    ...(customer.city ? { city: fitText(customer.city, 35) } : {}),
    ...(customer.countryCode && /^[A-Z]{2}$/.test(customer.countryCode)
      ? { countryCode: customer.countryCode }
      : {}),
  };
  if (Object.keys(address).length > 0) data.address = address;
  if (customer.phone) data.phone = fitText(customer.phone, 20);
  if (customer.email) {
    if (Email.safeParse(customer.email).success && customer.email.length <= 80) data.email = customer.email;
    else
      warn(
        findings,
        'email-format',
        `e-mail ${JSON.stringify(customer.email.slice(0, 80))} is not an address CASH takes; left out`,
        'customer.email',
      );
  }
  if (vatId) {
    if (/^[A-Z]{2}[A-Z0-9+*.]{2,13}$/.test(vatId)) data.vatId = vatId;
    else
      warn(
        findings,
        'vat-id-format',
        `VAT id ${JSON.stringify(vatId.slice(0, 20))} does not fit CASH; left out`,
        'customer.vatId',
      );
  }
  if (customer.kvk) {
    if (/^\d{8}$/.test(customer.kvk)) data.kvk = customer.kvk;
    else
      warn(
        findings,
        'kvk-format',
        `KvK number ${JSON.stringify(customer.kvk.slice(0, 20))} is not 8 digits; left out`,
        'customer.kvk',
      );
  }
  const externalId = customerExternalId(order);
  return {
    target: known ? { relationNumber: known.relationNumber } : { relationRef: externalId },
    upsert: { externalId, data },
  };
}

function warn(findings: ShopFinding[], rule: string, message: string, path: string): void {
  findings.push({ rule, message, path, severity: 'warning' });
}
