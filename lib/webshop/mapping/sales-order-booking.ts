import type { SalesOrderCreate } from '../../../events/index.ts';
import type { ShopFinding, ShopRefund } from '../shop-order.ts';
import type { BookingPlan } from './booking-plan.ts';
import { codesAtRate, fitText } from './booking-plan.ts';
import { refundSplit } from './journal-booking.ts';
import type { BookedPart } from './vat-treatment.ts';

type SalesOrderLine = SalesOrderCreate['lines'][number];
const ARTICLE_CODE = /^[A-Z0-9._/-]{1,20}$/;

function articleOf(plan: BookingPlan, part: BookedPart, at: string, findings: ShopFinding[]): string {
  const articles = plan.settings.articles;
  switch (part.kind) {
    case 'shipping':
      return articles.shipping;
    case 'payment-cost':
      return articles.paymentCost;
    case 'discount':
      return articles.discount;
    case 'fee':
      return articles.fee;
    case 'gift-card':
      return articles.giftCard;
  }
  const sku = part.sku?.trim();
  if (sku && articles.bySku[sku]) return articles.bySku[sku] as string;
  if (sku && ARTICLE_CODE.test(sku.toUpperCase())) return sku.toUpperCase();
  findings.push({
    rule: 'article-unknown',
    message: `SKU ${JSON.stringify((sku ?? '').slice(0, 40))} is no CASH article code; booked on article ${articles.unknownSku}`,
    path: `${at}.sku`,
    severity: 'warning',
  });
  return articles.unknownSku;
}

/**
 * A line's net as quantity × unit price in whole cents: when the net does not divide by a whole quantity, the
 * line is split in two (n−r at the lower price, r at one cent more), so CASH's total stays the shop's.
 */
function pricedLines(
  base: Omit<SalesOrderLine, 'quantity' | 'unitPriceCents'>,
  quantity: number,
  netCents: number,
): SalesOrderLine[] {
  if (quantity === 0) return [{ ...base, quantity: 1, unitPriceCents: netCents }];
  if (!Number.isInteger(quantity)) {
    const unit = netCents / quantity;
    if (Number.isInteger(unit)) return [{ ...base, quantity, unitPriceCents: unit }];
    return [
      {
        ...base,
        quantity: 1,
        unitPriceCents: netCents,
        description: fitText(`${quantity} × ${base.description ?? ''}`, 60),
      },
    ];
  }
  const unit = Math.floor(netCents / quantity);
  const rest = netCents - unit * quantity;
  if (rest === 0) return [{ ...base, quantity, unitPriceCents: unit }];
  // rest has the sign of quantity and is smaller: (quantity − rest) × unit + rest × (unit + 1) = net.
  const restQuantity = rest;
  return [
    { ...base, quantity: quantity - restQuantity, unitPriceCents: unit },
    { ...base, quantity: restQuantity, unitPriceCents: unit + 1 },
  ].filter((line) => line.quantity !== 0);
}

function customerOf(plan: BookingPlan): SalesOrderCreate['customer'] {
  return 'relationNumber' in plan.target
    ? { relationNumber: plan.target.relationNumber }
    : { relationRef: plan.target.relationRef };
}

/** The order for CASH Handel: products by article, charges and discounts as the settings' default articles. */
export function salesOrder(plan: BookingPlan, findings: ShopFinding[]): SalesOrderCreate {
  const { order } = plan;
  const lines = plan.parts.flatMap(({ part, codes, at }) => {
    const base = {
      articleCode: articleOf(plan, part, at, findings),
      description: fitText(part.description, 60),
      ...(codes.vatCode ? { vatCode: codes.vatCode } : {}),
    };
    return pricedLines(base, part.kind === 'product' ? part.quantity : 1, part.netCents);
  });
  return {
    externalOrderNumber: fitText(order.orderNumber, 40),
    orderDate: plan.orderDate,
    customer: customerOf(plan),
    reference: fitText(`${order.platform} ${order.orderNumber}`, 30),
    currency: order.currency,
    ...(order.paid ? { paidCents: order.totals.grossCents } : {}),
    ...(order.payment.provider ? { paymentMethod: order.payment.provider.slice(0, 10) } : {}),
    lines,
  };
}

/** A refund in CASH Handel: a negative order of the refund article per VAT rate, referring to the original. */
export function refundSalesOrder(
  plan: BookingPlan,
  refund: ShopRefund,
  refundDate: string,
): SalesOrderCreate {
  const lines = [...refundSplit(plan, refund)].flatMap(([rate, amounts]) => {
    const codes = codesAtRate(plan, rate);
    if (amounts.net === 0) return [];
    return [
      {
        articleCode: plan.settings.articles.refund,
        description: fitText(`Retour ${plan.order.orderNumber} ${rate}%`, 60),
        quantity: -1,
        unitPriceCents: amounts.net,
        ...(codes?.vatCode ? { vatCode: codes.vatCode } : {}),
      },
    ];
  });
  return {
    externalOrderNumber: fitText(`${plan.order.orderNumber}-R${refund.refundId}`, 40),
    orderDate: refundDate,
    customer: customerOf(plan),
    reference: fitText(`Credit ${plan.order.orderNumber}`, 30),
    currency: plan.order.currency,
    lines,
  };
}
