import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { oauthSignatureMatches } from './oauth1-signature.ts';
import {
  type SimulatedOrderInput,
  SimulatorRefusal,
  WooCommerceSimulatorStore,
  type WooRecord,
} from './woocommerce-simulator-store.ts';
import { type WebhookMode, WooCommerceWebhooks } from './woocommerce-webhooks.ts';

export interface WooCommerceSimulatorOptions {
  consumerKey: string;
  consumerSecret: string;
  /** At most this many REST requests per window, then 429 with Retry-After (a host's limiter, a WAF). */
  rateLimit?: { requests: number; windowMs: number };
  clock?: () => Date;
}

const API = '/wp-json/wc/v3/';
const MAX_BODY = 1024 * 1024;
/** Woo (WordPress REST) refuses OAuth timestamps older than 15 minutes. */
const OAUTH_WINDOW_S = 15 * 60;

/**
 * A WooCommerce shop's REST API v3 on 127.0.0.1 for the tests and `npm start`: orders, products, customers
 * and webhooks under `/wp-json/wc/v3/`, Basic or OAuth 1.0a authentication, paging headers, 429s on a budget,
 * and the webhooks a real shop sends. `/__admin/…` (no auth, loopback only) places and pays orders.
 */
export class WooCommerceSimulator {
  readonly store: WooCommerceSimulatorStore;
  readonly webhooks: WooCommerceWebhooks;
  /** Requests to the REST API, for tests counting platform requests. */
  readonly requests: Array<{ method: string; path: string; status: number }> = [];
  private server: Server | undefined;
  private address = '';
  private readonly clock: () => Date;
  private readonly nonces = new Set<string>();
  private window = { start: 0, count: 0 };
  private faults: Array<{ status: number; code: string }> = [];

  constructor(private readonly options: WooCommerceSimulatorOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.store = new WooCommerceSimulatorStore(this.clock);
    this.webhooks = new WooCommerceWebhooks(
      () => this.address,
      () => this.store.id(),
    );
  }

  /** The key pair the simulated shop accepts. */
  get credentials(): { consumerKey: string; consumerSecret: string } {
    return { consumerKey: this.options.consumerKey, consumerSecret: this.options.consumerSecret };
  }

