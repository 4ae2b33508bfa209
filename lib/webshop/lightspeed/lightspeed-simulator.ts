import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK_HOST } from '../../local/loopback.ts';
import {
  FixedRateWindows,
  isObject,
  type JsonObject,
  PayloadReader,
  type RateWindowSpec,
  WebhookOutbox,
} from '../platform-support/index.ts';
import {
  type LightspeedSimOrder,
  LightspeedSimStore,
  type PlaceLightspeedOrder,
} from './lightspeed-sim-store.ts';
import { lightspeedSignature } from './lightspeed-webhook.ts';

export interface LightspeedSimulatorOptions {
  apiKey: string;
  apiSecret: string;
  /** The shop language in the path (`/nl/orders.json`). Default `nl`. */
  language?: string;
  /** Milliseconds since the epoch; the rate windows and timestamps follow it. Default `Date.now`. */
  clock?: () => number;
  /** Default Lightspeed's per-key limits: 300 / 5 min, 3 000 / h, 12 000 / day. */
  rateWindows?: RateWindowSpec[];
  fetch?: typeof fetch;
}

const DEFAULT_WINDOWS: RateWindowSpec[] = [
  { limit: 300, seconds: 300 },
  { limit: 3000, seconds: 3600 },
  { limit: 12000, seconds: 86400 },
];
const MAX_LIMIT = 250;

interface Webhook {
  id: number;
  isActive: boolean;
  itemGroup: string;
  itemAction: string;
  address: string;
}

/**
 * A local Lightspeed eCom (C-Series) API on 127.0.0.1: Basic auth with key and secret, `/{lang}/*.json`
 * resources, `page`/`limit` paging (limit capped at 250, past the end an empty list), `updated_at_min`, the
 * per-key rate windows with `X-RateLimit-*` headers and 429, and webhooks signed with `X-Signature` =
 * md5(body + secret) that can be dropped or sent twice. The admin methods place, pay, ship and refund orders.
 */
export class LightspeedSimulator {
  readonly store: LightspeedSimStore;
  readonly #options: LightspeedSimulatorOptions;
  readonly #language: string;
  readonly #limits: FixedRateWindows;
  readonly #hooks: Webhook[] = [];
  /** The webhooks it sends; `webhooks.mode` drops or duplicates them. */
  readonly webhooks: WebhookOutbox;
  #server: Server | undefined;
  #url = '';

  constructor(options: LightspeedSimulatorOptions) {
    this.#options = options;
    this.#language = options.language ?? 'nl';
    const clock = options.clock ?? Date.now;
    this.store = new LightspeedSimStore(clock);
    this.webhooks = new WebhookOutbox(options.fetch);
    this.#limits = new FixedRateWindows(options.rateWindows ?? DEFAULT_WINDOWS, clock);
  }

