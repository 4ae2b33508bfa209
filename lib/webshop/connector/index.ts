export { DynamoHighWaterMarks, type HighWaterMarks } from './high-water-mark-store.ts';
export { MemoryHighWaterMarks } from './memory-high-water-marks.ts';
export { isForShop, shopArticleHash, shopArticleOf, vatOf } from './shop-article-mapping.ts';
export {
  createShopConnectorHandler,
  type HttpAnswer,
  type ShopConnectorHandlerDeps,
} from './shop-connector-handler.ts';
export {
  type ShopConnectorSettings,
  ShopSettings,
  shopConnectorSettings,
  shopSecretName,
} from './shop-connector-settings.ts';
export { ShopDeliveryTarget, type ShopDeliveryTargetDeps } from './shop-delivery-target.ts';
export { ShopOrderIntake, type ShopOrderIntakeDeps, type ShopOrderOutcome } from './shop-order-intake.ts';
export { ShopOrderPoller, type ShopOrderPollerDeps, type ShopPollResult } from './shop-order-poller.ts';
export {
  type ShopWebhookAnswer,
  ShopWebhookReceiver,
  type ShopWebhookReceiverDeps,
  type ShopWebhookRequest,
} from './shop-webhook-receiver.ts';
