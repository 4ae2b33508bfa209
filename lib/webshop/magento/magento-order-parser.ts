import {
  decimalRate,
  isObject,
  type JsonObject,
  type PayloadReader,
  parseOrderSafely,
  quoteValue,
} from '../platform-kit/index.ts';
import type {
  ParsedShopOrder,
  ShopChargeLine,
  ShopCustomer,
  ShopOrder,
  ShopOrderLifecycle,
  ShopOrderLine,
  ShopPayment,
  ShopRefund,
} from '../shop-order.ts';

/** Magento's order `state` (the fixed machine states; `status` is the merchant's label on top of them). */
const LIFECYCLE_BY_STATE: Record<string, ShopOrderLifecycle> = {
  new: 'pending',
  pending_payment: 'pending',
  payment_review: 'on-hold',
  holded: 'on-hold',
  processing: 'paid',
  complete: 'completed',
  closed: 'refunded',
  canceled: 'cancelled',
};

/** States in which Magento has invoiced (captured) the order. */
const PAID_STATES = new Set(['processing', 'complete', 'closed']);

/**
 * Orders as Magento 2's REST API returns them: `GET /V1/orders/{id}` (one order), the search envelope
 * `{items, search_criteria, total_count}`, or an array. The client may add `invoices` and `creditmemos`
 * arrays (from `/V1/invoices` and `/V1/creditmemos`) to an order; without them a refund is read from
 * `total_refunded`. Never throws.
 */
export function parseMagentoOrders(payload: unknown, context: { shop: string }): ParsedShopOrder[] {
  if (Array.isArray(payload))
    return payload.map((order, index) => parseOne(order, `$[${index}]`, context.shop));
  if (isObject(payload) && Array.isArray(payload.items) && !('entity_id' in payload)) {
    return payload.items.map((order, index) => parseOne(order, `$.items[${index}]`, context.shop));
  }
  return [parseOne(payload, '$', context.shop)];
}

function parseOne(raw: unknown, path: string, shop: string): ParsedShopOrder {
  return parseOrderSafely(raw, path, { rulePrefix: 'magento', idKey: 'entity_id' }, (order, reader) =>
    readOrder(order, path, shop, reader),
  );
}

function readOrder(
  raw: JsonObject,
  path: string,
  shop: string,
  reader: PayloadReader,
): ShopOrder | undefined {
  const orderId = reader.requiredText(raw, 'entity_id', path);
  const state = reader.text(raw, 'state') ?? '';
  const lifecycle = LIFECYCLE_BY_STATE[state];
  if (lifecycle === undefined) {
    reader.error('state', `${path}.state`, `unknown order state ${quoteValue(raw.state)}`);
  }
  const createdAt = reader.timestamp(raw, 'created_at', path, { required: true });
  const lines = readLines(raw, path, reader);
  const charges = readCharges(raw, path, reader);
  const grossCents = reader.cents(raw, 'grand_total', path, { required: true });
  const vatCents = reader.cents(raw, 'tax_amount', path);
  const totalPaid = reader.cents(raw, 'total_paid', path);
  if (orderId === undefined || lifecycle === undefined || createdAt === undefined || reader.hasErrors())
    return;
  const sum = [...lines, ...charges].reduce((total, line) => total + line.grossCents, 0);
  if (sum !== grossCents) {
    reader.warning(
      'totals',
      `${path}.grand_total`,
      `lines and charges add up to ${sum} cents, the order states ${grossCents} cents`,
    );
  }
  return {
    platform: 'magento',
    shop,
    orderId,
    orderNumber: reader.text(raw, 'increment_id') ?? orderId,
    status: reader.text(raw, 'status') ?? state,
    lifecycle,
    paid: PAID_STATES.has(state) || (grossCents > 0 && totalPaid >= grossCents),
    createdAt,
    updatedAt: reader.timestamp(raw, 'updated_at', path),
    currency: reader.text(raw, 'order_currency_code') ?? reader.text(raw, 'base_currency_code') ?? 'EUR',
    pricesIncludeVat: pricesIncludeVat(raw),
    customer: readCustomer(raw),
    shippingCountryCode: shippingCountry(raw),
    lines,
    charges,
    totals: { netCents: grossCents - vatCents, vatCents, grossCents },
    vatBreakdown: readBreakdown(raw, path, reader),
    payment: readPayment(raw, path, reader, totalPaid),
    refunds: readRefunds(raw, path, reader),
  };
}

