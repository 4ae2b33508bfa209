import {
  isObject,
  type JsonObject,
  PayloadReader,
  parseOrderPayload,
  paymentProvider,
  splitByRate,
} from '../platform-support/index.ts';
import type {
  ParsedShopOrder,
  ShopChargeLine,
  ShopCustomer,
  ShopOrder,
  ShopOrderLifecycle,
  ShopOrderLine,
} from '../shop-order.ts';

/**
 * CCV Shop order JSON → ShopOrder. Payloads: one order (GET /orders/{id}), the collection `{items:[…], next}`
 * (GET /orders) or an array. Rows come from `orderrows.items` (the client embeds GET /orders/{id}/orderrows
 * there). Rows carry a tax percentage and one price, incl. or excl. VAT as `order_row_taxes_included` says, but
 * no VAT amount: the VAT per row is computed from the rate; the order's `total_tax` stays the shop's figure.
 */
export function parseCcvshopOrders(payload: unknown, context: { shop: string }): ParsedShopOrder[] {
  return parseOrderPayload(payload, CCV_SHAPE, (raw, path, read) =>
    buildOrder(raw, path, context.shop, read),
  );
}

const CCV_SHAPE = {
  platform: 'CCV Shop',
  expected: 'an order, {items:[…]} or an array',
  listKey: 'items',
  isOrder: (value: JsonObject) => value.id !== undefined || value.ordernumber_full !== undefined,
};

// CCV order status codes [C-code third-party CCV integrations; names from the CCV back office].
const STATUS: Record<string, ShopOrderLifecycle | 'open'> = {
  '1': 'open', // nieuw
  '2': 'open', // in behandeling
  '3': 'open', // wacht op fabrikant
  '4': 'pending', // wacht op betaling
  '5': 'completed', // verzonden
  '6': 'completed', // geleverd / klaar om af te halen
  '7': 'completed', // afgerond
  '8': 'cancelled', // geannuleerd
  '9': 'open', // wacht op leverancier
  '10': 'open', // wordt verpakt
  '11': 'open', // klaar om af te halen
  '12': 'open', // wordt geassembleerd
  '13': 'open', // backorder
  '14': 'open', // gereserveerd
};

function buildOrder(raw: JsonObject, path: string, shop: string, read: PayloadReader): ParsedShopOrder {
  const orderId = read.id(raw, 'id', path);
  const status = read.text(raw, 'status') ?? '';
  const mapped = STATUS[status];
  if (mapped === undefined)
    read.error('status', `${path}.status`, `unknown CCV order status ${JSON.stringify(status).slice(0, 20)}`);
  const createdAt = read.text(raw, 'create_date');
  if (createdAt === undefined) read.error('required', `${path}.create_date`, 'create_date is missing');
  const paid = read.bool(raw, 'paid') === true;
  const intraCommunity = read.bool(raw, 'is_intra_community_order') === true;
  const rowsIncludeVat =
    read.bool(raw, 'order_row_taxes_included') ?? read.bool(raw, 'taxes_included') ?? true;

  const rowHolder = raw.orderrows;
  const rows =
    isObject(rowHolder) && Array.isArray(rowHolder.items)
      ? rowHolder.items
      : Array.isArray(rowHolder)
        ? rowHolder
        : [];
  const rowsPath = Array.isArray(rowHolder) ? `${path}.orderrows` : `${path}.orderrows.items`;
  const lines: ShopOrderLine[] = [];
  rows.forEach((row, index) => {
    if (isObject(row))
      lines.push(readRow(row, `${rowsPath}[${index}]`, index, rowsIncludeVat, intraCommunity, read));
    else read.error('line-shape', `${rowsPath}[${index}]`, 'the order row is not a JSON object');
  });
  if (lines.length === 0)
    read.warn('no-lines', `${path}.orderrows`, 'the order carries no embedded order rows');

  const shippingRate = intraCommunity ? '0' : (read.rate(raw, 'shipping_tax_percentage', path) ?? '21');
  const shippingIncl = read.bool(raw, 'shipping_taxes_included') ?? rowsIncludeVat;
  const charges: ShopChargeLine[] = [];
  const charge = (key: string, kind: ShopChargeLine['kind'], description: string, sign = 1): void => {
    const cents = read.cents(raw, key, path) * sign;
    if (cents === 0) return;
    // CCV states no rate for payment costs and extra costs; they follow the shipping rate [I].
    charges.push({
      kind,
      description,
      ratePercent: shippingRate,
      ...splitByRate(cents, shippingRate, shippingIncl),
    });
  };
  charge('total_shipping', 'shipping', 'Verzendkosten');
  charge('paymethod_costs', 'payment-cost', read.text(raw, 'paymethod_label') ?? 'Betaalkosten');
  charge('extra_costs', 'fee', read.text(raw, 'extra_costs_description') ?? 'Extra kosten');
  charge('total_discounts', 'discount', 'Korting', -1);
  charge('credit_point_discount', 'gift-card', 'Spaarpunten', -1);

  const grossCents = read.cents(raw, 'total_price', path, { required: true });
  const vatCents = read.cents(raw, 'total_tax', path);
  const paymethod = read.text(raw, 'paymethod');
  const paymethodLabel = read.text(raw, 'paymethod_label');
  if (orderId === undefined || mapped === undefined || read.hasErrors)
    return { orderId, path, findings: read.findings };

  const lifecycle: ShopOrderLifecycle = mapped === 'open' ? (paid ? 'paid' : 'pending') : mapped;
  const order: ShopOrder = {
    platform: 'ccvshop',
    shop,
    orderId,
    orderNumber: read.text(raw, 'ordernumber_full') ?? orderId,
    status,
    lifecycle,
    paid,
    createdAt: createdAt ?? '',
    currency: (read.text(raw, 'currency') ?? 'EUR').toUpperCase(),
    pricesIncludeVat: rowsIncludeVat,
    customer: readCustomer(raw.customer),
    shippingCountryCode: deliveryCountry(raw.customer),
    lines,
    charges,
    totals: { netCents: grossCents - vatCents, vatCents, grossCents },
    reverseCharge: intraCommunity,
    payment: {
      method: paymethod,
      title: paymethodLabel,
      provider: paymentProvider(paymethod, paymethodLabel),
      transactionId: read.text(raw, 'transaction_id'),
      ...(paid ? { paidCents: grossCents } : {}),
    },
    refunds: [],
  };
  return { orderId, path, order, findings: read.findings };
}

