import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookDelivery, WebhookVerdict } from '../shop-platform.ts';

/** The ping WooCommerce posts when a webhook is created or activated: form-encoded, unsigned. */
const PING_BODY = /^webhook_id=\d{1,20}$/;

/**
 * Checks a WooCommerce webhook delivery: `X-WC-Webhook-Signature` is base64(HMAC-SHA256(raw body, secret))
 * (WC_Webhook::generate_signature), compared in constant time. WC_Webhook::deliver_ping sends the body
 * `webhook_id=<id>` without any signature header: that alone is accepted unsigned, as a ping.
 */
export function verifyWooCommerceWebhook(delivery: WebhookDelivery): WebhookVerdict {
  const signature = delivery.headers['x-wc-webhook-signature'];
  const topic = delivery.headers['x-wc-webhook-topic'];
  const deliveryId = delivery.headers['x-wc-webhook-delivery-id'] ?? delivery.headers['x-wc-delivery-id'];
  const about = {
    ...(topic ? { topic } : {}),
    ...(deliveryId ? { deliveryId } : {}),
  };
  if (signature === undefined || signature === '') {
    if (PING_BODY.test(delivery.rawBody.toString('latin1').trim())) return { ok: true, ping: true, ...about };
    return { ok: false, reason: 'unsigned', message: 'the delivery has no X-WC-Webhook-Signature header' };
  }
  if (delivery.secret === '') {
    return {
      ok: false,
      reason: 'bad-signature',
      message: 'no webhook secret configured to check the signature',
    };
  }
  const expected = createHmac('sha256', delivery.secret).update(delivery.rawBody).digest();
  const given = Buffer.from(signature.trim(), 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature', message: 'X-WC-Webhook-Signature does not match the body' };
  }
  const ping = PING_BODY.test(delivery.rawBody.toString('latin1').trim());
  return { ok: true, ...about, ...(ping ? { ping: true } : {}) };
}
