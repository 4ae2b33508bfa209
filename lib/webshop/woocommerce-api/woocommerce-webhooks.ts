import { createHmac, randomUUID } from 'node:crypto';
import type { WooRecord } from './woocommerce-simulator-store.ts';

export interface SimulatedWebhook {
  id: number;
  name: string;
  topic: string;
  deliveryUrl: string;
  secret: string;
  status: 'active' | 'paused' | 'disabled';
  failures: number;
}

/** `deliver` as Woo should, `drop` loses deliveries (wp-cron missed), `duplicate` sends each one twice. */
export type WebhookMode = 'deliver' | 'drop' | 'duplicate';

/** Woo disables a webhook after more than five failed deliveries in a row. */
const MAX_FAILURES = 5;

/**
 * The webhooks the simulated shop sends, as WooCommerce's WC_Webhook does: the REST resource as JSON body,
 * `X-WC-Webhook-*` headers, signature base64(HMAC-SHA256(body, secret)), success = HTTP 200–302, disabled
 * after repeated failures, a ping (`webhook_id=<n>`) when created.
 */
export class WooCommerceWebhooks {
  readonly hooks: SimulatedWebhook[] = [];
  mode: WebhookMode = 'deliver';
  /** Each delivery attempt, for tests: the topic, the delivery id and the answer's status (0: no answer). */
  readonly log: Array<{ webhookId: number; topic: string; deliveryId: string; status: number }> = [];
  private pending = new Set<Promise<void>>();

  constructor(
    private readonly source: () => string,
    private readonly ids: () => number,
  ) {}

  add(input: { name?: string; topic: string; deliveryUrl: string; secret: string }): SimulatedWebhook {
    const hook: SimulatedWebhook = {
      id: this.ids(),
      name: input.name ?? input.topic,
      topic: input.topic,
      deliveryUrl: input.deliveryUrl,
      secret: input.secret,
      status: 'active',
      failures: 0,
    };
    this.hooks.push(hook);
    this.track(
      this.send(
        hook,
        `webhook_id=${hook.id}`,
        'application/x-www-form-urlencoded',
        'action.woocommerce_webhook_ping',
      ),
    );
    return hook;
  }

  /** An order was created or changed: every active hook of that topic gets the order. */
  orderEvent(event: 'created' | 'updated', order: WooRecord): void {
    const topic = `order.${event}`;
    const body = JSON.stringify(order);
    for (const hook of this.hooks) {
      if (hook.status !== 'active' || hook.topic !== topic) continue;
      if (this.mode === 'drop') continue;
      const deliveryId = randomUUID();
      this.track(this.send(hook, body, 'application/json', topic, deliveryId));
      // Woo repeats a delivery with the same delivery id when Action Scheduler runs the job twice.
      if (this.mode === 'duplicate') this.track(this.send(hook, body, 'application/json', topic, deliveryId));
    }
  }

  /** Waits until every delivery sent so far was answered. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track(delivery: Promise<void>): void {
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
  }

  private async send(
    hook: SimulatedWebhook,
    body: string,
    contentType: string,
    topic: string,
    deliveryId: string = randomUUID(),
  ): Promise<void> {
    const [resource = '', event = ''] = topic.split('.');
    let status = 0;
    try {
      const answer = await fetch(hook.deliveryUrl, {
        method: 'POST',
        headers: {
          'content-type': contentType,
          'user-agent': 'WooCommerce/9.4.0 Hookshot (WordPress/6.7)',
          'x-wc-webhook-source': `${this.source()}/`,
          'x-wc-webhook-topic': topic,
          'x-wc-webhook-resource': resource,
          'x-wc-webhook-event': event,
          // WC_Webhook::deliver_ping sends its form body unsigned; deliveries are signed.
          ...(topic.startsWith('action.woocommerce_webhook_ping')
            ? {}
            : { 'x-wc-webhook-signature': createHmac('sha256', hook.secret).update(body).digest('base64') }),
          'x-wc-webhook-id': String(hook.id),
          'x-wc-webhook-delivery-id': deliveryId,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(5_000),
      });
      status = answer.status;
      await answer.arrayBuffer();
    } catch {
      status = 0;
    }
    this.log.push({ webhookId: hook.id, topic, deliveryId, status });
    if (status >= 200 && status <= 302) hook.failures = 0;
    else if (++hook.failures > MAX_FAILURES) hook.status = 'disabled';
  }
}