  /** Listens on 127.0.0.1 (`port` 0 = a free one); answers the API base URL, `http://127.0.0.1:<port>/nl/`. */
  async start(port = 0): Promise<string> {
    const server = createServer((request, response) => {
      this.#handle(request, response).catch(() =>
        send(response, 500, { error: { code: 500, message: 'Internal error' } }),
      );
    });
    await new Promise<void>((resolve) => server.listen(port, LOOPBACK_HOST, resolve));
    this.#server = server;
    this.#url = `http://${LOOPBACK_HOST}:${(server.address() as AddressInfo).port}/${this.#language}/`;
    return this.#url;
  }

  async stop(): Promise<void> {
    await this.flushWebhooks();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** Waits for the webhook deliveries under way. */
  async flushWebhooks(): Promise<void> {
    await this.webhooks.flush();
  }

  placeOrder(input: PlaceLightspeedOrder): LightspeedSimOrder {
    const order = this.store.placeOrder(input);
    this.#emit(order, 'created');
    return order;
  }

  payOrder(orderId: number): LightspeedSimOrder {
    const order = this.#order(orderId);
    order.paymentStatus = 'paid';
    order.status = 'processing_awaiting_shipment';
    this.store.addInvoice(order, false);
    this.store.touch(order);
    this.#emit(order, 'paid');
    return order;
  }

  shipOrder(orderId: number): LightspeedSimOrder {
    const order = this.#order(orderId);
    order.shipmentStatus = 'shipped';
    order.status = 'completed_shipped';
    this.store.touch(order);
    this.#emit(order, 'shipped');
    return order;
  }

  /** A full refund: a credit note, payment status `refunded`, the order cancelled. */
  refundOrder(orderId: number): LightspeedSimOrder {
    const order = this.#order(orderId);
    this.store.addInvoice(order, true);
    order.paymentStatus = 'refunded';
    order.status = 'cancelled';
    this.store.touch(order);
    this.#emit(order, 'updated');
    return order;
  }

  variantBySku(sku: string): JsonObject | undefined {
    const variant = [...this.store.variants.values()].find((candidate) => candidate.sku === sku);
    return variant ? this.store.renderVariant(variant) : undefined;
  }

  #order(orderId: number): LightspeedSimOrder {
    const order = this.store.orders.get(orderId);
    if (!order) throw new Error(`no simulated Lightspeed order ${orderId}`);
    return order;
  }

  #emit(order: LightspeedSimOrder, action: string): void {
    for (const hook of this.#hooks) {
      if (!hook.isActive || hook.itemGroup !== 'orders') continue;
      if (hook.itemAction !== '*' && hook.itemAction !== action && hook.itemAction !== 'updated') continue;
      const body = JSON.stringify({ order: this.store.renderOrder(order, this.#url, true) });
      const headers = {
        'content-type': 'application/json',
        'x-signature': lightspeedSignature(body, this.#options.apiSecret),
        'x-group': 'orders',
        'x-action': action,
      };
      this.webhooks.send(hook.address, headers, body);
    }
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const method = request.method ?? 'GET';
    const prefix = `/${this.#language}/`;
    const fail = (status: number, message: string) =>
      send(response, status, { error: { code: status, method, request: url.pathname, message } });
    if (!this.#authorised(request.headers.authorization)) return fail(401, 'Unauthorized');
    const rate = this.#limits.take(this.#options.apiKey);
    response.setHeader('X-RateLimit-Limit', rate.windows.map((window) => window.limit).join('/'));
    response.setHeader('X-RateLimit-Remaining', rate.windows.map((window) => window.remaining).join('/'));
    response.setHeader('X-RateLimit-Reset', rate.windows.map((window) => window.resetSeconds).join('/'));
    if (!rate.allowed) {
      const wait = Math.max(
        ...rate.windows.filter((window) => window.remaining === 0).map((window) => window.resetSeconds),
      );
      response.setHeader('Retry-After', String(wait));
      return fail(429, 'Too Many Requests');
    }
    if (!url.pathname.startsWith(prefix) || !url.pathname.endsWith('.json')) return fail(404, 'Not found');
    const parts = url.pathname.slice(prefix.length, -'.json'.length).split('/');
    const body = method === 'POST' || method === 'PUT' ? await readJson(request) : {};
    if (body === undefined) return fail(400, 'Invalid JSON');
    const answer = this.#route(method, parts, url.searchParams, body);
    if (answer === undefined) return fail(404, 'Not found');
    return send(response, answer.status ?? 200, answer.body);
  }

  #authorised(header: string | undefined): boolean {
    const expected = `Basic ${Buffer.from(`${this.#options.apiKey}:${this.#options.apiSecret}`).toString('base64')}`;
    return header === expected;
  }

  #route(
    method: string,
    parts: string[],
    query: URLSearchParams,
    body: JsonObject,
  ): { status?: number; body: unknown } | undefined {
    const [resource, id, sub] = parts;
    const store = this.store;
    const route = `${method} ${resource}${id === undefined ? '' : id === 'count' ? '/count' : '/:id'}${sub ? `/${sub}` : ''}`;
    switch (route) {
      case 'GET orders': {
        const since = query.get('updated_at_min');
        const orders = [...store.orders.values()]
          .filter((order) => !since || Date.parse(order.updatedAt) >= Date.parse(since))
          .sort((a, b) => a.id - b.id);
        return {
          body: { orders: page(orders, query).map((order) => store.renderOrder(order, this.#url, false)) },
        };
      }
      case 'GET orders/count':
        return { body: { count: store.orders.size } };
      case 'GET orders/:id': {
        const order = store.orders.get(Number(id));
        return order && { body: { order: store.renderOrder(order, this.#url, false) } };
      }
      case 'PUT orders/:id': {
        const order = store.orders.get(Number(id));
        if (!order) return undefined;
        const fields = isObject(body.order) ? body.order : {};
        if (typeof fields.status === 'string') order.status = fields.status;
        if (typeof fields.shipmentStatus === 'string') order.shipmentStatus = fields.shipmentStatus;
        store.touch(order);
        this.#emit(order, 'updated');
        return { body: { order: store.renderOrder(order, this.#url, false) } };
      }
      case 'GET orders/:id/products': {
        const order = store.orders.get(Number(id));
        return order && { body: { orderProducts: order.lines.map((line) => store.renderLine(line)) } };
      }
      case 'GET invoices': {
        const order = store.orders.get(Number(query.get('order')));
        const invoices = order ? order.invoices : [...store.orders.values()].flatMap((each) => each.invoices);
        return { body: { invoices: invoices.map((invoice) => store.renderInvoice(invoice)) } };
      }
      case 'POST products': {
        const product = store.createProduct(isObject(body.product) ? body.product : {});
        return { status: 201, body: { product } };
      }
      case 'GET products':
        return { body: { products: page([...store.products.values()], query) } };
      case 'GET products/:id': {
        const product = store.products.get(Number(id));
        return product && { body: { product } };
      }
      case 'PUT products/:id': {
        const product = store.products.get(Number(id));
        if (!product) return undefined;
        const fields = isObject(body.product) ? body.product : {};
        if (typeof fields.title === 'string') product.title = fields.title;
        if (typeof fields.visibility === 'string') product.visibility = fields.visibility;
        product.updatedAt = store.now();
        return { body: { product } };
      }
      case 'GET variants': {
        const sku = query.get('sku');
        const product = query.get('product');
        const variants = [...store.variants.values()]
          .filter(
            (variant) =>
              (sku === null || variant.sku === sku) &&
              (product === null || variant.productId === Number(product)),
          )
          .sort((a, b) => a.id - b.id);
        return { body: { variants: page(variants, query).map((variant) => store.renderVariant(variant)) } };
      }
      case 'GET variants/:id': {
        const variant = store.variants.get(Number(id));
        return variant && { body: { variant: store.renderVariant(variant) } };
      }
      case 'PUT variants/:id': {
        const variant = store.variants.get(Number(id));
        if (!variant) return undefined;
        const fields = isObject(body.variant) ? body.variant : {};
        const read = new PayloadReader();
        for (const key of ['title', 'sku', 'articleCode', 'ean', 'stockTracking'] as const) {
          if (typeof fields[key] === 'string') variant[key] = fields[key];
        }
        if (fields.priceExcl !== undefined)
          variant.priceExclCents = read.cents(fields, 'priceExcl', '$.variant');
        if (fields.priceIncl !== undefined)
          variant.priceInclCents = read.cents(fields, 'priceIncl', '$.variant');
        if (typeof fields.stockLevel === 'number') variant.stockLevel = fields.stockLevel;
        if (read.hasErrors)
          return { status: 400, body: { error: { code: 400, message: read.findings[0]?.message } } };
        variant.updatedAt = store.now();
        return { body: { variant: store.renderVariant(variant) } };
      }
      case 'GET webhooks':
        return { body: { webhooks: this.#hooks } };
      case 'POST webhooks': {
        const fields = isObject(body.webhook) ? body.webhook : {};
        const hook: Webhook = {
          id: store.nextId(),
          isActive: fields.isActive !== false,
          itemGroup: String(fields.itemGroup ?? 'orders'),
          itemAction: String(fields.itemAction ?? '*'),
          address: String(fields.address ?? ''),
        };
        this.#hooks.push(hook);
        return { status: 201, body: { webhook: hook } };
      }
      default:
        return undefined;
    }
  }
}

/** Lightspeed paging: `page` from 1, `limit` capped at 250; a page past the end is an empty list. */
function page<T>(items: T[], query: URLSearchParams): T[] {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Number(query.get('limit') ?? 50) || 50));
  const number = Math.max(1, Number(query.get('page') ?? 1) || 1);
  return items.slice((number - 1) * limit, number * limit);
}

async function readJson(request: IncomingMessage): Promise<JsonObject | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
