import type { ShopPlatform } from '../shop-platform.ts';
import type { ShopSettings } from './shop-connector-settings.ts';
import type { ShopOrderPoller, ShopPollResult } from './shop-order-poller.ts';
import type { ShopWebhookReceiver } from './shop-webhook-receiver.ts';

/** The API Gateway (HTTP API v2) request fields the webhook route reads. */
interface HttpRequestEvent {
  rawPath?: string;
  requestContext?: { http?: { method?: string } };
  headers?: Record<string, string | undefined>;
  pathParameters?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
}

/** A Scheduler invocation (`source: cashlink.schedule`) or a direct one; `shop` polls only that shop. */
interface PollEvent {
  source?: string;
  shop?: string;
}

export interface ShopConnectorHandlerDeps {
  platform: ShopPlatform;
  shops: () => readonly ShopSettings[];
  receiver: Pick<ShopWebhookReceiver, 'receive'>;
  poller: Pick<ShopOrderPoller, 'poll'>;
}

export type HttpAnswer = { statusCode: number; headers: Record<string, string>; body: string };

/**
 * One function per platform: HTTP requests are the shops' webhooks (`POST /webhooks/<platform>/{shop}`), every
 * other invocation is a poll of all shops (each shop on its own: one failing shop does not stop the others).
 */
export function createShopConnectorHandler(deps: ShopConnectorHandlerDeps) {
  return async (
    event: HttpRequestEvent | PollEvent | null | undefined,
  ): Promise<HttpAnswer | { polls: ShopPollResult[] }> => {
    if (event && ('rawPath' in event || 'requestContext' in event))
      return webhook(deps, event as HttpRequestEvent);
    const only = (event as PollEvent | null | undefined)?.shop;
    const shops = deps.shops().filter((shop) => only === undefined || shop.name === only);
    const polls: ShopPollResult[] = [];
    for (const shop of shops) polls.push(await deps.poller.poll(shop));
    return { polls };
  };
}

async function webhook(deps: ShopConnectorHandlerDeps, event: HttpRequestEvent): Promise<HttpAnswer> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  const method = event.requestContext?.http?.method ?? 'POST';
  if (method !== 'POST') return json(405, { message: 'webhooks are POSTed' });
  const raw = event.body ?? '';
  const answer = await deps.receiver.receive({
    shop: event.pathParameters?.shop ?? '',
    rawBody: Buffer.from(raw, event.isBase64Encoded ? 'base64' : 'utf8'),
    headers,
  });
  return json(answer.statusCode, answer.body);
}

function json(statusCode: number, body: unknown): HttpAnswer {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
