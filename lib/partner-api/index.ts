export * from './api-key.ts';
export * from './api-key-store.ts';
export * from './api-services.ts';
export * from './authenticator.ts';
export * from './authorization.ts';
export * from './bank-rule-store.ts';
export * from './bank-rules.ts';
export * from './correction.ts';
export * from './correction-learning.ts';
export * from './correction-store.ts';
export * from './errors.ts';
export * from './event-admission.ts';
export * from './http.ts';
export * from './nonce-store.ts';
export * from './nullable-optionals.ts';
export * from './openapi.ts';
export * from './partner-api.ts';
export * from './partner-events.ts';
export * from './rate-limiter.ts';
export * from './request-signature.ts';
export * from './request-signer.ts';
export {
  DeliveryControlInput,
  DeliveryListParams,
  deliveryView,
} from './routes/deliveries.ts';
export { type DocumentView, documentView } from './routes/get-document.ts';
export type {
  CorrectionWriter,
  DeliveryControlQueues,
  DeliveryReader,
  DocumentReader,
  EventSink,
  RouteContext,
} from './routes/route-context.ts';
export * from './rule-pattern.ts';
