export { isObject, type JsonObject, PayloadReader, toPercentText } from './payload-reader.ts';
export { paymentProvider } from './payment-provider.ts';
export { sameHexSignature } from './signature-compare.ts';
export { splitByRate } from './vat-split.ts';
