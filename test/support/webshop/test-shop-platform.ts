import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { MapShopOrder } from '../../../lib/webshop/shop-mapping.ts';
import type { ParsedShopOrder, ShopOrder } from '../../../lib/webshop/shop-order.ts';
import type { ShopPlatform } from '../../../lib/webshop/shop-platform.ts';
import { wooDecimalToCents } from '../../../lib/webshop/woocommerce-api/index.ts';

/**
 * A stand-in for the WooCommerce parser while the connector runtime is tested on its own: reads the few
 * order fields the runtime looks at, and checks Woo's webhook signature. The real parser is woo-map's.
 */
export const testWooPlatform: ShopPlatform & { parsed: number } = {
  name: 'woocommerce',
  parsed: 0,
  parseOrders(payload, { shop }) {
    testWooPlatform.parsed++;
    const list = Array.isArray(payload) ? payload : [payload];
    return list.map((raw, index): ParsedShopOrder => {
      const path = Array.isArray(payload) ? `$[${index}]` : '$';
      const o = raw as Record<string, unknown> | null;
      if (!o || typeof o !== 'object' || typeof o.id !== 'number')
        return {
          path,
          findings: [{ rule: 'order', message: 'not an order: no id', path, severity: 'error' }],
        };
      const gross = wooDecimalToCents(o.total) ?? 0;
      const vat = wooDecimalToCents(o.total_tax) ?? 0;
      const status = String(o.status);
      const order: ShopOrder = {
        platform: 'woocommerce',
        shop,
        orderId: String(o.id),
        orderNumber: String(o.number),
        status,
        lifecycle: status === 'processing' ? 'paid' : status === 'completed' ? 'completed' : 'pending',
        paid: status === 'processing' || status === 'completed',
        createdAt: `${String(o.date_created_gmt)}Z`,
        updatedAt: `${String(o.date_modified_gmt)}Z`,
        currency: String(o.currency),
        pricesIncludeVat: o.prices_include_tax === true,
        customer: { name: 'Jan Jansen', isBusiness: false },
        lines: [],
        charges: [],
        totals: { netCents: gross - vat, vatCents: vat, grossCents: gross },
        payment: {},
        refunds: [],
      };
      return { orderId: order.orderId, path, order, findings: [] };
    });
  },
  verifyWebhook({ rawBody, headers, secret }) {
    const given = headers['x-wc-webhook-signature'];
    if (!given) return { ok: false, reason: 'unsigned', message: 'no X-WC-Webhook-Signature' };
    const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('base64'));
    const actual = Buffer.from(given);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
      return { ok: false, reason: 'bad-signature', message: 'X-WC-Webhook-Signature does not match' };
    const topic = headers['x-wc-webhook-topic'];
    return {
      ok: true,
      ...(topic ? { topic } : {}),
      ...(rawBody.toString('utf8').startsWith('webhook_id=') ? { ping: true } : {}),
    };
  },
};

/** A stand-in mapper: a paid order is one event whose id depends on (platform, shop, order id, status) only. */
export const testMapOrder: MapShopOrder = (order, context) => {
  const base = { orderId: order.orderId, totals: order.totals, vatBreakdown: [], findings: [] };
  if (!order.paid) return { ...base, status: 'skipped', reason: 'not paid', events: [] };
  const id = `evt_${createHash('sha256').update(`${order.platform}|${order.shop}|${order.orderId}|${order.status}`).digest('hex').slice(0, 32)}`;
  return {
    ...base,
    status: 'ok',
    events: [
      {
        id,
        type: 'sales-order.create',
        administration: context.administration,
        data: { grossCents: order.totals.grossCents },
      } as never,
    ],
  };
};
