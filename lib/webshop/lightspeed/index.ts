import type { ShopPlatform } from '../shop-platform.ts';
import { parseLightspeedOrders } from './lightspeed-order-parser.ts';
import { verifyLightspeedWebhook } from './lightspeed-webhook.ts';

export { parseLightspeedOrders } from './lightspeed-order-parser.ts';
export { lightspeedSignature, verifyLightspeedWebhook } from './lightspeed-webhook.ts';

export const lightspeedPlatform: ShopPlatform = {
  name: 'lightspeed',
  parseOrders: parseLightspeedOrders,
  verifyWebhook: verifyLightspeedWebhook,
};
export { exhaustedWindowMs, LightspeedClient, type LightspeedClientOptions } from './lightspeed-client.ts';
export type { LightspeedSimOrder, PlaceLightspeedOrder } from './lightspeed-sim-store.ts';
export { LightspeedSimulator, type LightspeedSimulatorOptions } from './lightspeed-simulator.ts';
