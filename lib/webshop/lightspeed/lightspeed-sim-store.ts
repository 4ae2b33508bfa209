import { splitByRate } from '../platform-support/index.ts';

/** An order line as the simulator keeps it: the unit price incl. VAT and an integer rate. */
export interface LightspeedSimLine {
  id: number;
  variantId?: number;
  sku: string;
  ean?: string;
  title: string;
  quantity: number;
  unitInclCents: number;
  ratePercent: number;
}

export interface LightspeedSimInvoice {
  id: number;
  number: string;
  createdAt: string;
  isCreditNote: boolean;
  isVatShifted: boolean;
  inclCents: number;
  exclCents: number;
}

export interface LightspeedSimOrder {
  id: number;
  number: string;
  createdAt: string;
  updatedAt: string;
  status: string;
  paymentStatus: string;
  shipmentStatus: string;
  paymentId: string;
  paymentTitle: string;
  email: string;
  firstname: string;
  lastname: string;
  company?: { name: string; vatNumber?: string; cocNumber?: string };
  countryCode: string;
  vatShifted: boolean;
  lines: LightspeedSimLine[];
  shippingInclCents: number;
  shippingRate: number;
  invoices: LightspeedSimInvoice[];
}

export interface LightspeedSimVariant {
  id: number;
  productId: number;
  isDefault: boolean;
  title: string;
  sku: string;
  articleCode: string;
  ean: string;
  priceExclCents: number;
  priceInclCents: number;
  stockTracking: string;
  stockLevel: number;
  updatedAt: string;
}

export interface LightspeedSimProduct {
  id: number;
  title: string;
  visibility: string;
  createdAt: string;
  updatedAt: string;
}

export interface PlaceLightspeedOrder {
  lines: Array<{
    sku: string;
    quantity: number;
    unitInclCents?: number;
    ratePercent?: number;
    title?: string;
  }>;
  email?: string;
  firstname?: string;
  lastname?: string;
  company?: { name: string; vatNumber?: string; cocNumber?: string };
  countryCode?: string;
  /** EU B2B with a VAT id: 0 % on every line and the invoice VAT-shifted. */
  vatShifted?: boolean;
  shippingInclCents?: number;
  paymentId?: string;
  paymentTitle?: string;
}

const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
const money = (cents: number): number => cents / 100;

/** The simulated shop's data and the JSON Lightspeed renders of it. */
export class LightspeedSimStore {
  readonly orders = new Map<number, LightspeedSimOrder>();
  readonly products = new Map<number, LightspeedSimProduct>();
  readonly variants = new Map<number, LightspeedSimVariant>();
  #nextId = 1000;

  constructor(private readonly clock: () => number) {}

  nextId(): number {
    this.#nextId += 1;
    return this.#nextId;
  }

  now(): string {
    return iso(this.clock());
  }

  placeOrder(input: PlaceLightspeedOrder): LightspeedSimOrder {
    const id = this.nextId();
    const lines = input.lines.map((line): LightspeedSimLine => {
      const variant = [...this.variants.values()].find((candidate) => candidate.sku === line.sku);
      return {
        id: this.nextId(),
        variantId: variant?.id,
        sku: line.sku,
        ean: variant?.ean || undefined,
        title: line.title ?? variant?.title ?? line.sku,
        quantity: line.quantity,
        unitInclCents: line.unitInclCents ?? variant?.priceInclCents ?? 0,
        ratePercent: input.vatShifted ? 0 : (line.ratePercent ?? 21),
      };
    });
    const order: LightspeedSimOrder = {
      id,
      number: `ORD${String(id).padStart(5, '0')}`,
      createdAt: this.now(),
      updatedAt: this.now(),
      status: 'processing_awaiting_payment',
      paymentStatus: 'not_paid',
      shipmentStatus: 'not_shipped',
      paymentId: input.paymentId ?? 'mollie',
      paymentTitle: input.paymentTitle ?? 'iDEAL',
      email: input.email ?? 'klant@example.nl',
      firstname: input.firstname ?? 'Anna',
      lastname: input.lastname ?? 'de Vries',
      company: input.company,
      countryCode: input.countryCode ?? 'nl',
      vatShifted: input.vatShifted ?? false,
      lines,
      shippingInclCents: input.shippingInclCents ?? 0,
      shippingRate: input.vatShifted ? 0 : 21,
      invoices: [],
    };
    this.orders.set(id, order);
    return order;
  }

  touch(order: LightspeedSimOrder): void {
    order.updatedAt = this.now();
  }

  addInvoice(order: LightspeedSimOrder, creditNote: boolean): void {
    const totals = this.totals(order);
    const sign = creditNote ? -1 : 1;
    order.invoices.push({
      id: this.nextId(),
      number: `${creditNote ? 'CN' : 'INV'}${String(order.id).padStart(5, '0')}`,
      createdAt: this.now(),
      isCreditNote: creditNote,
      isVatShifted: order.vatShifted,
      inclCents: sign * totals.inclCents,
      exclCents: sign * totals.exclCents,
    });
  }

  lineAmounts(line: LightspeedSimLine): { exclCents: number; inclCents: number } {
    const inclCents = Math.round(line.unitInclCents * line.quantity);
    return { inclCents, exclCents: splitByRate(inclCents, String(line.ratePercent), true).netCents };
  }

