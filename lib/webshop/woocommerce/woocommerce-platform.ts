import type { ParsedShopOrder } from '../shop-order.ts';
import type { ShopPlatform } from '../shop-platform.ts';
import { parseWooCommerceOrder } from './parse-woocommerce-order.ts';
import { asObject } from './read-json.ts';
import { verifyWooCommerceWebhook } from './woocommerce-webhook.ts';

/**
 * Order payloads WooCommerce sends: one order (GET /orders/{id}, a webhook body), an array (GET /orders), or the
 * legacy API's envelopes `{"orders":[…]}` / `{"order":{…}}`. A raw body (text or bytes) is parsed as JSON first.
 */
function parseOrders(payload: unknown, context: { shop: string }): ParsedShopOrder[] {
  let value = payload;
  if (Buffer.isBuffer(value)) value = value.toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return [
        {
          path: '$',
          findings: [
            {
              rule: 'not-json',
              message: `the payload is not JSON: ${reason.slice(0, 120)}`,
              path: '$',
              severity: 'error',
            },
          ],
        },
      ];
    }
  }
  if (Array.isArray(value))
    return value.map((order, i) => parseWooCommerceOrder(order, `$[${i}]`, context.shop));
  const envelope = asObject(value);
  if (envelope && Array.isArray(envelope.orders)) {
    return envelope.orders.map((order, i) => parseWooCommerceOrder(order, `$.orders[${i}]`, context.shop));
  }
  if (envelope && asObject(envelope.order) && envelope.id === undefined) {
    return [parseWooCommerceOrder(envelope.order, '$.order', context.shop)];
  }
  return [parseWooCommerceOrder(value, '$', context.shop)];
}

export const woocommercePlatform: ShopPlatform = {
  name: 'woocommerce',
  parseOrders(payload, context) {
    try {
      return parseOrders(payload, context);
    } catch (error) {
      // The parser reads untyped JSON defensively; this is the last guard of "never throws".
      const reason = error instanceof Error ? error.message : String(error);
      return [
        {
          path: '$',
          findings: [
            {
              rule: 'unreadable',
              message: `the payload could not be read: ${reason.slice(0, 120)}`,
              path: '$',
              severity: 'error',
            },
          ],
        },
      ];
    }
  },
  verifyWebhook: verifyWooCommerceWebhook,
};
