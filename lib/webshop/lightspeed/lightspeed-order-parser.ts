import {
  isObject,
  type JsonObject,
  PayloadReader,
  parseOrderPayload,
  paymentProvider,
} from '../platform-support/index.ts';
import type {
  ParsedShopOrder,
  ShopChargeLine,
  ShopCustomer,
  ShopOrder,
  ShopOrderLifecycle,
  ShopOrderLine,
  ShopRefund,
} from '../shop-order.ts';

/**
 * Lightspeed eCom (C-Series) order JSON → ShopOrder. Payloads: `{"order":{…}}` (GET orders/{id}.json and the
 * webhook), `{"orders":[…]}` (orders.json), a bare array or one order. Lines, invoices and shipments are read from
 * the `resource.embedded` lists the webhook carries (the client embeds them the same way after GET
 * orders/{id}/products.json and invoices.json?order=). Tax rates are fractions (0.21); money is JSON numbers.
 */
export function parseLightspeedOrders(payload: unknown, context: { shop: string }): ParsedShopOrder[] {
  return parseOrderPayload(payload, LIGHTSPEED_SHAPE, (raw, path, read) =>
    buildOrder(raw, path, context.shop, read),
  );
}

const LIGHTSPEED_SHAPE = {
  platform: 'Lightspeed',
  expected: '{"order":…}, {"orders":[…]}, an array or an order',
  listKey: 'orders',
  singleKey: 'order',
  isOrder: (value: JsonObject) => value.id !== undefined || value.number !== undefined,
};

function embedded(order: JsonObject, key: string): unknown[] {
  const holder = order[key];
  if (Array.isArray(holder)) return holder;
  if (!isObject(holder) || !isObject(holder.resource)) return [];
  const list = holder.resource.embedded;
  return Array.isArray(list) ? list : [];
}

