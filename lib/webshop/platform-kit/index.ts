export { type CentsReading, centsToDecimal, decimalRate, decimalToCents } from './decimal-cents.ts';
export { LocalHttpServer, type LocalRequestHandler, sendJson } from './local-http-server.ts';
export { parseOrderSafely } from './parse-order-safely.ts';
export { isObject, type JsonObject, PayloadReader, quoteValue } from './payload-reader.ts';
export {
  pathOf,
  retryAfterMs,
  ShopHttp,
  type ShopHttpAnswer,
  type ShopHttpOptions,
  type ShopHttpRequest,
} from './shop-http.ts';
export { SimulatorRateLimit } from './simulator-rate-limit.ts';
