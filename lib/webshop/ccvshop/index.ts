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
export { CcvshopClient, type CcvshopClientOptions } from './ccvshop-client.ts';
export type { CcvshopSimOrder, PlaceCcvshopOrder } from './ccvshop-sim-store.ts';
export { CcvshopSimulator, type CcvshopSimulatorOptions } from './ccvshop-simulator.ts';