function readRow(
  row: JsonObject,
  path: string,
  index: number,
  includesVat: boolean,
  intraCommunity: boolean,
  read: PayloadReader,
): ShopOrderLine {
  const total = read.cents(row, 'total_price', path, { required: true });
  // Intra-community orders have 0 % on every row whatever the row's `tax` says (CCV's own definition).
  const ratePercent = intraCommunity ? '0' : (read.rate(row, 'tax', path) ?? '0');
  const amounts = splitByRate(total, ratePercent, includesVat);
  const quantity = read.quantity(row, 'count', path);
  const discountPerUnit = read.cents(row, 'discount', path);
  return {
    lineId: read.text(row, 'id') ?? String(index + 1),
    sku:
      read.text(row, 'sub_sku_number') ??
      read.text(row, 'sub_product_number') ??
      read.text(row, 'product_number'),
    ean: read.text(row, 'sub_ean_number'),
    description: read.text(row, 'product_name') ?? `Regel ${index + 1}`,
    quantity,
    ...amounts,
    ratePercent,
    ...(discountPerUnit !== 0 ? { discountCents: Math.round(Math.abs(discountPerUnit) * quantity) } : {}),
  };
}

function readCustomer(value: unknown): ShopCustomer {
  const read = new PayloadReader();
  const customer = isObject(value) ? value : {};
  const billing = isObject(customer.billingaddress) ? customer.billingaddress : {};
  const company = read.text(billing, 'company');
  const vatId = read.text(customer, 'btw');
  const kvk = read.text(customer, 'kvk');
  const street = [
    read.text(billing, 'street'),
    read.text(billing, 'housenumber'),
    read.text(billing, 'housenumber_suffix'),
  ]
    .filter(Boolean)
    .join(' ');
  const code = read.text(billing, 'country_code');
  return {
    name: company ?? read.text(billing, 'full_name') ?? read.text(customer, 'email') ?? '',
    company,
    email: read.text(customer, 'email'),
    phone: read.text(billing, 'telephone') ?? read.text(billing, 'mobile'),
    vatId,
    kvk,
    street: street === '' ? read.text(billing, 'address_line_1') : street,
    postalCode: read.text(billing, 'zipcode'),
    city: read.text(billing, 'city'),
    countryCode: code && /^[a-z]{2}$/i.test(code) ? code.toUpperCase() : undefined,
    isBusiness: read.text(customer, 'customertype') === 'b2b' || company !== undefined || vatId !== undefined,
  };
}

function deliveryCountry(value: unknown): string | undefined {
  const customer = isObject(value) ? value : {};
  for (const key of ['deliveryaddress', 'billingaddress']) {
    const address = customer[key];
    const code = isObject(address) ? address.country_code : undefined;
    if (typeof code === 'string' && /^[a-z]{2}$/i.test(code)) return code.toUpperCase();
  }
  return undefined;
}
