export { FixedRateWindows, type RateWindowSpec, type RateWindowState } from './fixed-rate-windows.ts';
export { type BuildOrder, type OrderPayloadShape, parseOrderPayload } from './order-payloads.ts';
export { isObject, type JsonObject, PayloadReader, toPercentText } from './payload-reader.ts';
export { paymentProvider } from './payment-provider.ts';
export { type ShopHttpAnswer, type ShopHttpRequest, shopHttpError, shopHttpRequest } from './shop-http.ts';
export { sameHexSignature } from './signature-compare.ts';
export { splitByRate } from './vat-split.ts';
export { WebhookOutbox } from './webhook-outbox.ts';
