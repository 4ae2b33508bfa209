import { quoteText } from '../../runtime/quoted-text.ts';
import { moneyToCents } from '../shop-money.ts';
import type {
  ParsedShopOrder,
  ShopChargeLine,
  ShopCustomer,
  ShopFinding,
  ShopOrder,
  ShopOrderLine,
  ShopRefund,
} from '../shop-order.ts';
import { deriveRatePercent, rateHundredths, rateText } from '../vat-rate.ts';
import { htmlText } from './html-text.ts';
import { asArray, asObject, asText, type Json } from './read-json.ts';
import {
  GIFT_CARD_NAME,
  KVK_META_KEYS,
  PAYMENT_FEE_NAME,
  providerOfGateway,
  VAT_NUMBER_META_KEYS,
  WOO_LIFECYCLE,
} from './woocommerce-fields.ts';

interface TaxRate {
  rateId: string;
  ratePercent?: string;
  vatCents: number;
  /** Net amounts of the lines, shipping and fees taxed at this rate. */
  taxableCents: number;
}

/** What the reading of one order collects as it goes. */
class OrderReading {
  readonly findings: ShopFinding[] = [];
  constructor(readonly path: string) {}

  money(value: unknown, field: string, required = true): number {
    return moneyToCents(value, `${this.path}.${field}`, this.findings, { required }) ?? 0;
  }

  warn(rule: string, message: string, field: string): void {
    this.findings.push({ rule, message, path: `${this.path}.${field}`, severity: 'warning' });
  }

  error(rule: string, message: string, field: string): void {
    this.findings.push({
      rule,
      message,
      path: field ? `${this.path}.${field}` : this.path,
      severity: 'error',
    });
  }
}

/**
 * One order as WooCommerce's REST API v3 (and its order webhooks) returns it → ShopOrder. Line `total`s are
 * excl. VAT and after coupons whatever `prices_include_tax` says (Woo stores them so); the rate of a line comes
 * from its `taxes[]` ids → `tax_lines[].rate_percent`, or, on older versions without it, from the amounts.
 * An order with an unreadable amount has no `order`: the findings say which field and value.
 */