  get url(): string {
    return this.address;
  }

  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) =>
        send(res, 500, { code: 'internal_error', message: String(error) }),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.address;
  }

  async stop(): Promise<void> {
    await this.webhooks.settled();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }

  /** The next `count` REST requests fail with this status (500, 502, 401 …). */
  failNext(status: number, count = 1): void {
    for (let i = 0; i < count; i++)
      this.faults.push({
        status,
        code: status === 401 ? 'woocommerce_rest_cannot_view' : 'internal_server_error',
      });
  }

  setWebhookMode(mode: WebhookMode): void {
    this.webhooks.mode = mode;
  }

  addWebhook(input: { topic: string; deliveryUrl: string; secret: string; name?: string }) {
    return this.webhooks.add(input);
  }

  placeOrder(input: SimulatedOrderInput): WooRecord {
    const order = this.store.placeOrder(input);
    this.webhooks.orderEvent('created', order);
    return order;
  }

  setOrderStatus(id: number, status: string): WooRecord {
    const order = this.store.orders.get(id);
    if (!order) throw new SimulatorRefusal(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
    this.store.setOrderStatus(order, status);
    this.webhooks.orderEvent('updated', order);
    return order;
  }

  payOrder(id: number): WooRecord {
    return this.setOrderStatus(id, 'processing');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.address);
    const method = (req.method ?? 'GET').toUpperCase();
    let body: unknown;
    try {
      body = await readJson(req);
      if (url.pathname.startsWith('/__admin/')) return send(res, 200, this.admin(method, url.pathname, body));
      if (!url.pathname.startsWith(API))
        return send(res, 404, {
          code: 'rest_no_route',
          message: 'No route was found matching the URL and request method.',
          data: { status: 404 },
        });
      this.authenticate(req, method, url);
      this.throttle(res);
      const fault = this.faults.shift();
      if (fault) throw new SimulatorRefusal(fault.status, fault.code, 'Simulated failure.');
      const answer = this.route(method, url.pathname.slice(API.length), url.searchParams, body, res);
      this.requests.push({ method, path: url.pathname, status: 200 });
      send(res, method === 'POST' ? 201 : 200, answer);
    } catch (error) {
      if (!(error instanceof SimulatorRefusal)) throw error;
      this.requests.push({ method, path: url.pathname, status: error.status });
      send(res, error.status, { code: error.code, message: error.message, data: { status: error.status } });
    }
  }

  private authenticate(req: IncomingMessage, method: string, url: URL): void {
    const { consumerKey, consumerSecret } = this.options;
    const header = req.headers.authorization ?? '';
    if (header.startsWith('Basic ')) {
      const [key, secret] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
      if (key === consumerKey && secret === consumerSecret) return;
      throw new SimulatorRefusal(401, 'woocommerce_rest_authentication_error', 'Consumer secret is invalid.');
    }
    const key = url.searchParams.get('oauth_consumer_key');
    if (!key)
      throw new SimulatorRefusal(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
    if (key !== consumerKey)
      throw new SimulatorRefusal(401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.');
    const timestamp = Number(url.searchParams.get('oauth_timestamp'));
    if (!Number.isFinite(timestamp) || Math.abs(this.clock().getTime() / 1000 - timestamp) > OAUTH_WINDOW_S)
      throw new SimulatorRefusal(401, 'woocommerce_rest_authentication_error', 'Invalid timestamp.');
    const nonce = `${timestamp}:${url.searchParams.get('oauth_nonce') ?? ''}`;
    if (this.nonces.has(nonce))
      throw new SimulatorRefusal(
        401,
        'woocommerce_rest_authentication_error',
        'Invalid nonce - nonce has already been used.',
      );
    if (!oauthSignatureMatches(method, url, consumerSecret))
      throw new SimulatorRefusal(
        401,
        'woocommerce_rest_authentication_error',
        'Invalid signature - provided signature does not match.',
      );
    this.nonces.add(nonce);
    for (const name of [...url.searchParams.keys()])
      if (name.startsWith('oauth_')) url.searchParams.delete(name);
  }

  private throttle(res: ServerResponse): void {
    const limit = this.options.rateLimit;
    if (!limit) return;
    const now = this.clock().getTime();
    if (now - this.window.start >= limit.windowMs) this.window = { start: now, count: 0 };
    if (++this.window.count <= limit.requests) return;
    res.setHeader(
      'retry-after',
      String(Math.max(1, Math.ceil((this.window.start + limit.windowMs - now) / 1000))),
    );
    throw new SimulatorRefusal(429, 'rest_too_many_requests', 'Too many requests.');
  }

  private route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
    res: ServerResponse,
  ): unknown {
    const input = (body ?? {}) as Record<string, unknown>;
    const [resource, id, sub] = path.split('/');
    if (resource === 'orders' && !id && method === 'GET') return this.page(res, query, this.orders(query));
    if (resource === 'orders' && id && !sub) {
      const order = this.store.orders.get(Number(id));
      if (!order) throw new SimulatorRefusal(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
      if (method === 'GET') return order;
      if (method === 'PUT' && typeof input.status === 'string')
        return this.setOrderStatus(order.id, input.status);
      if (method === 'PUT') return order;
    }
    if (resource === 'orders' && id && sub === 'notes' && method === 'POST') {
      if (!this.store.orders.has(Number(id)))
        throw new SimulatorRefusal(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
      const note = {
        id: this.store.id(),
        note: String(input.note ?? ''),
        customer_note: input.customer_note === true,
      };
      this.store.notes.set(Number(id), [...(this.store.notes.get(Number(id)) ?? []), note]);
      return note;
    }
    if (resource === 'products' && !id) {
      if (method === 'POST') return this.store.createProduct(input);
      if (method === 'GET') {
        const sku = query.get('sku');
        const all = [...this.store.products.values()].filter((p) => sku === null || p.sku === sku);
        return this.page(res, query, all);
      }
    }
    if (resource === 'products' && id) {
      const product = this.store.products.get(Number(id));
      if (!product) throw new SimulatorRefusal(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
      if (method === 'GET') return product;
      if (method === 'PUT') return this.store.updateProduct(product, input);
    }
    if (resource === 'customers' && !id && method === 'GET')
      return this.page(res, query, [...this.store.customers.values()]);
    if (resource === 'webhooks' && !id && method === 'POST') {
      const hook = this.addWebhook({
        topic: String(input.topic ?? ''),
        deliveryUrl: String(input.delivery_url ?? ''),
        secret: String(input.secret ?? ''),
        name: String(input.name ?? ''),
      });
      return {
        id: hook.id,
        name: hook.name,
        status: hook.status,
        topic: hook.topic,
        delivery_url: hook.deliveryUrl,
      };
    }
    if (resource === 'webhooks' && !id && method === 'GET')
      return this.page(
        res,
        query,
        this.webhooks.hooks.map((h) => ({
          id: h.id,
          name: h.name,
          status: h.status,
          topic: h.topic,
          delivery_url: h.deliveryUrl,
        })) as WooRecord[],
      );
    throw new SimulatorRefusal(
      404,
      'rest_no_route',
      'No route was found matching the URL and request method.',
    );
  }

  /** Orders filtered and sorted as Woo does; the site's time zone is UTC, so local and GMT dates agree. */
  private orders(query: URLSearchParams): WooRecord[] {
    const after = query.get('modified_after');
    const createdAfter = query.get('after');
    const status = query.get('status');
    const orderby = query.get('orderby') ?? 'date';
    const field = orderby === 'modified' ? 'date_modified_gmt' : orderby === 'id' ? 'id' : 'date_created_gmt';
    const list = [...this.store.orders.values()].filter(
      (o) =>
        (!after || String(o.date_modified_gmt) > after.replace(/Z$/, '')) &&
        (!createdAfter || String(o.date_created_gmt) > createdAfter.replace(/Z$/, '')) &&
        (!status || status === 'any' || status.split(',').includes(String(o.status))),
    );
    const sign = query.get('order') === 'asc' ? 1 : -1;
    return list.sort((a, b) => {
      const x = String(a[field]).padStart(20, '0');
      const y = String(b[field]).padStart(20, '0');
      return (x < y ? -1 : x > y ? 1 : a.id - b.id) * sign;
    });
  }

  /** One page with `X-WP-Total`, `X-WP-TotalPages` and `Link` (prev/next), as WordPress answers. */
  private page(res: ServerResponse, query: URLSearchParams, all: WooRecord[]): WooRecord[] {
    const perPage = Number(query.get('per_page') ?? '10');
    const page = Number(query.get('page') ?? '1');
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100)
      throw new SimulatorRefusal(
        400,
        'rest_invalid_param',
        'Invalid parameter(s): per_page (per_page must be between 1 (inclusive) and 100 (inclusive))',
      );
    if (!Number.isInteger(page) || page < 1)
      throw new SimulatorRefusal(400, 'rest_invalid_param', 'Invalid parameter(s): page');
    const totalPages = Math.ceil(all.length / perPage);
    res.setHeader('x-wp-total', String(all.length));
    res.setHeader('x-wp-totalpages', String(totalPages));
    const link = (p: number, rel: string) => {
      const target = new URL(`${this.address}${API}`);
      for (const [name, value] of query) target.searchParams.set(name, value);
      target.searchParams.set('page', String(p));
      return `<${target.href}>; rel="${rel}"`;
    };
    const links = [
      ...(page > 1 ? [link(page - 1, 'prev')] : []),
      ...(page < totalPages ? [link(page + 1, 'next')] : []),
    ];
    if (links.length > 0) res.setHeader('link', links.join(', '));
    return all.slice((page - 1) * perPage, page * perPage);
  }

  private admin(method: string, path: string, body: unknown): unknown {
    const input = (body ?? {}) as Record<string, unknown>;
    const parts = path.split('/').filter(Boolean).slice(1);
    if (method === 'POST' && parts[0] === 'orders' && parts.length === 1)
      return this.placeOrder(input as unknown as SimulatedOrderInput);
    if (method === 'POST' && parts[0] === 'orders' && parts[2] === 'pay')
      return this.payOrder(Number(parts[1]));
    if (method === 'POST' && parts[0] === 'orders' && parts[2] === 'status')
      return this.setOrderStatus(Number(parts[1]), String(input.status));
    if (method === 'POST' && parts[0] === 'webhook-mode') {
      const mode = String(input.mode);
      if (mode !== 'deliver' && mode !== 'drop' && mode !== 'duplicate')
        throw new SimulatorRefusal(400, 'invalid_mode', 'mode: deliver, drop or duplicate');
      this.setWebhookMode(mode);
      return { mode };
    }
    if (method === 'GET' && parts[0] === 'products') return [...this.store.products.values()];
    if (method === 'GET' && parts[0] === 'orders') return [...this.store.orders.values()];
    throw new SimulatorRefusal(404, 'rest_no_route', 'No admin route.');
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new SimulatorRefusal(413, 'rest_request_too_large', 'Request body too large.');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new SimulatorRefusal(400, 'rest_invalid_json', 'Invalid JSON body passed.');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
