import type { ShopPlatform } from '../shop-platform.ts';
import { parseMagentoOrders } from './magento-order-parser.ts';

/** Magento Open Source has no webhooks (Adobe Commerce's are an add-on): orders come by polling only. */
export const magentoPlatform: ShopPlatform = {
  name: 'magento',
  parseOrders: parseMagentoOrders,
  verifyWebhook: () => ({
    ok: false,
    reason: 'no webhooks',
    message: 'Magento Open Source sends no webhooks; orders are polled (updated_at ≥ the high-water mark)',
  }),
};
