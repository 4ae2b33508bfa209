import { centsToWooDecimal, wooDecimalToCents } from './woo-money.ts';

/** What an admin (a test, the demo) places: lines by SKU of the simulator's products, or with their own price. */
export interface SimulatedOrderInput {
  lines: Array<{
    sku: string;
    quantity: number;
    unitExclCents?: number;
    ratePercent?: number;
    name?: string;
  }>;
  billing?: Partial<
    Record<
      | 'first_name'
      | 'last_name'
      | 'company'
      | 'address_1'
      | 'city'
      | 'postcode'
      | 'country'
      | 'email'
      | 'phone',
      string
    >
  >;
  shippingExclCents?: number;
  shippingRatePercent?: number;
  paymentMethod?: string;
  paymentMethodTitle?: string;
  /** Paid at once (`set_paid`): status processing. */
  paid?: boolean;
  currency?: string;
}

export type WooRecord = Record<string, unknown> & { id: number };

const TAX_RATES: Record<number, { id: number; code: string; label: string; taxClass: string }> = {
  21: { id: 1, code: 'NL-BTW HOOG-1', label: 'BTW 21%', taxClass: '' },
  9: { id: 2, code: 'NL-BTW LAAG-1', label: 'BTW 9%', taxClass: 'reduced-rate' },
  0: { id: 3, code: 'NL-BTW NUL-1', label: 'BTW 0%', taxClass: 'zero-rate' },
};

/** Woo's rounding of a tax amount: half away from zero, in integer arithmetic. */
function taxOf(netCents: number, ratePercent: number): number {
  const scaled = netCents * ratePercent;
  return Math.sign(scaled) * Math.floor((Math.abs(scaled) + 50) / 100);
}

/** `2026-12-02T16:30:00` as Woo writes dates (seconds, no zone); the site runs on UTC here. */
export function wooDate(at: Date): string {
  return at.toISOString().slice(0, 19);
}

/**
 * The simulator's data: orders, products and customers in memory with WooCommerce's field names and
 * string money, ids counting up like WordPress posts.
 */
export class WooCommerceSimulatorStore {
  readonly orders = new Map<number, WooRecord>();
  readonly products = new Map<number, WooRecord>();
  readonly customers = new Map<number, WooRecord>();
  readonly notes = new Map<number, Array<{ id: number; note: string; customer_note: boolean }>>();
  private nextId = 100;

  constructor(private readonly clock: () => Date) {}

  id(): number {
    return this.nextId++;
  }

  /** A product as POST /products makes it; the SKU must be unique, as in Woo. */
  createProduct(body: Record<string, unknown>): WooRecord {
    const sku = typeof body.sku === 'string' ? body.sku : '';
    if (sku && [...this.products.values()].some((p) => p.sku === sku))
      throw new SimulatorRefusal(400, 'product_invalid_sku', 'Invalid or duplicated SKU.');
    const now = wooDate(this.clock());
    const product: WooRecord = {
      id: this.id(),
      name: '',
      type: 'simple',
      status: 'publish',
      sku,
      price: '',
      regular_price: '',
      tax_status: 'taxable',
      tax_class: '',
      manage_stock: false,
      stock_quantity: null,
      global_unique_id: '',
      categories: [],
      date_created_gmt: now,
      date_modified_gmt: now,
    };
    return this.updateProduct(product, body);
  }

  updateProduct(product: WooRecord, body: Record<string, unknown>): WooRecord {
    for (const key of [
      'name',
      'status',
      'sku',
      'regular_price',
      'tax_status',
      'tax_class',
      'manage_stock',
      'stock_quantity',
      'global_unique_id',
      'categories',
    ])
      if (key in body) product[key] = body[key];
    if (body.regular_price !== undefined) product.price = product.regular_price;
    product.date_modified_gmt = wooDate(this.clock());
    this.products.set(product.id, product);
    return product;
  }

  productBySku(sku: string): WooRecord | undefined {
    return [...this.products.values()].find((p) => p.sku === sku);
  }