function buildOrder(raw: JsonObject, path: string, shop: string, read: PayloadReader): ParsedShopOrder {
  const orderId = read.id(raw, 'id', path);
  const number = read.text(raw, 'number') ?? orderId ?? '';
  const status = read.text(raw, 'status') ?? '';
  if (status === '') read.error('required', `${path}.status`, 'status is missing');
  const paymentStatus = read.text(raw, 'paymentStatus') ?? '';
  const createdAt = read.text(raw, 'createdAt');
  if (createdAt === undefined) read.error('required', `${path}.createdAt`, 'createdAt is missing');

  const lines = embedded(raw, 'products').flatMap((item, index) => {
    const linePath = `${path}.products.resource.embedded[${index}]`;
    if (!isObject(item)) {
      read.error('line-shape', linePath, 'the order product is not a JSON object');
      return [];
    }
    return [readLine(item, linePath, index, read)];
  });
  if (lines.length === 0) read.warn('no-lines', `${path}.products`, 'the order carries no embedded products');

  const charges: ShopChargeLine[] = [];
  const shipping = readCharge(raw, 'shipment', 'shipping', read, path);
  if (shipping) charges.push(shipping);
  const payment = readCharge(raw, 'payment', 'payment-cost', read, path);
  if (payment) charges.push(payment);

  const grossCents = read.cents(raw, 'priceIncl', path, { required: true });
  const netCents = read.cents(raw, 'priceExcl', path, { required: true });
  // An order discount Lightspeed did not spread over the products shows only as the gap to the order's totals.
  const discountCents = read.cents(raw, 'discountAmount', path);
  const lineGross = sum(lines, 'grossCents') + sum(charges, 'grossCents');
  const lineNet = sum(lines, 'netCents') + sum(charges, 'netCents');
  if (discountCents !== 0 && lineGross !== grossCents) {
    const gross = grossCents - lineGross;
    const net = netCents - lineNet;
    charges.push({
      kind: 'discount',
      description: read.text(raw, 'discountCouponCode') ?? 'Korting',
      netCents: net,
      vatCents: gross - net,
      grossCents: gross,
    });
  }

  const invoices = embedded(raw, 'invoices').filter(isObject);
  const refunds: ShopRefund[] = [];
  let reverseCharge = read.bool(raw, 'isVatShifted') ?? false;
  invoices.forEach((invoice, index) => {
    const invoicePath = `${path}.invoices.resource.embedded[${index}]`;
    if (read.bool(invoice, 'isVatShifted') === true) reverseCharge = true;
    if (read.bool(invoice, 'isCreditNote') !== true) return;
    const incl = Math.abs(read.cents(invoice, 'priceIncl', invoicePath));
    const excl = Math.abs(read.cents(invoice, 'priceExcl', invoicePath));
    refunds.push({
      refundId: read.text(invoice, 'id') ?? `${orderId}-credit-${index}`,
      createdAt: read.text(invoice, 'createdAt') ?? createdAt ?? '',
      grossCents: incl,
      vatCents: incl - excl,
      reason: read.text(invoice, 'number'),
    });
  });

  const vatBreakdown = readTaxRates(raw.taxRates, `${path}.taxRates`, read);
  const paymentId = read.text(raw, 'paymentId');
  const paymentTitle = read.text(raw, 'paymentTitle');
  const paid = paymentStatus === 'paid';
  if (orderId === undefined || read.hasErrors) return { orderId, path, findings: read.findings };

  const order: ShopOrder = {
    platform: 'lightspeed',
    shop,
    orderId,
    orderNumber: number,
    status,
    lifecycle: lifecycleOf(status, paymentStatus, refunds.length > 0),
    paid,
    createdAt: createdAt ?? '',
    updatedAt: read.text(raw, 'updatedAt'),
    currency: currencyOf(raw),
    pricesIncludeVat: true,
    customer: readCustomer(raw),
    shippingCountryCode: countryCode(raw.addressShippingCountry) ?? countryCode(raw.addressBillingCountry),
    lines,
    charges,
    totals: { netCents, vatCents: grossCents - netCents, grossCents },
    vatBreakdown,
    reverseCharge,
    payment: {
      method: paymentId,
      title: paymentTitle,
      provider: paymentProvider(paymentId, paymentTitle),
      ...(paid ? { paidCents: grossCents } : {}),
    },
    refunds,
  };
  return { orderId, path, order, findings: read.findings };
}

function readLine(item: JsonObject, path: string, index: number, read: PayloadReader): ShopOrderLine {
  // priceExcl/priceIncl of an order product are the row's amounts after its discount [I: the rows' sums equal
  // the order's priceExcl/priceIncl in the documented examples]; basePrice* are the unit prices before it.
  const netCents = read.cents(item, 'priceExcl', path, { required: true });
  const grossCents = read.cents(item, 'priceIncl', path, { required: true });
  const discount = read.cents(item, 'discountIncl', path);
  const title = [read.text(item, 'productTitle'), read.text(item, 'variantTitle')]
    .filter(Boolean)
    .join(' - ');
  return {
    lineId: read.text(item, 'id') ?? String(index + 1),
    sku: read.text(item, 'sku') ?? read.text(item, 'articleCode'),
    ean: read.text(item, 'ean'),
    description: title === '' ? `Regel ${index + 1}` : title,
    quantity: read.quantity(item, 'quantityOrdered', path),
    netCents,
    vatCents: grossCents - netCents,
    grossCents,
    ratePercent: read.rate(item, 'taxRate', path, { fraction: true }),
    ...(discount !== 0 ? { discountCents: Math.abs(discount) } : {}),
  };
}

