import type { JsonObject } from '../platform-kit/index.ts';
import { centsToDecimal } from '../platform-kit/index.ts';
import { MagentoStoreRefusal } from './magento-store-refusal.ts';

/** An order as a test places it: lines excl. VAT in cents, VAT per line, shipping. */
export interface MagentoSimOrderInput {
  email?: string;
  firstname?: string;
  lastname?: string;
  company?: string;
  vatId?: string;
  countryId?: string;
  lines: Array<{ sku: string; name?: string; qty: number; unitExclCents: number; ratePercent: number }>;
  shipping?: { exclCents: number; ratePercent: number };
  paymentMethod?: string;
}

export interface MagentoSimProduct {
  id: number;
  sku: string;
  body: JsonObject;
  /** MSI quantity per source, or the legacy stock item's qty. */
  quantity: number;
  inStock: boolean;
}

const money = (cents: number) => Number(centsToDecimal(cents));
const vatOf = (netCents: number, rate: number) => Math.round((netCents * rate) / 100);

/**
 * The simulator's shop: orders, invoices, credit memos and products as Magento keeps them, with the admin
 * surface tests use (place, pay, refund, touch an order; read products and stock). Times are the store's
 * `now`, written as Magento writes them (UTC, `YYYY-MM-DD HH:MM:SS`).
 */
export class MagentoSimulatorStore {
  readonly orders: JsonObject[] = [];
  readonly invoices: JsonObject[] = [];
  readonly creditmemos: JsonObject[] = [];
  readonly products = new Map<string, MagentoSimProduct>();
  private nextId = 1;

  constructor(private readonly now: () => number) {}

  time(): string {
    return new Date(this.now()).toISOString().slice(0, 19).replace('T', ' ');
  }

  placeOrder(input: MagentoSimOrderInput): JsonObject {
    const entityId = this.nextId++;
    const items = input.lines.map((line, index) => {
      const rowTotal = line.unitExclCents * line.qty;
      const tax = vatOf(rowTotal, line.ratePercent);
      return {
        item_id: entityId * 100 + index,
        order_id: entityId,
        sku: line.sku,
        name: line.name ?? line.sku,
        product_type: 'simple',
        qty_ordered: line.qty,
        price: money(line.unitExclCents),
        price_incl_tax: money(line.unitExclCents + vatOf(line.unitExclCents, line.ratePercent)),
        original_price: money(line.unitExclCents),
        row_total: money(rowTotal),
        row_total_incl_tax: money(rowTotal + tax),
        tax_amount: money(tax),
        tax_percent: line.ratePercent,
        discount_amount: 0,
      };
    });
    const subtotal = input.lines.reduce((sum, line) => sum + line.unitExclCents * line.qty, 0);
    const itemsTax = input.lines.reduce(
      (sum, line) => sum + vatOf(line.unitExclCents * line.qty, line.ratePercent),
      0,
    );
    const shipping = input.shipping?.exclCents ?? 0;
    const shippingTax = input.shipping ? vatOf(shipping, input.shipping.ratePercent) : 0;
    const grand = subtotal + itemsTax + shipping + shippingTax;
    const now = this.time();
    const order: JsonObject = {
      entity_id: entityId,
      increment_id: String(entityId).padStart(9, '0'),
      state: 'new',
      status: 'pending',
      created_at: now,
      updated_at: now,
      order_currency_code: 'EUR',
      base_currency_code: 'EUR',
      customer_email: input.email ?? 'klant@example.nl',
      customer_is_guest: 1,
      grand_total: money(grand),
      subtotal: money(subtotal),
      tax_amount: money(itemsTax + shippingTax),
      shipping_amount: money(shipping),
      shipping_tax_amount: money(shippingTax),
      shipping_incl_tax: money(shipping + shippingTax),
      shipping_description: 'Flat Rate - Fixed',
      discount_amount: 0,
      total_paid: 0,
      total_invoiced: 0,
      total_refunded: 0,
      items,
      billing_address: {
        firstname: input.firstname ?? 'Jan',
        lastname: input.lastname ?? 'Jansen',
        company: input.company,
        vat_id: input.vatId,
        street: ['Dorpsstraat 1'],
        postcode: '1234 AB',
        city: 'Utrecht',
        country_id: input.countryId ?? 'NL',
        email: input.email ?? 'klant@example.nl',
      },
      payment: {
        method: input.paymentMethod ?? 'checkmo',
        amount_ordered: money(grand),
        additional_information: [],
      },
    };
    this.orders.push(order);
    return structuredClone(order);
  }

  order(entityId: number): JsonObject | undefined {
    return this.orders.find((order) => order.entity_id === entityId);
  }

  /** Invoices (captures) the whole order: state processing, an invoice document. */
  payOrder(entityId: number): JsonObject {
    const order = this.require(entityId);
    if (order.total_invoiced !== 0)
      throw new MagentoStoreRefusal('The order does not allow an invoice to be created.');
    order.total_paid = order.grand_total;
    order.total_invoiced = order.grand_total;
    order.state = 'processing';
    order.status = 'processing';
    order.updated_at = this.time();
    const invoice = {
      entity_id: this.nextId++,
      order_id: entityId,
      created_at: order.updated_at,
      grand_total: order.grand_total,
      tax_amount: order.tax_amount,
      state: 2,
    };
    this.invoices.push(invoice);
    return structuredClone(invoice);
  }

  ship(entityId: number): void {
    const order = this.require(entityId);
    if (order.state === 'complete' || order.shipped) {
      throw new MagentoStoreRefusal('The order does not allow a shipment to be created.');
    }
    order.shipped = true;
    if (order.total_invoiced !== 0) {
      order.state = 'complete';
      order.status = 'complete';
    }
    order.updated_at = this.time();
  }

  /** A credit memo over `grossCents` (whole order when absent); a full refund closes the order. */
  refund(entityId: number, grossCents?: number): JsonObject {
    const order = this.require(entityId);
    const grand = Math.round((order.grand_total as number) * 100);
    const refunded = Math.round((order.total_refunded as number) * 100);
    const amount = grossCents ?? grand - refunded;
    const memo = {
      entity_id: this.nextId++,
      order_id: entityId,
      created_at: this.time(),
      grand_total: money(amount),
    };
    order.total_refunded = money(refunded + amount);
    if (refunded + amount >= grand) {
      order.state = 'closed';
      order.status = 'closed';
    }
    order.updated_at = memo.created_at;
    this.creditmemos.push(memo);
    return structuredClone(memo);
  }

  /** Changes nothing but `updated_at` (a comment, an address edit): the order shows up in a delta again. */
  touch(entityId: number): void {
    this.require(entityId).updated_at = this.time();
  }

  saveProduct(sku: string, body: JsonObject): MagentoSimProduct {
    const existing = this.products.get(sku);
    const product: MagentoSimProduct = existing ?? {
      id: this.nextId++,
      sku,
      body: {},
      quantity: 0,
      inStock: false,
    };
    product.body = { ...product.body, ...body, id: product.id, sku, updated_at: this.time() };
    this.products.set(sku, product);
    return product;
  }

  private require(entityId: number): JsonObject {
    const order = this.order(entityId);
    if (!order) throw new MagentoStoreRefusal(`No such entity with orderId = ${entityId}`);
    return order;
  }
}
