export { linkOf } from './link-header.ts';
export { oauthSignature, oauthSignatureMatches, rfc3986, signOAuthUrl } from './oauth1-signature.ts';
export { centsToWooDecimal, wooDecimalToCents } from './woo-money.ts';
export { fromWooProduct, toWooProduct, type WooProductBody } from './woo-product.ts';
export { retryAfterOf, WooCommerceClient, type WooCommerceClientOptions } from './woocommerce-client.ts';
export { WooCommerceCredentials, wooCommerceSecretName } from './woocommerce-credentials.ts';
export { WooCommerceSimulator, type WooCommerceSimulatorOptions } from './woocommerce-simulator.ts';
export {
  type SimulatedOrderInput,
  WooCommerceSimulatorStore,
  type WooRecord,
} from './woocommerce-simulator-store.ts';
export { type SimulatedWebhook, type WebhookMode, WooCommerceWebhooks } from './woocommerce-webhooks.ts';