function readCharge(
  raw: JsonObject,
  prefix: 'shipment' | 'payment',
  kind: ShopChargeLine['kind'],
  read: PayloadReader,
  path: string,
): ShopChargeLine | undefined {
  const netCents = read.cents(raw, `${prefix}PriceExcl`, path);
  const grossCents = read.cents(raw, `${prefix}PriceIncl`, path);
  if (netCents === 0 && grossCents === 0) return undefined;
  return {
    kind,
    description: read.text(raw, `${prefix}Title`) ?? (kind === 'shipping' ? 'Verzendkosten' : 'Betaalkosten'),
    netCents,
    vatCents: grossCents - netCents,
    grossCents,
    ratePercent: read.rate(raw, `${prefix}TaxRate`, path, { fraction: true }),
  };
}

function readTaxRates(value: unknown, path: string, read: PayloadReader): ShopOrder['vatBreakdown'] {
  if (!Array.isArray(value)) return undefined;
  const breakdown: NonNullable<ShopOrder['vatBreakdown']> = [];
  value.forEach((entry, index) => {
    if (!isObject(entry)) return;
    const ratePercent = read.rate(entry, 'rate', `${path}[${index}]`, { fraction: true });
    if (ratePercent === undefined) return;
    breakdown.push({ ratePercent, vatCents: read.cents(entry, 'amount', `${path}[${index}]`) });
  });
  return breakdown;
}

function lifecycleOf(status: string, paymentStatus: string, refunded: boolean): ShopOrderLifecycle {
  if (status === 'cancelled') return paymentStatus === 'refunded' || refunded ? 'refunded' : 'cancelled';
  if (paymentStatus === 'refunded') return 'refunded';
  if (status === 'on_hold') return 'on-hold';
  if (status.startsWith('completed')) return 'completed';
  if (paymentStatus === 'paid') return 'paid';
  if (paymentStatus === 'cancelled') return 'failed';
  return 'pending';
}

function readCustomer(raw: JsonObject): ShopCustomer {
  const read = new PayloadReader();
  const company = read.text(raw, 'companyName');
  const person = [read.text(raw, 'firstname'), read.text(raw, 'middlename'), read.text(raw, 'lastname')]
    .filter(Boolean)
    .join(' ');
  const vatId = read.text(raw, 'companyVatNumber');
  const kvk = read.text(raw, 'companyCoCNumber');
  const street = [
    read.text(raw, 'addressBillingStreet'),
    read.text(raw, 'addressBillingNumber'),
    read.text(raw, 'addressBillingExtension'),
  ]
    .filter(Boolean)
    .join(' ');
  const customerId =
    isObject(raw.customer) && isObject(raw.customer.resource)
      ? read.text(raw.customer.resource, 'id')
      : undefined;
  return {
    externalId: customerId,
    name: company ?? (person || read.text(raw, 'addressBillingName') || read.text(raw, 'email') || ''),
    company,
    email: read.text(raw, 'email'),
    phone: read.text(raw, 'phone') ?? read.text(raw, 'mobile'),
    vatId,
    kvk,
    street: street === '' ? undefined : street,
    postalCode: read.text(raw, 'addressBillingZipcode'),
    city: read.text(raw, 'addressBillingCity'),
    countryCode: countryCode(raw.addressBillingCountry),
    isBusiness: read.bool(raw, 'isCompany') === true || company !== undefined || vatId !== undefined,
  };
}

function countryCode(value: unknown): string | undefined {
  const code = isObject(value) ? value.code : value;
  return typeof code === 'string' && /^[a-z]{2}$/i.test(code) ? code.toUpperCase() : undefined;
}

function currencyOf(raw: JsonObject): string {
  const currency = raw.currency;
  if (typeof currency === 'string' && /^[A-Z]{3}$/i.test(currency)) return currency.toUpperCase();
  if (isObject(currency) && typeof currency.shortcode === 'string') return currency.shortcode.toUpperCase();
  return 'EUR';
}

function sum<T extends { grossCents: number; netCents: number }>(
  items: T[],
  key: 'grossCents' | 'netCents',
): number {
  return items.reduce((total, item) => total + item[key], 0);
}
