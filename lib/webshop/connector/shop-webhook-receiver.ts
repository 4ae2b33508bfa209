import { errorMessage } from '../../runtime/error-message.ts';
import type { ShopPlatform } from '../shop-platform.ts';
import type { ShopSettings } from './shop-connector-settings.ts';
import type { ShopOrderIntake, ShopOrderOutcome } from './shop-order-intake.ts';

export interface ShopWebhookRequest {
  /** The `{shop}` of `/webhooks/<platform>/{shop}`. */
  shop: string;
  rawBody: Buffer;
  /** Header names lower-cased. */
  headers: Readonly<Record<string, string | undefined>>;
}

export interface ShopWebhookAnswer {
  statusCode: number;
  body: { message: string; orders?: Array<Pick<ShopOrderOutcome, 'orderId' | 'status' | 'reason'>> };
}

export interface ShopWebhookReceiverDeps {
  platform: ShopPlatform;
  shops: () => readonly ShopSettings[];
  /** The shop's webhook secret (Secrets Manager). */
  webhookSecretOf: (shop: ShopSettings) => Promise<string>;
  intake: Pick<ShopOrderIntake, 'receive'>;
  maxBodyBytes?: number;
  maxSkewMs?: number;
  now?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
}

/** Order webhooks are small; a body past this is refused before anything reads it as JSON. */
const DEFAULT_MAX_BODY = 2 * 1024 * 1024;

/**
 * `POST /webhooks/<platform>/{shop}`: the signature is checked on the raw body before anything parses it
 * (unsigned, forged or stale → 401), then parse → map → publish and 200. Storage trouble answers 500 so the
 * shop retries; the poller catches up whatever is lost either way.
 */
export class ShopWebhookReceiver {
  constructor(private readonly deps: ShopWebhookReceiverDeps) {}

  async receive(request: ShopWebhookRequest): Promise<ShopWebhookAnswer> {
    const { platform } = this.deps;
    const shop = this.deps.shops().find((s) => s.name === request.shop);
    if (!shop?.webhooks)
      return {
        statusCode: 404,
        body: { message: `no ${platform.name} shop "${request.shop.slice(0, 40)}" takes webhooks here` },
      };
    const limit = this.deps.maxBodyBytes ?? DEFAULT_MAX_BODY;
    if (request.rawBody.byteLength > limit)
      return {
        statusCode: 413,
        body: { message: `body of ${request.rawBody.byteLength} bytes, more than the limit of ${limit}` },
      };
    const verdict = platform.verifyWebhook({
      rawBody: request.rawBody,
      headers: request.headers,
      secret: await this.deps.webhookSecretOf(shop),
      now: this.deps.now?.() ?? new Date(),
      ...(this.deps.maxSkewMs !== undefined ? { maxSkewMs: this.deps.maxSkewMs } : {}),
    });
    if (!verdict.ok) {
      this.deps.log?.('warn', 'webhook refused', { shop: shop.name, reason: verdict.reason });
      return { statusCode: 401, body: { message: `${verdict.reason}: ${verdict.message}` } };
    }
    if (verdict.ping) return { statusCode: 200, body: { message: 'ping received' } };
    if (verdict.topic && !/^orders?[./]/.test(verdict.topic))
      return { statusCode: 200, body: { message: `topic ${verdict.topic.slice(0, 60)} is not read` } };
    let payload: unknown;
    try {
      payload = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      // Signed but not JSON: the parser records it as an unreadable order (archived, rejected).
      payload = request.rawBody.toString('utf8');
    }
    try {
      const outcomes = await this.deps.intake.receive(shop, payload);
      this.deps.log?.('info', 'webhook received', {
        shop: shop.name,
        topic: verdict.topic,
        deliveryId: verdict.deliveryId,
        outcomes: outcomes.map((o) => `${o.orderId}:${o.status}`),
      });
      return {
        statusCode: 200,
        body: {
          message: `${outcomes.length} order(s) received`,
          orders: outcomes.map((o) => ({
            ...(o.orderId ? { orderId: o.orderId } : {}),
            status: o.status,
            ...(o.reason ? { reason: o.reason } : {}),
          })),
        },
      };
    } catch (error) {
      this.deps.log?.('error', 'webhook not processed', { shop: shop.name, error: errorMessage(error) });
      return { statusCode: 500, body: { message: 'not processed; send it again' } };
    }
  }
}