/**
 * Product lines: a configurable or bundle parent and its children are all listed; the parent carries the
 * price (configurable, fixed bundle), so only items without `parent_item_id` count. A dynamic bundle prices
 * its children and leaves the parent at 0: then the children's amounts make the parent's line.
 */
function readLines(raw: JsonObject, path: string, reader: PayloadReader): ShopOrderLine[] {
  if (!Array.isArray(raw.items)) {
    reader.error('items', `${path}.items`, `expected the order's items, found ${quoteValue(raw.items)}`);
    return [];
  }
  const items = raw.items.map((item, index) => ({ item, path: `${path}.items[${index}]` }));
  const lines: ShopOrderLine[] = [];
  for (const { item, path: itemPath } of items) {
    if (!isObject(item)) {
      reader.error('item', itemPath, `expected an item object, found ${quoteValue(item)}`);
      continue;
    }
    if (item.parent_item_id !== undefined && item.parent_item_id !== null) continue;
    const line = readLine(item, itemPath, reader);
    const itemId = reader.text(item, 'item_id');
    if (line.grossCents === 0 && itemId !== undefined) {
      const children = items.filter(
        (child) => isObject(child.item) && reader.text(child.item, 'parent_item_id') === itemId,
      );
      for (const child of children) {
        const childLine = readLine(child.item as JsonObject, child.path, reader);
        line.netCents += childLine.netCents;
        line.vatCents += childLine.vatCents;
        line.grossCents += childLine.grossCents;
        line.discountCents = (line.discountCents ?? 0) + (childLine.discountCents ?? 0);
        line.ratePercent ??= childLine.ratePercent;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** net = row_total − discount + the VAT hidden in an incl.-VAT discount; the VAT is what Magento charged. */
function readLine(item: JsonObject, path: string, reader: PayloadReader): ShopOrderLine {
  const discount = reader.cents(item, 'discount_amount', path);
  const netCents =
    reader.cents(item, 'row_total', path) -
    discount +
    reader.cents(item, 'discount_tax_compensation_amount', path);
  const vatCents = reader.cents(item, 'tax_amount', path);
  return {
    lineId: reader.text(item, 'item_id') ?? path,
    sku: reader.text(item, 'sku'),
    description: reader.text(item, 'name') ?? reader.text(item, 'sku') ?? '',
    quantity: reader.quantity(item, 'qty_ordered', path) ?? 0,
    netCents,
    vatCents,
    grossCents: netCents + vatCents,
    ratePercent: decimalRate(item.tax_percent),
    discountCents: discount === 0 ? undefined : discount,
  };
}

function readCharges(raw: JsonObject, path: string, reader: PayloadReader): ShopChargeLine[] {
  const charges: ShopChargeLine[] = [];
  const shippingNet =
    reader.cents(raw, 'shipping_amount', path) -
    reader.cents(raw, 'shipping_discount_amount', path) +
    reader.cents(raw, 'shipping_discount_tax_compensation_amount', path);
  const shippingVat = reader.cents(raw, 'shipping_tax_amount', path);
  if (shippingNet !== 0 || shippingVat !== 0) {
    charges.push({
      kind: 'shipping',
      description: reader.text(raw, 'shipping_description') ?? 'Shipping',
      netCents: shippingNet,
      vatCents: shippingVat,
      grossCents: shippingNet + shippingVat,
    });
  }
  const extension = isObject(raw.extension_attributes) ? raw.extension_attributes : {};
  // Mollie's Magento module adds its payment surcharge as order fields (excl. VAT and its VAT).
  const feeSource = raw.mollie_payment_fee !== undefined ? raw : extension;
  const feeNet = reader.cents(feeSource, 'mollie_payment_fee', path);
  const feeVat = reader.cents(feeSource, 'mollie_payment_fee_tax', path);
  if (feeNet !== 0 || feeVat !== 0) {
    charges.push({
      kind: 'payment-cost',
      description: 'Payment fee',
      netCents: feeNet,
      vatCents: feeVat,
      grossCents: feeNet + feeVat,
    });
  }
  // Adobe Commerce gift cards and store credit pay part of the order: they reduce grand_total, no VAT.
  for (const [key, description] of [
    ['gift_cards_amount', 'Gift card'],
    ['customer_balance_amount', 'Store credit'],
  ] as const) {
    const source = raw[key] !== undefined ? raw : extension;
    const cents = reader.cents(source, key, path);
    if (cents !== 0) {
      charges.push({ kind: 'gift-card', description, netCents: -cents, vatCents: 0, grossCents: -cents });
    }
  }
  return charges;
}

function readCustomer(raw: JsonObject): ShopCustomer {
  const billing = isObject(raw.billing_address) ? raw.billing_address : {};
  const text = (object: JsonObject, key: string) => {
    const value = object[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const company = text(billing, 'company');
  const vatId = text(billing, 'vat_id') ?? text(raw, 'customer_taxvat');
  const person = [text(billing, 'firstname'), text(billing, 'lastname')].filter(Boolean).join(' ');
  const fallback = [text(raw, 'customer_firstname'), text(raw, 'customer_lastname')]
    .filter(Boolean)
    .join(' ');
  const street = Array.isArray(billing.street)
    ? billing.street.filter((part): part is string => typeof part === 'string').join(' ')
    : text(billing, 'street');
  const customerId =
    raw.customer_is_guest === 1 || raw.customer_is_guest === true ? undefined : raw.customer_id;
  return {
    externalId:
      typeof customerId === 'number' || typeof customerId === 'string' ? String(customerId) : undefined,
    name: company ?? (person || fallback || text(raw, 'customer_email') || ''),
    company,
    email: text(billing, 'email') ?? text(raw, 'customer_email'),
    phone: text(billing, 'telephone'),
    vatId,
    street: street || undefined,
    postalCode: text(billing, 'postcode'),
    city: text(billing, 'city'),
    countryCode: text(billing, 'country_id'),
    isBusiness: company !== undefined || vatId !== undefined,
  };
}

function shippingCountry(raw: JsonObject): string | undefined {
  const extension = isObject(raw.extension_attributes) ? raw.extension_attributes : {};
  const assignments = Array.isArray(extension.shipping_assignments) ? extension.shipping_assignments : [];
  for (const assignment of assignments) {
    const address =
      isObject(assignment) && isObject(assignment.shipping) ? assignment.shipping.address : undefined;
    if (isObject(address) && typeof address.country_id === 'string') return address.country_id;
  }
  return undefined;
}

/** Catalog prices incl. VAT show as an item's `original_price` equal to its `price_incl_tax` (and ≠ `price`). */
function pricesIncludeVat(raw: JsonObject): boolean {
  const items = Array.isArray(raw.items) ? raw.items.filter(isObject) : [];
  return items.some(
    (item) =>
      typeof item.price_incl_tax === 'number' &&
      item.price_incl_tax !== item.price &&
      item.original_price === item.price_incl_tax,
  );
}

function readBreakdown(raw: JsonObject, path: string, reader: PayloadReader): ShopOrder['vatBreakdown'] {
  const extension = isObject(raw.extension_attributes) ? raw.extension_attributes : {};
  if (!Array.isArray(extension.applied_taxes)) return undefined;
  const byRate = new Map<string, number>();
  extension.applied_taxes.forEach((tax, index) => {
    const taxPath = `${path}.extension_attributes.applied_taxes[${index}]`;
    if (!isObject(tax)) return;
    const rate = decimalRate(tax.percent);
    if (rate === undefined) {
      reader.warning('vat-rate', `${taxPath}.percent`, `not a VAT rate: ${quoteValue(tax.percent)}`);
      return;
    }
    byRate.set(rate, (byRate.get(rate) ?? 0) + reader.cents(tax, 'amount', taxPath));
  });
  return [...byRate].map(([ratePercent, vatCents]) => ({ ratePercent, vatCents }));
}

const PROVIDERS: Array<[RegExp, ShopPayment['provider']]> = [
  [/mollie/i, 'mollie'],
  [/paypal|braintree_paypal/i, 'paypal'],
  [/stripe/i, 'stripe'],
  [/adyen/i, 'adyen'],
  [/banktransfer|checkmo|purchaseorder/i, 'bank-transfer'],
];

function readPayment(raw: JsonObject, path: string, reader: PayloadReader, totalPaid: number): ShopPayment {
  const payment = isObject(raw.payment) ? raw.payment : {};
  const method = reader.text(payment, 'method');
  const info = Array.isArray(payment.additional_information) ? payment.additional_information : [];
  const invoices = Array.isArray(raw.invoices) ? raw.invoices.filter(isObject) : [];
  const paidAt = invoices
    .map((invoice) => reader.timestamp(invoice, 'created_at', `${path}.invoices`))
    .filter((at): at is string => at !== undefined)
    .sort()[0];
  return {
    method,
    title: typeof info[0] === 'string' ? info[0] : undefined,
    provider:
      method === undefined
        ? undefined
        : (PROVIDERS.find(([pattern]) => pattern.test(method))?.[1] ?? 'other'),
    transactionId: reader.text(payment, 'last_trans_id'),
    paidCents: totalPaid === 0 ? reader.optionalCents(payment, 'amount_paid', `${path}.payment`) : totalPaid,
    paidAt,
  };
}

/** Credit memos are the refunds; without them (a bare order) `total_refunded` makes one refund. */
function readRefunds(raw: JsonObject, path: string, reader: PayloadReader): ShopRefund[] {
  if (Array.isArray(raw.creditmemos)) {
    return raw.creditmemos.flatMap((memo, index) => {
      const memoPath = `${path}.creditmemos[${index}]`;
      if (!isObject(memo)) {
        reader.error('creditmemo', memoPath, `expected a credit memo, found ${quoteValue(memo)}`);
        return [];
      }
      const refundId = reader.requiredText(memo, 'entity_id', memoPath);
      const createdAt = reader.timestamp(memo, 'created_at', memoPath, { required: true });
      if (refundId === undefined || createdAt === undefined) return [];
      const memoItems = Array.isArray(memo.items) ? memo.items.filter(isObject) : [];
      return [
        {
          refundId,
          createdAt,
          grossCents: reader.cents(memo, 'grand_total', memoPath, { required: true }),
          vatCents: reader.cents(memo, 'tax_amount', memoPath),
          reason: reader.text(memo, 'customer_note'),
          lines: memoItems
            .filter((item) => reader.cents(item, 'row_total', memoPath) !== 0)
            .map((item, itemIndex) => ({
              ...readLine({ ...item, qty_ordered: item.qty }, `${memoPath}.items[${itemIndex}]`, reader),
              lineId:
                reader.text(item, 'order_item_id') ?? reader.text(item, 'entity_id') ?? String(itemIndex),
            })),
        },
      ];
    });
  }
  const refunded = reader.cents(raw, 'total_refunded', path);
  if (refunded === 0) return [];
  const createdAt =
    reader.timestamp(raw, 'updated_at', path) ?? reader.timestamp(raw, 'created_at', path) ?? '';
  return [{ refundId: `${reader.text(raw, 'entity_id')}-refunded`, createdAt, grossCents: refunded }];
}
