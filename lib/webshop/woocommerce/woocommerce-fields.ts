import type { ShopOrderLifecycle, ShopPayment } from '../shop-order.ts';

/** WooCommerce's order statuses folded onto the shared lifecycle (custom statuses are decided by `date_paid`). */
export const WOO_LIFECYCLE: Readonly<Record<string, ShopOrderLifecycle>> = {
  pending: 'pending',
  'checkout-draft': 'pending',
  processing: 'paid',
  'on-hold': 'on-hold',
  completed: 'completed',
  cancelled: 'cancelled',
  refunded: 'refunded',
  failed: 'failed',
  trash: 'cancelled',
};

/**
 * Order meta keys under which the popular EU VAT plugins keep the buyer's VAT number (WooCommerce EU VAT Number,
 * EU/UK VAT Compliance, Germanized, WPFactory EU VAT for WooCommerce, Aelia), tried in this order.
 */
export const VAT_NUMBER_META_KEYS = [
  '_billing_vat_number',
  'vat_number',
  '_vat_number',
  'billing_eu_vat_number',
  '_billing_eu_vat_number',
  'VAT Number',
  '_vat_id',
  'vat_id',
  '_billing_vat_id',
  'billing_vat_id',
  '_billing_vat',
] as const;

/** Meta keys for the Dutch Chamber of Commerce number (KvK) some checkout-field plugins add. */
export const KVK_META_KEYS = [
  '_billing_kvk',
  'billing_kvk',
  '_billing_kvk_number',
  'kvk',
  '_kvk_number',
] as const;

/** The payment provider behind a WooCommerce gateway id (`mollie_wc_gateway_ideal`, `ppcp-gateway`, `stripe_sepa`). */
export function providerOfGateway(method: string | undefined): ShopPayment['provider'] {
  if (!method) return undefined;
  const id = method.toLowerCase();
  if (id.startsWith('mollie')) return 'mollie';
  if (id.includes('paypal') || id.startsWith('ppcp') || id.startsWith('ppec')) return 'paypal';
  if (id.startsWith('stripe')) return 'stripe';
  if (id.startsWith('adyen') || id.startsWith('woosa_adyen')) return 'adyen';
  if (id === 'bacs') return 'bank-transfer';
  return 'other';
}

/** A fee line that is a payment surcharge (betaalkosten) rather than some other fee, by its name. */
export const PAYMENT_FEE_NAME =
  /betaal|transactie|payment|transaction|ideal|paypal|creditcard|credit card|surcharge/i;
/** A negative fee line that is a gift card redeemed (PW Gift Cards, YITH and others book them as fees). */
export const GIFT_CARD_NAME = /gift ?card|cadeau ?(kaart|bon)|giftcard|tegoedbon/i;
