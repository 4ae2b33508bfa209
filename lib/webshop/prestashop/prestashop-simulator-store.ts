import { Decimal } from 'decimal.js';
import type { JsonObject } from '../platform-kit/index.ts';

export interface PrestashopSimOrderInput {
  email?: string;
  firstname?: string;
  lastname?: string;
  company?: string;
  vatNumber?: string;
  siret?: string;
  countryIso?: string;
  lines: Array<{
    reference: string;
    name?: string;
    quantity: number;
    unitExclCents: number;
    ratePercent: number;
  }>;
  shipping?: { exclCents: number; ratePercent: number };
  module?: string;
}

/** PrestaShop writes amounts with six decimals (`"61.800000"`). */
const amount = (cents: number) => new Decimal(cents).dividedBy(100).toFixed(6);
const vatOf = (cents: number, rate: number) => Math.round((cents * rate) / 100);

/**
 * The simulator's shop data, as PrestaShop's webservice resources (every value a string): orders with their
 * order_details, order_slip, customers, addresses, countries, currencies, products and stock_availables;
 * plus the admin surface tests use (place, pay, ship, refund, touch an order; read a product's stock).
 */
export class PrestashopSimulatorStore {
  readonly resources: Record<string, JsonObject[]> = {
    orders: [],
    order_details: [],
    order_slip: [],
    order_histories: [],
    customers: [],
    addresses: [],
    countries: [
      { id: '13', iso_code: 'NL' },
      { id: '3', iso_code: 'BE' },
      { id: '1', iso_code: 'DE' },
    ],
    currencies: [{ id: '1', iso_code: 'EUR' }],
    products: [],
    stock_availables: [],
  };
  private nextId = 1;

  constructor(private readonly now: () => number) {}

  /** Shop-local time as PrestaShop writes it; the simulator's shop runs on UTC. */
  time(offsetMs = 0): string {
    return new Date(this.now() + offsetMs).toISOString().slice(0, 19).replace('T', ' ');
  }

  id(): string {
    return String(this.nextId++);
  }

  placeOrder(input: PrestashopSimOrderInput): JsonObject {
    const now = this.time();
    const country = this.resources.countries?.find((entry) => entry.iso_code === (input.countryIso ?? 'NL'));
    const customer = {
      id: this.id(),
      email: input.email ?? 'klant@example.nl',
      firstname: input.firstname ?? 'Jan',
      lastname: input.lastname ?? 'Jansen',
      company: input.company ?? '',
      siret: input.siret ?? '',
    };
    const address = {
      id: this.id(),
      id_customer: customer.id,
      id_country: country?.id ?? '13',
      company: input.company ?? '',
      firstname: customer.firstname,
      lastname: customer.lastname,
      vat_number: input.vatNumber ?? '',
      address1: 'Dorpsstraat 1',
      address2: '',
      postcode: '1234 AB',
      city: 'Utrecht',
      phone: '',
    };
    this.resources.customers?.push(customer);
    this.resources.addresses?.push(address);
    const orderId = this.id();
    let productsExcl = 0;
    let productsIncl = 0;
    const rows: JsonObject[] = [];
    for (const line of input.lines) {
      const excl = line.unitExclCents * line.quantity;
      const incl = excl + vatOf(excl, line.ratePercent);
      productsExcl += excl;
      productsIncl += incl;
      const detail = {
        id: this.id(),
        id_order: orderId,
        product_id:
          this.resources.products?.find((product) => product.reference === line.reference)?.id ?? '0',
        product_attribute_id: '0',
        product_name: line.name ?? line.reference,
        product_reference: line.reference,
        product_ean13: '',
        product_quantity: String(line.quantity),
        unit_price_tax_excl: amount(line.unitExclCents),
        unit_price_tax_incl: amount(line.unitExclCents + vatOf(line.unitExclCents, line.ratePercent)),
        total_price_tax_excl: amount(excl),
        total_price_tax_incl: amount(incl),
        tax_rate: new Decimal(line.ratePercent).toFixed(3),
      };
      this.resources.order_details?.push(detail);
      rows.push({
        id: detail.id,
        product_id: detail.product_id,
        product_attribute_id: '0',
        product_quantity: detail.product_quantity,
        product_name: detail.product_name,
        product_reference: detail.product_reference,
        product_ean13: '',
        unit_price_tax_incl: detail.unit_price_tax_incl,
        unit_price_tax_excl: detail.unit_price_tax_excl,
      });
    }
    const shippingExcl = input.shipping?.exclCents ?? 0;
    const shippingIncl =
      shippingExcl + (input.shipping ? vatOf(shippingExcl, input.shipping.ratePercent) : 0);
    const order: JsonObject = {
      id: orderId,
      id_address_delivery: address.id,
      id_address_invoice: address.id,
      id_cart: orderId,
      id_currency: '1',
      id_lang: '1',
      id_customer: customer.id,
      id_carrier: '1',
      current_state: '10',
      module: input.module ?? 'ps_wirepayment',
      payment: 'Bank transfer',
      valid: '0',
      date_add: now,
      date_upd: now,
      invoice_number: '0',
      invoice_date: '0000-00-00 00:00:00',
      reference: `XKBKNABJK${orderId}`.slice(-9),
      total_discounts_tax_incl: amount(0),
      total_discounts_tax_excl: amount(0),
      total_paid: amount(productsIncl + shippingIncl),
      total_paid_tax_incl: amount(productsIncl + shippingIncl),
      total_paid_tax_excl: amount(productsExcl + shippingExcl),
      total_paid_real: amount(0),
      total_products: amount(productsExcl),
      total_products_wt: amount(productsIncl),
      total_shipping: amount(shippingIncl),
      total_shipping_tax_incl: amount(shippingIncl),
      total_shipping_tax_excl: amount(shippingExcl),
      carrier_tax_rate: new Decimal(input.shipping?.ratePercent ?? 0).toFixed(3),
      total_wrapping_tax_incl: amount(0),
      total_wrapping_tax_excl: amount(0),
      round_mode: '2',
      round_type: '2',
      conversion_rate: '1.000000',
      associations: { order_rows: rows },
    };
    this.resources.orders?.push(order);
    return structuredClone(order);
  }