  totals(order: LightspeedSimOrder): { exclCents: number; inclCents: number; byRate: Map<number, number> } {
    const byRate = new Map<number, number>();
    let exclCents = 0;
    let inclCents = 0;
    const add = (excl: number, incl: number, rate: number): void => {
      exclCents += excl;
      inclCents += incl;
      byRate.set(rate, (byRate.get(rate) ?? 0) + incl - excl);
    };
    for (const line of order.lines) {
      const amounts = this.lineAmounts(line);
      add(amounts.exclCents, amounts.inclCents, line.ratePercent);
    }
    if (order.shippingInclCents !== 0) {
      const split = splitByRate(order.shippingInclCents, String(order.shippingRate), true);
      add(split.netCents, split.grossCents, order.shippingRate);
    }
    return { exclCents, inclCents, byRate };
  }

  /** `{order}` as GET orders/{id}.json answers: products and invoices as resource links (the webhook embeds them). */
  renderOrder(order: LightspeedSimOrder, base: string, embed: boolean): Record<string, unknown> {
    const totals = this.totals(order);
    const shipping = splitByRate(order.shippingInclCents, String(order.shippingRate), true);
    const link = (url: string, embedded?: unknown[]) => ({
      resource: { id: false, url, link: `${base}${url}.json`, ...(embed && embedded ? { embedded } : {}) },
    });
    return {
      id: order.id,
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
      number: order.number,
      status: order.status,
      priceExcl: money(totals.exclCents),
      priceIncl: money(totals.inclCents),
      email: order.email,
      firstname: order.firstname,
      middlename: '',
      lastname: order.lastname,
      isCompany: order.company !== undefined,
      companyName: order.company?.name ?? '',
      companyCoCNumber: order.company?.cocNumber ?? '',
      companyVatNumber: order.company?.vatNumber ?? '',
      addressBillingName: `${order.firstname} ${order.lastname}`,
      addressBillingCountry: { code: order.countryCode },
      addressShippingCountry: { code: order.countryCode },
      paymentId: order.paymentId,
      paymentStatus: order.paymentStatus,
      paymentTitle: order.paymentTitle,
      paymentTaxRate: 0,
      paymentPriceExcl: 0,
      paymentPriceIncl: 0,
      shipmentStatus: order.shipmentStatus,
      shipmentTitle: 'PostNL',
      shipmentTaxRate: order.shippingRate / 100,
      shipmentPriceExcl: money(shipping.netCents),
      shipmentPriceIncl: money(shipping.grossCents),
      discountType: 'amount',
      discountAmount: 0,
      discountCouponCode: '',
      taxRates: [...totals.byRate].map(([rate, vat]) => ({
        name: `${rate}%`,
        rate: rate / 100,
        amount: money(vat),
      })),
      invoices: link(
        `invoices?order=${order.id}`,
        order.invoices.map((invoice) => this.renderInvoice(invoice)),
      ),
      products: link(
        `orders/${order.id}/products`,
        order.lines.map((line) => this.renderLine(line)),
      ),
    };
  }

  renderLine(line: LightspeedSimLine): Record<string, unknown> {
    const amounts = this.lineAmounts(line);
    return {
      id: line.id,
      productTitle: line.title,
      variantTitle: '',
      taxRate: line.ratePercent / 100,
      quantityOrdered: line.quantity,
      articleCode: line.sku,
      ean: line.ean ?? '',
      sku: line.sku,
      basePriceIncl: money(line.unitInclCents),
      priceExcl: money(amounts.exclCents),
      priceIncl: money(amounts.inclCents),
      discountExcl: 0,
      discountIncl: 0,
      variant: { resource: { id: line.variantId ?? false } },
    };
  }

  renderInvoice(invoice: LightspeedSimInvoice): Record<string, unknown> {
    return {
      id: invoice.id,
      createdAt: invoice.createdAt,
      number: invoice.number,
      status: 'paid',
      isVatShifted: invoice.isVatShifted,
      priceExcl: money(invoice.exclCents),
      priceIncl: money(invoice.inclCents),
      isCreditNote: invoice.isCreditNote,
    };
  }

  createProduct(fields: Record<string, unknown>): LightspeedSimProduct {
    const product: LightspeedSimProduct = {
      id: this.nextId(),
      title: typeof fields.title === 'string' ? fields.title : '',
      visibility: typeof fields.visibility === 'string' ? fields.visibility : 'visible',
      createdAt: this.now(),
      updatedAt: this.now(),
    };
    this.products.set(product.id, product);
    // Like Lightspeed: a new product has one default variant.
    const variant: LightspeedSimVariant = {
      id: this.nextId(),
      productId: product.id,
      isDefault: true,
      title: product.title,
      sku: '',
      articleCode: '',
      ean: '',
      priceExclCents: 0,
      priceInclCents: 0,
      stockTracking: 'disabled',
      stockLevel: 0,
      updatedAt: this.now(),
    };
    this.variants.set(variant.id, variant);
    return product;
  }

  renderVariant(variant: LightspeedSimVariant): Record<string, unknown> {
    return {
      id: variant.id,
      isDefault: variant.isDefault,
      title: variant.title,
      sku: variant.sku,
      articleCode: variant.articleCode,
      ean: variant.ean,
      priceExcl: money(variant.priceExclCents),
      priceIncl: money(variant.priceInclCents),
      stockTracking: variant.stockTracking,
      stockLevel: variant.stockLevel,
      updatedAt: variant.updatedAt,
      product: { resource: { id: variant.productId, url: `products/${variant.productId}` } },
    };
  }
}
