import { createHmac } from 'node:crypto';
import { sameHexSignature } from '../platform-support/index.ts';
import type { WebhookDelivery, WebhookVerdict } from '../shop-platform.ts';

/**
 * What a CCV Shop webhook's `x-hash` is computed over. CCV documents only that the webhook's `key` "is used to
 * calculate a hash"; the exact input is inferred [I]: HMAC-SHA512(key, raw body), hex. Should a real delivery
 * show another input (e.g. `x-date|body`), this one setting changes, nothing else.
 */
export type CcvshopWebhookSignedInput = (delivery: WebhookDelivery) => Buffer;
export const ccvshopWebhookSignedInput: CcvshopWebhookSignedInput = (delivery) => delivery.rawBody;

const DEFAULT_MAX_SKEW_MS = 5 * 60_000;

export function ccvshopWebhookHash(input: Buffer, key: string): string {
  return createHmac('sha512', key).update(input).digest('hex');
}

/** Checks a CCV Shop webhook: `x-hash` over the raw bytes with the webhook key; an `x-date` too far off is stale. */
export function verifyCcvshopWebhook(
  delivery: WebhookDelivery,
  signedInput: CcvshopWebhookSignedInput = ccvshopWebhookSignedInput,
): WebhookVerdict {
  const hash = delivery.headers['x-hash'];
  if (hash === undefined || hash.trim() === '') {
    return { ok: false, reason: 'unsigned', message: 'the delivery has no x-hash header' };
  }
  const date = delivery.headers['x-date'];
  if (date !== undefined) {
    const at = Date.parse(date);
    const skew = delivery.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
    if (Number.isNaN(at) || Math.abs(delivery.now.getTime() - at) > skew) {
      return {
        ok: false,
        reason: 'stale',
        message: `x-date ${date.slice(0, 40)} is more than ${skew} ms off`,
      };
    }
  }
  if (!sameHexSignature(ccvshopWebhookHash(signedInput(delivery), delivery.secret), hash)) {
    return { ok: false, reason: 'bad-signature', message: 'x-hash does not match the webhook key' };
  }
  const event = delivery.headers['x-event'];
  return { ok: true, ...(event ? { topic: event } : {}) };
}
