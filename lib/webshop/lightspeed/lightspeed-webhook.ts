import { createHash } from 'node:crypto';
import { sameHexSignature } from '../platform-support/index.ts';
import type { WebhookDelivery, WebhookVerdict } from '../shop-platform.ts';

/** What Lightspeed puts in `X-Signature`: md5 of the raw body followed by the API secret, hex. */
export function lightspeedSignature(rawBody: Buffer | string, secret: string): string {
  return createHash('md5')
    .update(Buffer.concat([Buffer.from(rawBody), Buffer.from(secret, 'utf8')]))
    .digest('hex');
}

/**
 * Checks a Lightspeed webhook on its raw bytes: re-serialised JSON changes PHP's float notation and breaks the
 * hash. Lightspeed signs no timestamp, so a replay cannot be told from a retry here: the order dedupe key
 * (platform, shop, order id, status) makes a replay harmless.
 */
export function verifyLightspeedWebhook(delivery: WebhookDelivery): WebhookVerdict {
  const signature = delivery.headers['x-signature'];
  if (signature === undefined || signature.trim() === '') {
    return { ok: false, reason: 'unsigned', message: 'the delivery has no X-Signature header' };
  }
  if (!sameHexSignature(lightspeedSignature(delivery.rawBody, delivery.secret), signature)) {
    return { ok: false, reason: 'bad-signature', message: 'X-Signature does not match md5(body + secret)' };
  }
  const group = delivery.headers['x-group'];
  const action = delivery.headers['x-action'];
  return { ok: true, ...(group && action ? { topic: `${group}/${action}` } : {}) };
}