export function parseWooCommerceOrder(raw: unknown, path: string, shop: string): ParsedShopOrder {
  const reading = new OrderReading(path);
  const json = asObject(raw);
  if (!json) {
    reading.error('not-an-order', `expected an order object, got ${describe(raw)}`, '');
    return { path, findings: reading.findings };
  }
  const orderId = asText(json.id);
  if (!orderId) {
    reading.error('order-id-missing', `the order has no id (${quoteText(String(json.id ?? ''))})`, 'id');
    return { path, findings: reading.findings };
  }
  if (json.status === undefined && json.line_items === undefined) {
    // `order.deleted` webhooks carry `{ "id": … }` only.
    reading.error(
      'order-without-content',
      `order ${quoteText(orderId)} has no status and no lines (deleted?)`,
      '',
    );
    return { orderId, path, findings: reading.findings };
  }
  const status = asText(json.status) ?? '';
  const lifecycle =
    WOO_LIFECYCLE[status] ?? (asText(json.date_paid_gmt ?? json.date_paid) ? 'paid' : 'pending');
  if (!WOO_LIFECYCLE[status]) {
    reading.warn(
      'status-unknown',
      `status ${quoteText(status)} is not a WooCommerce core status; taken as ${lifecycle}`,
      'status',
    );
  }
  const currency = asText(json.currency)?.toUpperCase() ?? '';
  if (!/^[A-Z]{3}$/.test(currency))
    reading.error('currency', `currency ${quoteText(currency)} is not ISO 4217`, 'currency');

  const rates = readTaxLines(json, reading);
  const lines = asArray(json.line_items).map((item, i) => readLine(asObject(item) ?? {}, i, rates, reading));
  const charges = [
    ...asArray(json.shipping_lines).map((item, i) =>
      readCharge(asObject(item) ?? {}, `shipping_lines[${i}]`, 'shipping', rates, reading),
    ),
    ...asArray(json.fee_lines).map((item, i) =>
      readCharge(asObject(item) ?? {}, `fee_lines[${i}]`, 'fee', rates, reading),
    ),
  ];
  completeRates(rates, lines, charges);

  const grossCents = reading.money(json.total, 'total');
  const vatCents = reading.money(json.total_tax, 'total_tax');
  const dateCreated = wooDate(json.date_created_gmt, true) ?? wooDate(json.date_created, false);
  if (!dateCreated) reading.error('date-missing', 'the order has no date_created', 'date_created');
  const paidAt = wooDate(json.date_paid_gmt, true) ?? wooDate(json.date_paid, false);
  const paid = paidAt !== undefined || json.set_paid === true;
  const method = asText(json.payment_method);
  const transactionId = asText(json.transaction_id);
  const title = asText(json.payment_method_title);
  const provider = providerOfGateway(method);
  const refunds = readRefunds(json, reading, wooDate(json.date_modified_gmt, true) ?? dateCreated ?? '');
  const customer = readCustomer(json, reading);
  const shippingCountry = asText(asObject(json.shipping)?.country)?.toUpperCase();
  const updatedAt = wooDate(json.date_modified_gmt, true) ?? wooDate(json.date_modified, false);

  if (reading.findings.some((f) => f.severity === 'error'))
    return { orderId, path, findings: reading.findings };
  const order: ShopOrder = {
    platform: 'woocommerce',
    shop,
    orderId,
    orderNumber: asText(json.number) ?? orderId,
    status,
    lifecycle,
    paid,
    createdAt: dateCreated as string,
    ...(updatedAt ? { updatedAt } : {}),
    currency,
    pricesIncludeVat: json.prices_include_tax === true,
    customer,
    ...(shippingCountry && /^[A-Z]{2}$/.test(shippingCountry)
      ? { shippingCountryCode: shippingCountry }
      : {}),
    lines,
    charges,
    totals: { netCents: grossCents - vatCents, vatCents, grossCents },
    vatBreakdown: [...rates.values()].flatMap((rate) =>
      rate.ratePercent === undefined
        ? []
        : [{ ratePercent: rate.ratePercent, vatCents: rate.vatCents, taxableCents: rate.taxableCents }],
    ),
    payment: {
      ...(method ? { method } : {}),
      ...(title ? { title: htmlText(title) } : {}),
      ...(provider ? { provider } : {}),
      ...(transactionId ? { transactionId } : {}),
      ...(paid ? { paidCents: grossCents } : {}),
      ...(paidAt ? { paidAt } : {}),
    },
    refunds,
  };
  return { orderId, path, order, findings: reading.findings };
}

function readTaxLines(json: Json, reading: OrderReading): Map<string, TaxRate> {
  const rates = new Map<string, TaxRate>();
  asArray(json.tax_lines).forEach((item, i) => {
    const taxLine = asObject(item) ?? {};
    const rateId = asText(taxLine.rate_id) ?? `tax_lines[${i}]`;
    const explicit = asText(taxLine.rate_percent);
    const ratePercent =
      explicit !== undefined && rateHundredths(explicit) !== undefined
        ? rateText(rateHundredths(explicit) as bigint)
        : undefined;
    if (explicit !== undefined && ratePercent === undefined) {
      reading.warn(
        'rate-percent',
        `rate_percent ${quoteText(explicit)} is not a percentage`,
        `tax_lines[${i}].rate_percent`,
      );
    }
    const vatCents =
      reading.money(taxLine.tax_total, `tax_lines[${i}].tax_total`) +
      reading.money(taxLine.shipping_tax_total, `tax_lines[${i}].shipping_tax_total`, false);
    if (taxLine.compound === true) {
      reading.warn(
        'compound-tax',
        `tax line ${quoteText(asText(taxLine.label) ?? rateId)} is compound (tax on tax)`,
        `tax_lines[${i}].compound`,
      );
    }
    const existing = rates.get(rateId);
    if (existing) existing.vatCents += vatCents;
    else
      rates.set(rateId, {
        rateId,
        vatCents,
        taxableCents: 0,
        ...(ratePercent !== undefined ? { ratePercent } : {}),
      });
  });
  return rates;
}

/** The tax rate ids a line was taxed with (its `taxes[]` entries with a non-zero total). */
function taxIdsOf(item: Json): string[] {
  return asArray(item.taxes).flatMap((tax) => {
    const entry = asObject(tax);
    const id = asText(entry?.id);
    // Woo keeps these totals unrounded ("0.4545"): only whether they are zero is used, never the amount.
    return id !== undefined && /[1-9]/.test(asText(entry?.total) ?? '') ? [id] : [];
  });
}

