import { splitByRate } from '../platform-support/index.ts';

export interface CcvshopSimRow {
  id: number;
  productNumber: string;
  ean?: string;
  name: string;
  count: number;
  unitInclCents: number;
  ratePercent: number;
}

export interface CcvshopSimOrder {
  id: number;
  number: number;
  createDate: string;
  status: number;
  paid: boolean;
  isCompleted: boolean;
  paymethod: string;
  paymethodLabel: string;
  intraCommunity: boolean;
  email: string;
  fullName: string;
  company?: { name: string; vatNumber?: string; kvk?: string };
  countryCode: string;
  rows: CcvshopSimRow[];
  shippingInclCents: number;
}

export interface CcvshopSimProduct {
  id: number;
  productnumber: string;
  name: string;
  priceCents: number;
  eancode: string;
  stock: number;
  taxtariff: string;
  active: boolean;
}

export interface PlaceCcvshopOrder {
  rows: Array<{
    productNumber: string;
    count: number;
    unitInclCents?: number;
    ratePercent?: number;
    name?: string;
  }>;
  email?: string;
  fullName?: string;
  company?: { name: string; vatNumber?: string; kvk?: string };
  countryCode?: string;
  intraCommunity?: boolean;
  shippingInclCents?: number;
  paymethod?: string;
}

const money = (cents: number): number => cents / 100;

/** The simulated CCV shop's data and the JSON CCV renders of it (rows incl. VAT, shipping at 21 %). */
export class CcvshopSimStore {
  readonly orders = new Map<number, CcvshopSimOrder>();
  readonly products = new Map<number, CcvshopSimProduct>();
  #nextId = 820_000;

  constructor(private readonly clock: () => number) {}

  nextId(): number {
    this.#nextId += 1;
    return this.#nextId;
  }

  placeOrder(input: PlaceCcvshopOrder): CcvshopSimOrder {
    const id = this.nextId();
    const order: CcvshopSimOrder = {
      id,
      number: id - 819_000,
      createDate: new Date(this.clock()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      status: 1,
      paid: false,
      isCompleted: false,
      paymethod: input.paymethod ?? 'Mollie',
      paymethodLabel: 'iDEAL',
      intraCommunity: input.intraCommunity ?? false,
      email: input.email ?? 'klant@example.nl',
      fullName: input.fullName ?? 'Anna de Vries',
      company: input.company,
      countryCode: input.countryCode ?? 'NL',
      shippingInclCents: input.shippingInclCents ?? 0,
      rows: input.rows.map((row) => {
        const product = [...this.products.values()].find(
          (candidate) => candidate.productnumber === row.productNumber,
        );
        return {
          id: this.nextId(),
          productNumber: row.productNumber,
          ean: product?.eancode || undefined,
          name: row.name ?? product?.name ?? row.productNumber,
          count: row.count,
          unitInclCents: row.unitInclCents ?? product?.priceCents ?? 0,
          ratePercent: row.ratePercent ?? 21,
        };
      }),
    };
    this.orders.set(id, order);
    return order;
  }

  rowTotal(row: CcvshopSimRow): number {
    return Math.round(row.unitInclCents * row.count);
  }

  renderOrder(order: CcvshopSimOrder, origin: string): Record<string, unknown> {
    const rate = (percent: number): string => (order.intraCommunity ? '0' : String(percent));
    const rowsTotal = order.rows.reduce((sum, row) => sum + this.rowTotal(row), 0);
    const vat =
      order.rows.reduce(
        (sum, row) => sum + splitByRate(this.rowTotal(row), rate(row.ratePercent), true).vatCents,
        0,
      ) + splitByRate(order.shippingInclCents, rate(21), true).vatCents;
    const href = `${origin}/api/rest/v1/orders/${order.id}`;
    return {
      href: `${href}/`,
      id: order.id,
      ordernumber_prefix: null,
      ordernumber: order.number,
      ordernumber_full: String(order.number),
      invoicenumber: null,
      transaction_id: null,
      create_date: order.createDate,
      status: order.status,
      is_completed: order.isCompleted,
      paid: order.paid,
      paymethod: order.paymethod,
      paymethod_label: order.paymethodLabel,
      taxes_included: true,
      order_row_taxes_included: true,
      shipping_taxes_included: true,
      shipping_tax_percentage: 21,
      is_intra_community_order: order.intraCommunity,
      total_orderrow_price: money(rowsTotal),
      total_shipping: money(order.shippingInclCents),
      total_discounts: 0,
      total_price: money(rowsTotal + order.shippingInclCents),
      currency: 'EUR',
      total_tax: money(vat),
      paymethod_costs: 0,
      extra_costs: 0,
      credit_point_discount: 0,
      customer: {
        billingaddress: {
          full_name: order.fullName,
          company: order.company?.name ?? '',
          country_code: order.countryCode,
        },
        deliveryaddress: { country_code: order.countryCode },
        email: order.email,
        customertype: order.company ? 'b2b' : 'b2c',
        btw: order.company?.vatNumber ?? '',
        kvk: order.company?.kvk ?? '',
      },
      orderrows: { href: `${href}/orderrows/` },
    };
  }

  renderRow(order: CcvshopSimOrder, row: CcvshopSimRow): Record<string, unknown> {
    return {
      id: row.id,
      order_id: order.id,
      product_type: 'normal',
      product_name: row.name,
      product_number: row.productNumber,
      sub_sku_number: '',
      sub_ean_number: row.ean ?? '',
      count: row.count,
      price: money(row.unitInclCents),
      discount: 0,
      tax: row.ratePercent,
      total_price: money(this.rowTotal(row)),
    };
  }

  renderProduct(product: CcvshopSimProduct, origin: string): Record<string, unknown> {
    return {
      href: `${origin}/api/rest/v1/products/${product.id}`,
      id: product.id,
      productnumber: product.productnumber,
      name: product.name,
      price: money(product.priceCents),
      eancode: product.eancode,
      stock: product.stock,
      taxtariff: product.taxtariff,
      active: product.active,
    };
  }
}
