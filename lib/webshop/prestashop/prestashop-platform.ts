import type { ShopOrderLifecycle } from '../shop-order.ts';
import type { ShopPlatform } from '../shop-platform.ts';
import { parsePrestashopOrders } from './prestashop-order-parser.ts';
import { DEFAULT_PRESTASHOP_STATES } from './prestashop-states.ts';

/** PrestaShop with the tenant's own `current_state` table (ids → lifecycle); core has no webhooks. */
export function createPrestashopPlatform(
  states: Readonly<Record<string, ShopOrderLifecycle>> = DEFAULT_PRESTASHOP_STATES,
): ShopPlatform {
  return {
    name: 'prestashop',
    parseOrders: (payload, context) => parsePrestashopOrders(payload, context, states),
    verifyWebhook: () => ({
      ok: false,
      reason: 'no webhooks',
      message: 'PrestaShop core sends no webhooks; orders are polled (date_upd ≥ the high-water mark)',
    }),
  };
}

/** PrestaShop with the states of a fresh install. */
export const prestashopPlatform: ShopPlatform = createPrestashopPlatform();