  order(id: string): JsonObject | undefined {
    return this.resources.orders?.find((order) => order.id === id);
  }

  /** A new order history row: `current_state` and `date_upd` move; payment accepted makes the invoice. */
  setState(id: string, state: string): void {
    const order = this.order(id);
    if (!order) throw new RangeError(`no order ${id}`);
    order.current_state = state;
    order.date_upd = this.time();
    if (state === '2') {
      order.valid = '1';
      order.total_paid_real = order.total_paid_tax_incl;
      order.invoice_number = order.id;
      order.invoice_date = order.date_upd;
    }
    this.resources.order_histories?.push({
      id: this.id(),
      id_order: id,
      id_order_state: state,
      date_add: order.date_upd,
    });
  }

  /** A credit slip over the products (all of them when no amount is given); a full one sets Refunded (7). */
  refund(id: string, productsInclCents?: number): JsonObject {
    const order = this.order(id);
    if (!order) throw new RangeError(`no order ${id}`);
    const cents = (value: unknown) => new Decimal(String(value)).times(100).toNumber();
    const full = productsInclCents === undefined;
    const incl = productsInclCents ?? cents(order.total_products_wt);
    const excl = full
      ? cents(order.total_products)
      : Math.round((incl * cents(order.total_products)) / cents(order.total_products_wt));
    const slip = {
      id: this.id(),
      id_order: id,
      date_add: this.time(),
      total_products_tax_excl: amount(excl),
      total_products_tax_incl: amount(incl),
      total_shipping_tax_excl: amount(0),
      total_shipping_tax_incl: amount(0),
    };
    this.resources.order_slip?.push(slip);
    if (full) this.setState(id, '7');
    else order.date_upd = slip.date_add;
    return structuredClone(slip);
  }

  touch(id: string): void {
    const order = this.order(id);
    if (order) order.date_upd = this.time();
  }

  product(reference: string): JsonObject | undefined {
    return this.resources.products?.find((product) => product.reference === reference);
  }

  stockOf(reference: string): number | undefined {
    const product = this.product(reference);
    const stock = this.resources.stock_availables?.find(
      (row) => row.id_product === product?.id && row.id_product_attribute === '0',
    );
    return stock === undefined ? undefined : Number(stock.quantity);
  }
}