  placeOrder(input: SimulatedOrderInput): WooRecord {
    const at = this.clock();
    const lines = input.lines.map((line) => {
      const product = this.productBySku(line.sku);
      const unit = line.unitExclCents ?? wooDecimalToCents(product?.regular_price) ?? 0;
      const rate = line.ratePercent ?? 21;
      const net = unit * line.quantity;
      const tax = taxOf(net, rate);
      if (product?.manage_stock === true && typeof product.stock_quantity === 'number')
        product.stock_quantity -= line.quantity;
      return {
        id: this.id(),
        name: line.name ?? (typeof product?.name === 'string' ? product.name : line.sku),
        product_id: product?.id ?? 0,
        variation_id: 0,
        quantity: line.quantity,
        tax_class: TAX_RATES[rate]?.taxClass ?? '',
        subtotal: centsToWooDecimal(net),
        subtotal_tax: centsToWooDecimal(tax),
        total: centsToWooDecimal(net),
        total_tax: centsToWooDecimal(tax),
        taxes: [
          { id: TAX_RATES[rate]?.id ?? 0, total: centsToWooDecimal(tax), subtotal: centsToWooDecimal(tax) },
        ],
        meta_data: [],
        sku: line.sku,
        price: unit / 100,
        rate,
        net,
        tax,
      };
    });
    const shippingNet = input.shippingExclCents ?? 0;
    const shippingRate = input.shippingRatePercent ?? 21;
    const shippingTax = taxOf(shippingNet, shippingRate);
    const taxByRate = new Map<number, { tax: number; shipping: number }>();
    for (const line of lines) {
      const entry = taxByRate.get(line.rate) ?? { tax: 0, shipping: 0 };
      entry.tax += line.tax;
      taxByRate.set(line.rate, entry);
    }
    if (shippingNet !== 0) {
      const entry = taxByRate.get(shippingRate) ?? { tax: 0, shipping: 0 };
      entry.shipping += shippingTax;
      taxByRate.set(shippingRate, entry);
    }
    const cartNet = lines.reduce((sum, l) => sum + l.net, 0);
    const cartTax = lines.reduce((sum, l) => sum + l.tax, 0);
    const id = this.id();
    const billing = {
      first_name: 'Jan',
      last_name: 'Jansen',
      company: '',
      address_1: 'Dorpsstraat 1',
      address_2: '',
      city: 'Utrecht',
      state: '',
      postcode: '3511 AA',
      country: 'NL',
      email: 'jan@example.nl',
      phone: '',
      ...input.billing,
    };
    const { email: _email, phone: _phone, ...shipping } = billing;
    const order: WooRecord = {
      id,
      parent_id: 0,
      number: String(id),
      order_key: `wc_order_${id.toString(36)}`,
      created_via: 'checkout',
      version: '9.4.0',
      status: 'pending',
      currency: input.currency ?? 'EUR',
      date_created: wooDate(at),
      date_created_gmt: wooDate(at),
      date_modified: wooDate(at),
      date_modified_gmt: wooDate(at),
      discount_total: '0.00',
      discount_tax: '0.00',
      shipping_total: centsToWooDecimal(shippingNet),
      shipping_tax: centsToWooDecimal(shippingTax),
      cart_tax: centsToWooDecimal(cartTax),
      total: centsToWooDecimal(cartNet + cartTax + shippingNet + shippingTax),
      total_tax: centsToWooDecimal(cartTax + shippingTax),
      prices_include_tax: false,
      customer_id: 0,
      customer_note: '',
      billing,
      shipping,
      payment_method: input.paymentMethod ?? 'mollie_wc_gateway_ideal',
      payment_method_title: input.paymentMethodTitle ?? 'iDEAL',
      transaction_id: '',
      date_paid: null,
      date_paid_gmt: null,
      date_completed: null,
      date_completed_gmt: null,
      meta_data: [],
      line_items: lines.map(({ rate: _r, net: _n, tax: _t, ...line }) => line),
      tax_lines: [...taxByRate].map(([rate, entry]) => ({
        id: this.id(),
        rate_code: TAX_RATES[rate]?.code ?? `NL-BTW ${rate}-1`,
        rate_id: TAX_RATES[rate]?.id ?? 0,
        label: TAX_RATES[rate]?.label ?? `BTW ${rate}%`,
        compound: false,
        tax_total: centsToWooDecimal(entry.tax),
        shipping_tax_total: centsToWooDecimal(entry.shipping),
        rate_percent: rate,
        meta_data: [],
      })),
      shipping_lines:
        shippingNet === 0
          ? []
          : [
              {
                id: this.id(),
                method_title: 'PostNL',
                method_id: 'flat_rate',
                total: centsToWooDecimal(shippingNet),
                total_tax: centsToWooDecimal(shippingTax),
                taxes: [{ id: TAX_RATES[shippingRate]?.id ?? 0, total: centsToWooDecimal(shippingTax) }],
              },
            ],
      fee_lines: [],
      coupon_lines: [],
      refunds: [],
    };
    this.orders.set(id, order);
    if (input.paid) this.setOrderStatus(order, 'processing', `mollie_${id}`);
    return order;
  }

  /** Woo's status change: paid when it reaches processing/completed the first time; modified time moves. */
  setOrderStatus(order: WooRecord, status: string, transactionId?: string): WooRecord {
    const at = wooDate(this.clock());
    order.status = status;
    if ((status === 'processing' || status === 'completed') && order.date_paid_gmt === null) {
      order.date_paid = at;
      order.date_paid_gmt = at;
      order.transaction_id = transactionId ?? `tr_${order.id}`;
    }
    if (status === 'completed') {
      order.date_completed = at;
      order.date_completed_gmt = at;
    }
    order.date_modified = at;
    order.date_modified_gmt = at;
    return order;
  }
}

/** A refusal the simulator answers as Woo does: `{code, message, data:{status}}`. */
export class SimulatorRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