function rateOfTaxIds(ids: string[], rates: Map<string, TaxRate>): string | undefined {
  if (ids.length === 0) return rates.size > 0 ? '0' : undefined;
  if (ids.length > 1) return undefined;
  return rates.get(ids[0] as string)?.ratePercent;
}

/** Lines remember their rate ids until the rates without `rate_percent` are derived from the amounts. */
const taxIdsOfLine = new WeakMap<object, string[]>();

function readLine(
  item: Json,
  index: number,
  rates: Map<string, TaxRate>,
  reading: OrderReading,
): ShopOrderLine {
  const at = `line_items[${index}]`;
  const netCents = reading.money(item.total, `${at}.total`);
  const vatCents = reading.money(item.total_tax, `${at}.total_tax`);
  const subtotal =
    moneyToCents(item.subtotal, `${reading.path}.${at}.subtotal`, reading.findings) ?? netCents;
  const subtotalTax =
    moneyToCents(item.subtotal_tax, `${reading.path}.${at}.subtotal_tax`, reading.findings) ?? vatCents;
  const quantity =
    typeof item.quantity === 'number' && Number.isFinite(item.quantity)
      ? item.quantity
      : Number(asText(item.quantity));
  if (!Number.isFinite(quantity))
    reading.error(
      'quantity',
      `quantity ${quoteText(String(item.quantity))} is not a number`,
      `${at}.quantity`,
    );
  const ids = taxIdsOf(item);
  const ratePercent = rateOfTaxIds(ids, rates);
  const sku = asText(item.sku);
  const discountCents = subtotal + subtotalTax - (netCents + vatCents);
  const line: ShopOrderLine = {
    lineId: asText(item.id) ?? String(index + 1),
    ...(sku ? { sku } : {}),
    description: htmlText(asText(item.name) ?? '') || `product ${asText(item.product_id) ?? index + 1}`,
    quantity: Number.isFinite(quantity) ? quantity : 0,
    netCents,
    vatCents,
    grossCents: netCents + vatCents,
    ...(ratePercent !== undefined ? { ratePercent } : {}),
    ...(discountCents !== 0 ? { discountCents } : {}),
  };
  taxIdsOfLine.set(line, ids);
  return line;
}

function readCharge(
  item: Json,
  at: string,
  kind: 'shipping' | 'fee',
  rates: Map<string, TaxRate>,
  reading: OrderReading,
): ShopChargeLine {
  const netCents = reading.money(item.total, `${at}.total`);
  const vatCents = reading.money(item.total_tax, `${at}.total_tax`);
  const name = htmlText(asText(kind === 'shipping' ? item.method_title : item.name) ?? '');
  const ids = taxIdsOf(item);
  const ratePercent = rateOfTaxIds(ids, rates);
  const grossCents = netCents + vatCents;
  const chargeKind: ShopChargeLine['kind'] =
    kind === 'shipping'
      ? 'shipping'
      : grossCents < 0
        ? GIFT_CARD_NAME.test(name) && vatCents === 0
          ? 'gift-card'
          : 'discount'
        : PAYMENT_FEE_NAME.test(name)
          ? 'payment-cost'
          : 'fee';
  const charge: ShopChargeLine = {
    kind: chargeKind,
    description: name || (kind === 'shipping' ? 'Verzendkosten' : 'Toeslag'),
    netCents,
    vatCents,
    grossCents,
    ...(ratePercent !== undefined && chargeKind !== 'gift-card' ? { ratePercent } : {}),
  };
  taxIdsOfLine.set(charge, ids);
  return charge;
}

