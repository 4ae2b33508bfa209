/**
 * A webshop order in one shape whatever the platform: what each platform's parser makes of the order JSON its
 * REST API returns, and what the order mapper turns into normalized events. Money is integer cents as the shop
 * computed it (never recomputed from rates); rates are decimal strings (`"21"`, `"9"`, `"0"`).
 */
export const SHOP_PLATFORMS = ['woocommerce', 'magento', 'prestashop', 'lightspeed', 'ccvshop'] as const;
export type ShopPlatformName = (typeof SHOP_PLATFORMS)[number];

/** Where an order is in its life, the platforms' own statuses folded onto one scale. */
export type ShopOrderLifecycle =
  | 'pending' // placed, not paid
  | 'on-hold'
  | 'paid' // paid, not yet shipped/completed
  | 'completed' // shipped or completed
  | 'cancelled'
  | 'refunded'
  | 'failed';

export interface ShopCustomer {
  /** The platform's customer id, when the order names one (guests have none). */
  externalId?: string;
  /** A person's name or the company's. */
  name: string;
  company?: string;
  email?: string;
  phone?: string;
  /** As typed in the shop, not yet checked (the mapper checks the format and the country). */
  vatId?: string;
  kvk?: string;
  street?: string;
  postalCode?: string;
  city?: string;
  /** ISO 3166-1 alpha-2 of the billing address. */
  countryCode?: string;
  /** Whether the shop marks the buyer a business (a company name, a VAT id, the platform's own flag). */
  isBusiness: boolean;
}

export interface ShopOrderLine {
  /** The platform's line id (or the position when it has none). */
  lineId: string;
  /** SKU / article code as the shop has it; the mapper maps it onto a CASH article. */
  sku?: string;
  ean?: string;
  description: string;
  quantity: number;
  /** The line's amounts after its own discount: excl. VAT, the VAT, incl. VAT (net + vat = gross). */
  netCents: number;
  vatCents: number;
  grossCents: number;
  /** The VAT rate the shop applied, `"21"`; undefined when the payload does not say (the mapper derives it). */
  ratePercent?: string;
  /** The discount already taken off this line, incl. VAT, for the record. */
  discountCents?: number;
}

/** A charge or credit beside the product lines; amounts signed (a discount is negative). */
export interface ShopChargeLine {
  kind: 'shipping' | 'fee' | 'payment-cost' | 'discount' | 'gift-card';
  description: string;
  netCents: number;
  vatCents: number;
  grossCents: number;
  ratePercent?: string;
}

export interface ShopRefund {
  refundId: string;
  createdAt: string;
  /** Gross amount refunded, positive. */
  grossCents: number;
  /** Its VAT when the platform says (per rate when it can), else the mapper splits pro rata. */
  vatCents?: number;
  reason?: string;
  lines?: ShopOrderLine[];
}

export interface ShopPayment {
  /** The platform's payment method code, e.g. `mollie_wc_gateway_ideal`, `checkmo`, `ps_checkout`. */
  method?: string;
  title?: string;
  /** The payment provider when recognisable: it decides the transit ledger account the payment goes to. */
  provider?: 'mollie' | 'paypal' | 'stripe' | 'adyen' | 'bank-transfer' | 'other';
  transactionId?: string;
  paidCents?: number;
  paidAt?: string;
}

export interface ShopOrderTotals {
  netCents: number;
  vatCents: number;
  grossCents: number;
}

export interface ShopOrder {
  platform: ShopPlatformName;
  /** The tenant's name for the shop (a platform can have several shops). */
  shop: string;
  /** The platform's internal id (`id`, `entity_id`, …): the key for dedupe and status changes. */
  orderId: string;
  /** The number the customer sees (`number`, `increment_id`, `reference`, `ordernumber_full`). */
  orderNumber: string;
  /** The platform's own status, verbatim. */
  status: string;
  lifecycle: ShopOrderLifecycle;
  paid: boolean;
  createdAt: string;
  /** The platform's last-modified time; absent where it has none (CCV): the poller then uses `createdAt`. */
  updatedAt?: string;
  currency: string;
  pricesIncludeVat: boolean;
  customer: ShopCustomer;
  /** ISO country of the delivery address (OSS: the destination country's VAT). */
  shippingCountryCode?: string;
  lines: ShopOrderLine[];
  charges: ShopChargeLine[];
  /** The order's totals as the shop states them; the mapper's booking must equal them to the cent. */
  totals: ShopOrderTotals;
  /** The shop's own VAT breakdown when it has one (WooCommerce `tax_lines`, Lightspeed `taxRates`). */
  vatBreakdown?: Array<{ ratePercent: string; vatCents: number; taxableCents?: number }>;
  /** The platform marks the order reverse-charged / intra-community (CCV, Lightspeed `isVatShifted`). */
  reverseCharge?: boolean;
  payment: ShopPayment;
  refunds: ShopRefund[];
}

/** A problem a parser or the mapper found: the rule, a message naming field and value, and where. */
export interface ShopFinding {
  rule: string;
  message: string;
  /** JSON path into the payload (`line_items[2].total_tax`) or the order (`totals.grossCents`). */
  path: string;
  severity: 'error' | 'warning';
}

/** One order of a payload as parsed: the order, or why it could not be read. */
export interface ParsedShopOrder {
  /** The order's id when it could be read at all. */
  orderId?: string;
  /** Where in the payload the order was (`$`, `$[3]`, `$.orders[1]`, `$.order`). */
  path: string;
  order?: ShopOrder;
  findings: ShopFinding[];
}
