import type { ShopPlatform } from '../shop-platform.ts';
import { parseCcvshopOrders } from './ccvshop-order-parser.ts';
import { verifyCcvshopWebhook } from './ccvshop-webhook.ts';

export { parseCcvshopOrders } from './ccvshop-order-parser.ts';
export { ccvshopDate, ccvshopHash } from './ccvshop-signature.ts';
export {
  type CcvshopWebhookSignedInput,
  ccvshopWebhookHash,
  ccvshopWebhookSignedInput,
  verifyCcvshopWebhook,
} from './ccvshop-webhook.ts';

export const ccvshopPlatform: ShopPlatform = {
  name: 'ccvshop',
  parseOrders: parseCcvshopOrders,
  verifyWebhook: (delivery) => verifyCcvshopWebhook(delivery),
};