/** Taxable amounts per rate, and the rates of tax lines without `rate_percent` from what was taxed with them. */
function completeRates(rates: Map<string, TaxRate>, lines: ShopOrderLine[], charges: ShopChargeLine[]): void {
  const parts: Array<ShopOrderLine | ShopChargeLine> = [...lines, ...charges];
  const counts = new Map<string, number>();
  for (const part of parts) {
    const ids = taxIdsOfLine.get(part) ?? [];
    if (ids.length !== 1) continue;
    const rate = rates.get(ids[0] as string);
    if (!rate) continue;
    rate.taxableCents += part.netCents;
    counts.set(rate.rateId, (counts.get(rate.rateId) ?? 0) + 1);
  }
  for (const rate of rates.values()) {
    if (rate.ratePercent !== undefined) continue;
    const derived = deriveRatePercent(rate.taxableCents, rate.vatCents, counts.get(rate.rateId) ?? 1);
    if (derived !== undefined) rate.ratePercent = derived;
  }
  for (const part of parts) {
    if (part.ratePercent !== undefined || ('kind' in part && part.kind === 'gift-card')) continue;
    const ids = taxIdsOfLine.get(part) ?? [];
    const rate = ids.length === 1 ? rates.get(ids[0] as string)?.ratePercent : undefined;
    if (rate !== undefined) part.ratePercent = rate;
  }
}

function readRefunds(json: Json, reading: OrderReading, fallbackDate: string): ShopRefund[] {
  return asArray(json.refunds).flatMap((item, i) => {
    const refund = asObject(item);
    const refundId = asText(refund?.id);
    if (!refund || !refundId) {
      reading.error('refund-id-missing', 'a refund without id', `refunds[${i}]`);
      return [];
    }
    // Woo writes refund totals negative in the order's `refunds[]`; the refund resource itself has them positive.
    const cents = reading.money(refund.total ?? refund.amount, `refunds[${i}].total`);
    const reason = asText(refund.reason);
    const createdAt =
      wooDate(refund.date_created_gmt, true) ?? wooDate(refund.date_created, false) ?? fallbackDate;
    return [{ refundId, createdAt, grossCents: Math.abs(cents), ...(reason ? { reason } : {}) }];
  });
}

function metaValue(json: Json, keys: readonly string[]): string | undefined {
  const meta = asArray(json.meta_data).map((m) => asObject(m) ?? {});
  for (const key of keys) {
    const found = meta.find((m) => m.key === key && asText(m.value) !== undefined);
    if (found) return asText(found.value);
  }
  return undefined;
}

function readCustomer(json: Json, reading: OrderReading): ShopCustomer {
  const billing = asObject(json.billing) ?? {};
  const person = [asText(billing.first_name), asText(billing.last_name)].filter(Boolean).join(' ');
  const company = asText(billing.company);
  const vatRaw = metaValue(json, VAT_NUMBER_META_KEYS) ?? asText(billing.vat_number) ?? asText(billing.vat);
  const vatId = vatRaw?.replace(/[\s.-]/g, '').toUpperCase();
  const kvkRaw = metaValue(json, KVK_META_KEYS);
  const kvk = kvkRaw?.replace(/\s/g, '');
  if (kvkRaw !== undefined && !/^\d{8}$/.test(kvk ?? '')) {
    reading.warn('kvk-format', `KvK number ${quoteText(kvkRaw)} is not 8 digits; left out`, 'meta_data');
  }
  const customerId = asText(json.customer_id);
  const street = [asText(billing.address_1), asText(billing.address_2)].filter(Boolean).join(' ');
  const country = asText(billing.country)?.toUpperCase();
  const email = asText(billing.email);
  const phone = asText(billing.phone);
  const postalCode = asText(billing.postcode);
  const city = asText(billing.city);
  return {
    ...(customerId && customerId !== '0' ? { externalId: customerId } : {}),
    name: company ?? (person || email || 'Webshop klant'),
    ...(company ? { company } : {}),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    ...(vatId ? { vatId } : {}),
    ...(kvk && /^\d{8}$/.test(kvk) ? { kvk } : {}),
    ...(street ? { street } : {}),
    ...(postalCode ? { postalCode } : {}),
    ...(city ? { city } : {}),
    ...(country && /^[A-Z]{2}$/.test(country) ? { countryCode: country } : {}),
    isBusiness: Boolean(company || vatId),
  };
}

/** Woo's dates: `…_gmt` fields are UTC without a zone; the others are the site's local time. */
function wooDate(value: unknown, gmt: boolean): string | undefined {
  const text = asText(value);
  if (!text || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(text)) return undefined;
  if (!gmt || /(Z|[+-]\d{2}:?\d{2})$/.test(text)) return text;
  return `${text}Z`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the text ${quoteText(value)}`;
  return typeof value;
}
