export { parseWooCommerceOrder } from './parse-woocommerce-order.ts';
export { providerOfGateway, VAT_NUMBER_META_KEYS } from './woocommerce-fields.ts';
export { woocommercePlatform } from './woocommerce-platform.ts';
export { verifyWooCommerceWebhook } from './woocommerce-webhook.ts';
