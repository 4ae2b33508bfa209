import type { ShopPayment } from '../shop-order.ts';

/** The payment provider a method code or title names (it decides the transit ledger account), else undefined. */
export function paymentProvider(...names: Array<string | undefined>): ShopPayment['provider'] {
  const text = names
    .filter((name) => name !== undefined)
    .join(' ')
    .toLowerCase();
  if (text === '') return undefined;
  if (text.includes('mollie')) return 'mollie';
  if (text.includes('paypal')) return 'paypal';
  if (text.includes('stripe')) return 'stripe';
  if (text.includes('adyen')) return 'adyen';
  if (/bank ?transfer|overmaken|overschrijving|banktransfer/.test(text)) return 'bank-transfer';
  return 'other';
}
