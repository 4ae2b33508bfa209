import { Decimal } from 'decimal.js';
import {
  decimalRate,
  decimalToCents,
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

/** Lifecycles in which the order was paid (a refund or a shipment comes after the payment). */
const PAID = new Set<ShopOrderLifecycle>(['paid', 'completed', 'refunded']);

/**
 * Orders as PrestaShop's webservice answers with `output_format=JSON`: `{"order":{…}}`, `{"orders":[…]}`
 * (`display=full`), an array, or `[]` (its empty list). The rows carry no VAT rate: the client attaches
 * `order_details` (and `order_slip`, `customer`, `invoice_address`, `delivery_address`, `currency`) to each
 * order; without details the lines come from the rows' unit prices and a finding says so. Never throws.
 */
export function parsePrestashopOrders(
  payload: unknown,
  context: { shop: string },
  states: Readonly<Record<string, ShopOrderLifecycle>>,
): ParsedShopOrder[] {
  const each = (list: unknown[], prefix: string) =>
    list.map((order, index) => parseOne(order, `${prefix}[${index}]`, context.shop, states));
  if (Array.isArray(payload)) return each(payload, '$');
  if (isObject(payload) && Array.isArray(payload.orders)) return each(payload.orders, '$.orders');
  if (isObject(payload) && isObject(payload.order))
    return [parseOne(payload.order, '$.order', context.shop, states)];
  return [parseOne(payload, '$', context.shop, states)];
}

function parseOne(
  raw: unknown,
  path: string,
  shop: string,
  states: Readonly<Record<string, ShopOrderLifecycle>>,
): ParsedShopOrder {
  return parseOrderSafely(raw, path, { rulePrefix: 'prestashop', idKey: 'id' }, (order, reader) =>
    readOrder(order, path, shop, states, reader),
  );
}

function readOrder(
  raw: JsonObject,
  path: string,
  shop: string,
  states: Readonly<Record<string, ShopOrderLifecycle>>,
  reader: PayloadReader,
): ShopOrder | undefined {
  const orderId = reader.requiredText(raw, 'id', path);
  const state = reader.text(raw, 'current_state') ?? '';
  const lifecycle = states[state];
  if (lifecycle === undefined)
    reader.error('state', `${path}.current_state`, `unknown order state ${quoteValue(raw.current_state)}`);
  const createdAt = reader.timestamp(raw, 'date_add', path, { required: true, zone: 'local' });
  const lines = readLines(raw, path, reader);
  const charges = readCharges(raw, path, reader);
  const grossCents = reader.cents(
    raw,
    raw.total_paid_tax_incl !== undefined ? 'total_paid_tax_incl' : 'total_paid',
    path,
    { required: true },
  );
  const netCents = reader.cents(raw, 'total_paid_tax_excl', path);
  if (orderId === undefined || lifecycle === undefined || createdAt === undefined || reader.hasErrors())
    return;
  const sum = [...lines, ...charges].reduce((total, line) => total + line.grossCents, 0);
  if (sum !== grossCents) {
    reader.warning(
      'totals',
      `${path}.total_paid_tax_incl`,
      `lines and charges add up to ${sum} cents, the order states ${grossCents} cents`,
    );
  }
  const customer = readCustomer(raw);
  const vatCents = grossCents - netCents;
  const delivery = isObject(raw.delivery_address) ? raw.delivery_address : {};
  return {
    platform: 'prestashop',
    shop,
    orderId,
    orderNumber: reader.text(raw, 'reference') ?? orderId,
    status: state,
    lifecycle,
    paid: PAID.has(lifecycle),
    createdAt,
    updatedAt: reader.timestamp(raw, 'date_upd', path, { zone: 'local' }),
    currency: (isObject(raw.currency) ? reader.text(raw.currency, 'iso_code') : undefined) ?? 'EUR',
    // PrestaShop keeps both; prices shown to consumers include VAT (the default customer group setting).
    pricesIncludeVat: true,
    customer,
    shippingCountryCode: reader.text(delivery, 'country_iso_code'),
    lines,
    charges,
    totals: { netCents, vatCents, grossCents },
    vatBreakdown: readBreakdown(raw, lines, charges),
    // The vatnumber module drops VAT for an EU business with a VAT number: an untaxed order with one.
    reverseCharge: customer.vatId !== undefined && vatCents === 0 && netCents > 0 ? true : undefined,
    payment: readPayment(raw, path, reader, grossCents, lifecycle),
    refunds: readRefunds(raw, path, reader),
  };
}

function readLines(raw: JsonObject, path: string, reader: PayloadReader): ShopOrderLine[] {
  if (Array.isArray(raw.order_details)) {
    return raw.order_details.flatMap((detail, index) => {
      const detailPath = `${path}.order_details[${index}]`;
      if (!isObject(detail)) {
        reader.error('order-detail', detailPath, `expected an order detail, found ${quoteValue(detail)}`);
        return [];
      }
      const netCents = reader.cents(detail, 'total_price_tax_excl', detailPath, { required: true });
      const grossCents = reader.cents(detail, 'total_price_tax_incl', detailPath, { required: true });
      const rate = decimalRate(detail.tax_rate);
      return [
        {
          lineId: reader.text(detail, 'id') ?? String(index),
          sku: reader.text(detail, 'product_reference'),
          ean: reader.text(detail, 'product_ean13'),
          description: reader.text(detail, 'product_name') ?? '',
          quantity: reader.quantity(detail, 'product_quantity', detailPath) ?? 0,
          netCents,
          vatCents: grossCents - netCents,
          grossCents,
          // tax_rate is 0 on shops that fill only order_detail_tax: then the mapper derives the rate.
          ratePercent: rate === '0' && grossCents !== netCents ? undefined : rate,
        },
      ];
    });
  }
  const associations = isObject(raw.associations) ? raw.associations : {};
  const rows = Array.isArray(associations.order_rows) ? associations.order_rows : [];
  if (rows.length > 0) {
    reader.warning(
      'no-order-details',
      `${path}.associations.order_rows`,
      'no order_details: amounts from unit prices × quantity, VAT rate unknown',
    );
  }
  return rows.flatMap((row, index) => {
    const rowPath = `${path}.associations.order_rows[${index}]`;
    if (!isObject(row)) return [];
    const quantity = reader.quantity(row, 'product_quantity', rowPath) ?? 0;
    const netCents = times(row, 'unit_price_tax_excl', quantity, rowPath, reader);
    const grossCents = times(row, 'unit_price_tax_incl', quantity, rowPath, reader);
    return [
      {
        lineId: reader.text(row, 'id') ?? String(index),
        sku: reader.text(row, 'product_reference'),
        ean: reader.text(row, 'product_ean13'),
        description: reader.text(row, 'product_name') ?? '',
        quantity,
        netCents,
        vatCents: grossCents - netCents,
        grossCents,
      },
    ];
  });
}

/** unit × quantity in cents, multiplied as decimals (a unit price has six decimals in PrestaShop). */
function times(row: JsonObject, key: string, quantity: number, path: string, reader: PayloadReader): number {
  const unit = decimalToCents(row[key]);
  if (!unit.ok) return reader.cents(row, key, path);
  const reading = decimalToCents(new Decimal(String(row[key]).trim()).times(quantity).toString());
  return reading.ok ? reading.cents : 0;
}

function readCharges(raw: JsonObject, path: string, reader: PayloadReader): ShopChargeLine[] {
  const charges: ShopChargeLine[] = [];
  const add = (
    kind: ShopChargeLine['kind'],
    description: string,
    prefix: string,
    sign: number,
    rate?: string,
  ) => {
    const netCents = reader.cents(raw, `${prefix}_tax_excl`, path) * sign;
    const grossCents = reader.cents(raw, `${prefix}_tax_incl`, path) * sign;
    if (netCents === 0 && grossCents === 0) return;
    charges.push({
      kind,
      description,
      netCents,
      vatCents: grossCents - netCents,
      grossCents,
      ratePercent: rate,
    });
  };
  add('shipping', 'Verzending', 'total_shipping', 1, decimalRate(raw.carrier_tax_rate));
  add('fee', 'Cadeauverpakking', 'total_wrapping', 1);
  add('discount', 'Korting', 'total_discounts', -1);
  return charges;
}

function readCustomer(raw: JsonObject): ShopCustomer {
  const customer = isObject(raw.customer) ? raw.customer : {};
  const address = isObject(raw.invoice_address) ? raw.invoice_address : {};
  const text = (object: JsonObject, key: string) => {
    const value = object[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const company = text(address, 'company') ?? text(customer, 'company');
  const vatId = text(address, 'vat_number');
  const person = [
    text(address, 'firstname') ?? text(customer, 'firstname'),
    text(address, 'lastname') ?? text(customer, 'lastname'),
  ]
    .filter(Boolean)
    .join(' ');
  const street = [text(address, 'address1'), text(address, 'address2')].filter(Boolean).join(' ');
  const idCustomer = raw.id_customer;
  return {
    externalId:
      typeof idCustomer === 'string' || typeof idCustomer === 'number' ? String(idCustomer) : undefined,
    name: company ?? (person || text(customer, 'email') || ''),
    company,
    email: text(customer, 'email'),
    phone: text(address, 'phone') ?? text(address, 'phone_mobile'),
    vatId,
    // B2B mode's SIRET field is where Dutch shops keep the KvK number.
    kvk: text(customer, 'siret'),
    street: street || undefined,
    postalCode: text(address, 'postcode'),
    city: text(address, 'city'),
    countryCode: text(address, 'country_iso_code'),
    isBusiness: company !== undefined || vatId !== undefined,
  };
}

/** Per rate from the details (and shipping at the carrier's rate); none when a line's rate is unknown. */
function readBreakdown(
  raw: JsonObject,
  lines: ShopOrderLine[],
  charges: ShopChargeLine[],
): ShopOrder['vatBreakdown'] {
  if (!Array.isArray(raw.order_details)) return undefined;
  const parts = [...lines, ...charges.filter((charge) => charge.kind === 'shipping')];
  if (
    charges.some((charge) => charge.kind !== 'shipping') ||
    parts.some((part) => part.ratePercent === undefined)
  )
    return undefined;
  const byRate = new Map<string, { vatCents: number; taxableCents: number }>();
  for (const part of parts) {
    const entry = byRate.get(part.ratePercent as string) ?? { vatCents: 0, taxableCents: 0 };
    entry.vatCents += part.vatCents;
    entry.taxableCents += part.netCents;
    byRate.set(part.ratePercent as string, entry);
  }
  return [...byRate].map(([ratePercent, entry]) => ({ ratePercent, ...entry }));
}

const PROVIDERS: Array<[RegExp, ShopPayment['provider']]> = [
  [/mollie/i, 'mollie'],
  [/paypal|ps_checkout/i, 'paypal'],
  [/stripe/i, 'stripe'],
  [/adyen/i, 'adyen'],
  [/wirepayment|bankwire|ps_checkpayment/i, 'bank-transfer'],
];

function readPayment(
  raw: JsonObject,
  path: string,
  reader: PayloadReader,
  grossCents: number,
  lifecycle: ShopOrderLifecycle,
): ShopPayment {
  const method = reader.text(raw, 'module');
  const paidReal = reader.optionalCents(raw, 'total_paid_real', path);
  return {
    method,
    title: reader.text(raw, 'payment'),
    provider:
      method === undefined
        ? undefined
        : (PROVIDERS.find(([pattern]) => pattern.test(method))?.[1] ?? 'other'),
    paidCents: PAID.has(lifecycle) ? paidReal || grossCents : paidReal,
    paidAt: PAID.has(lifecycle) ? reader.timestamp(raw, 'invoice_date', path, { zone: 'local' }) : undefined,
  };
}

/** Credit slips (`order_slip`): products and shipping refunded, excl. and incl. VAT. */
function readRefunds(raw: JsonObject, path: string, reader: PayloadReader): ShopRefund[] {
  if (!Array.isArray(raw.order_slip)) return [];
  return raw.order_slip.flatMap((slip, index) => {
    const slipPath = `${path}.order_slip[${index}]`;
    if (!isObject(slip)) {
      reader.error('order-slip', slipPath, `expected a credit slip, found ${quoteValue(slip)}`);
      return [];
    }
    const refundId = reader.requiredText(slip, 'id', slipPath);
    const createdAt = reader.timestamp(slip, 'date_add', slipPath, { required: true, zone: 'local' });
    if (refundId === undefined || createdAt === undefined) return [];
    const gross =
      reader.cents(slip, 'total_products_tax_incl', slipPath) +
      reader.cents(slip, 'total_shipping_tax_incl', slipPath);
    const net =
      reader.cents(slip, 'total_products_tax_excl', slipPath) +
      reader.cents(slip, 'total_shipping_tax_excl', slipPath);
    return [{ refundId, createdAt, grossCents: gross, vatCents: gross - net }];
  });
}
