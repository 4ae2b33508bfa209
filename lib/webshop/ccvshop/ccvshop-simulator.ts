import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK_HOST } from '../../local/loopback.ts';
import {
  FixedRateWindows,
  isObject,
  type JsonObject,
  PayloadReader,
  sameHexSignature,
  WebhookOutbox,
} from '../platform-support/index.ts';
import { ccvshopDate, ccvshopHash } from './ccvshop-signature.ts';
import { type CcvshopSimOrder, CcvshopSimStore, type PlaceCcvshopOrder } from './ccvshop-sim-store.ts';
import { ccvshopWebhookHash } from './ccvshop-webhook.ts';

export interface CcvshopSimulatorOptions {
  publicKey: string;
  secret: string;
  /** Milliseconds since the epoch; rate windows, `x-date` checks and create dates follow it. Default `Date.now`. */
  clock?: () => number;
  /** Requests per resource and method per minute (`429.10`). Default 60. */
  perResourceLimit?: number;
  /** Requests per minute in total (`429.11`). Default 300. */
  totalLimit?: number;
  /** How far a request's `x-date` may be off. Default 15 min. */
  maxSkewMs?: number;
  fetch?: typeof fetch;
}

const API = '/api/rest/v1/';
const MAX_SIZE = 100;

interface Webhook {
  id: number;
  event: string;
  address: string;
  is_active: boolean;
  key: string;
}

/**
 * A local CCV Shop API on 127.0.0.1: requests must carry `x-public`, a fresh `x-date` and the right `x-hash`;
 * answers are signed the same way (or, for tests, unsigned or tampered); `start`/`size` collections with
 * `next`/`previous` links; create-date and `is_paid`/`is_completed` filters (no modified filter, like CCV);
 * `429.10` / `429.11` per minute; webhooks signed with their key, with switches to drop or duplicate them.
 */
export class CcvshopSimulator {
  readonly store: CcvshopSimStore;
  /** How answers are signed: properly, not at all, or with a wrong hash. */
  responseSigning: 'sign' | 'omit' | 'tamper' = 'sign';
  readonly #options: CcvshopSimulatorOptions;
  readonly #clock: () => number;
  readonly #perResource: FixedRateWindows;
  readonly #total: FixedRateWindows;
  readonly #hooks: Webhook[] = [];
  /** The webhooks it sends; `webhooks.mode` drops or duplicates them. */
  readonly webhooks: WebhookOutbox;
  #server: Server | undefined;
  #origin = '';

  constructor(options: CcvshopSimulatorOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
    this.store = new CcvshopSimStore(this.#clock);
    this.webhooks = new WebhookOutbox(options.fetch);
    this.#perResource = new FixedRateWindows(
      [{ limit: options.perResourceLimit ?? 60, seconds: 60 }],
      this.#clock,
    );
    this.#total = new FixedRateWindows([{ limit: options.totalLimit ?? 300, seconds: 60 }], this.#clock);
  }

  /** Listens on 127.0.0.1 (`port` 0 = a free one); answers the shop's origin, `http://127.0.0.1:<port>`. */
  async start(port = 0): Promise<string> {
    const server = createServer((request, response) => {
      this.#handle(request, response).catch(() =>
        this.#send(response, 'GET', '/', 500, error(500, '500.00', 'Internal error')),
      );
    });
    await new Promise<void>((resolve) => server.listen(port, LOOPBACK_HOST, resolve));
    this.#server = server;
    this.#origin = `http://${LOOPBACK_HOST}:${(server.address() as AddressInfo).port}`;
    return this.#origin;
  }

  async stop(): Promise<void> {
    await this.flushWebhooks();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  async flushWebhooks(): Promise<void> {
    await this.webhooks.flush();
  }

  placeOrder(input: PlaceCcvshopOrder): CcvshopSimOrder {
    const order = this.store.placeOrder(input);
    this.#emit(order, 'orders.created');
    return order;
  }

  payOrder(orderId: number): CcvshopSimOrder {
    const order = this.#order(orderId);
    order.paid = true;
    order.status = 2;
    this.#emit(order, 'orders.updated');
    return order;
  }

  shipOrder(orderId: number): CcvshopSimOrder {
    const order = this.#order(orderId);
    order.status = 5;
    order.isCompleted = true;
    this.#emit(order, 'orders.updated');
    return order;
  }

  productByNumber(productNumber: string): JsonObject | undefined {
    const product = [...this.store.products.values()].find(
      (candidate) => candidate.productnumber === productNumber,
    );
    return product ? this.store.renderProduct(product, this.#origin) : undefined;
  }

  #order(orderId: number): CcvshopSimOrder {
    const order = this.store.orders.get(orderId);
    if (!order) throw new Error(`no simulated CCV order ${orderId}`);
    return order;
  }

  // The webhook body is the order as GET /orders/{id} answers it, rows embedded [I: CCV documents no body].
  #emit(order: CcvshopSimOrder, event: string): void {
    for (const hook of this.#hooks) {
      if (!hook.is_active || hook.event !== event) continue;
      const rendered = this.store.renderOrder(order, this.#origin);
      const body = JSON.stringify({
        ...rendered,
        orderrows: { items: order.rows.map((row) => this.store.renderRow(order, row)) },
      });
      const headers = {
        'content-type': 'application/json',
        'x-date': ccvshopDate(new Date(this.#clock())),
        'x-hash': ccvshopWebhookHash(Buffer.from(body), hook.key),
        'x-event': event,
      };
      this.webhooks.send(hook.address, headers, body);
    }
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const uri = request.url ?? '/';
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const reply = (status: number, body: unknown) => this.#send(response, method, uri, status, body);

    const refusal = this.#checkSignature(request, method, uri, raw);
    if (refusal) return reply(401, error(401, '401.10', refusal));
    const url = new URL(uri, this.#origin);
    if (!url.pathname.startsWith(API)) return reply(404, error(404, '404.20', 'Resource not found'));
    const parts = url.pathname.slice(API.length).replace(/\/$/, '').split('/');
    const perResource = this.#perResource.take(`${method} ${parts[0]}`);
    if (!perResource.allowed) {
      response.setHeader('Retry-After', String(perResource.windows[0]?.resetSeconds ?? 60));
      return reply(429, error(429, '429.10', 'Rate limit for this resource and method reached'));
    }
    const total = this.#total.take('total');
    if (!total.allowed) {
      response.setHeader('Retry-After', String(total.windows[0]?.resetSeconds ?? 60));
      return reply(429, error(429, '429.11', 'Total rate limit reached'));
    }
    let body: JsonObject = {};
    if (raw !== '') {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (!isObject(parsed)) return reply(400, error(400, '400.10', 'Body is not a JSON object'));
        body = parsed;
      } catch {
        return reply(400, error(400, '400.10', 'Body is not JSON'));
      }
    }
    const answer = this.#route(method, parts, url.searchParams, body);
    if (!answer) return reply(404, error(404, '404.20', 'Resource not found'));
    return reply(answer.status ?? 200, answer.body);
  }

  #checkSignature(request: IncomingMessage, method: string, uri: string, body: string): string | undefined {
    const publicKey = header(request, 'x-public');
    const date = header(request, 'x-date');
    const hash = header(request, 'x-hash');
    if (!publicKey || !date || !hash) return 'x-public, x-date and x-hash are required';
    if (publicKey !== this.#options.publicKey) return 'Unknown public key';
    const at = Date.parse(date);
    if (Number.isNaN(at) || Math.abs(this.#clock() - at) > (this.#options.maxSkewMs ?? 15 * 60_000))
      return 'x-date is not current';
    const expected = ccvshopHash({ publicKey, secret: this.#options.secret, method, uri, body, date });
    return sameHexSignature(expected, hash) ? undefined : 'Hash is invalid';
  }

  #route(
    method: string,
    parts: string[],
    query: URLSearchParams,
    body: JsonObject,
  ): { status?: number; body: unknown } | undefined {
    const [resource, id, sub] = parts;
    const store = this.store;
    const route = `${method} ${resource}${id === undefined ? '' : '/:id'}${sub ? `/${sub}` : ''}`;
    switch (route) {
      case 'GET orders': {
        const min = query.get('min_create_date');
        const isPaid = query.get('is_paid');
        const isCompleted = query.get('is_completed');
        const orders = [...store.orders.values()]
          .filter((order) => !min || Date.parse(order.createDate) >= Date.parse(min))
          .filter((order) => isPaid === null || String(order.paid) === isPaid)
          .filter((order) => isCompleted === null || String(order.isCompleted) === isCompleted)
          .sort((a, b) => a.id - b.id);
        return {
          body: this.#collection(
            'orders',
            orders.map((order) => store.renderOrder(order, this.#origin)),
            query,
          ),
        };
      }
      case 'GET orders/:id': {
        const order = store.orders.get(Number(id));
        return order && { body: store.renderOrder(order, this.#origin) };
      }
      case 'PATCH orders/:id': {
        const order = store.orders.get(Number(id));
        if (!order) return undefined;
        if (typeof body.status === 'number') order.status = body.status;
        if (order.status >= 5 && order.status <= 7) order.isCompleted = true;
        this.#emit(order, 'orders.updated');
        return { status: 204, body: undefined };
      }
      case 'GET orders/:id/orderrows': {
        const order = store.orders.get(Number(id));
        const rows = order ? order.rows.map((row) => store.renderRow(order, row)) : undefined;
        return rows && { body: this.#collection(`orders/${id}/orderrows`, rows, query) };
      }
      case 'GET products': {
        const number = query.get('productnumber');
        const products = [...store.products.values()].filter(
          (product) => number === null || product.productnumber === number,
        );
        return {
          body: this.#collection(
            'products',
            products.map((product) => store.renderProduct(product, this.#origin)),
            query,
          ),
        };
      }
      case 'POST products': {
        if (typeof body.productnumber !== 'string' || typeof body.name !== 'string') {
          return { status: 400, body: error(400, '400.20', 'productnumber and name are required') };
        }
        const product = {
          id: store.nextId(),
          productnumber: body.productnumber,
          name: '',
          priceCents: 0,
          eancode: '',
          stock: 0,
          taxtariff: 'normal',
          active: true,
        };
        store.products.set(product.id, product);
        return this.#patchProduct(product.id, body, 201);
      }
      case 'GET products/:id': {
        const product = store.products.get(Number(id));
        return product && { body: store.renderProduct(product, this.#origin) };
      }
      case 'PATCH products/:id':
        return this.#patchProduct(Number(id), body, 204);
      case 'GET webhooks':
        return { body: this.#collection('webhooks', this.#hooks, query) };
      case 'POST webhooks': {
        const hook: Webhook = {
          id: store.nextId(),
          event: String(body.event ?? ''),
          address: String(body.address ?? ''),
          is_active: body.is_active !== false,
          key: typeof body.key === 'string' ? body.key : '',
        };
        this.#hooks.push(hook);
        return { status: 201, body: hook };
      }
      default:
        return undefined;
    }
  }

  #patchProduct(id: number, body: JsonObject, status: number): { status: number; body: unknown } | undefined {
    const product = this.store.products.get(id);
    if (!product) return undefined;
    const read = new PayloadReader();
    if (typeof body.name === 'string') product.name = body.name;
    if (body.price !== undefined) product.priceCents = read.cents(body, 'price', '$');
    if (typeof body.eancode === 'string') product.eancode = body.eancode;
    if (typeof body.stock === 'number') product.stock = body.stock;
    if (typeof body.taxtariff === 'string') product.taxtariff = body.taxtariff;
    if (typeof body.active === 'boolean') product.active = body.active;
    if (read.hasErrors)
      return { status: 400, body: error(400, '400.20', read.findings[0]?.message ?? 'invalid') };
    return { status, body: status === 201 ? this.store.renderProduct(product, this.#origin) : undefined };
  }

  /** CCV's collection: `start`/`size` (size capped), `next`/`previous` as absolute links, `next` only when more follow. */
  #collection(path: string, all: unknown[], query: URLSearchParams): JsonObject {
    const size = Math.min(MAX_SIZE, Math.max(1, Number(query.get('size') ?? 25) || 25));
    const start = Math.max(0, Number(query.get('start') ?? 0) || 0);
    const link = (from: number) => {
      const params = new URLSearchParams(query);
      params.set('start', String(from));
      params.set('size', String(size));
      return `${this.#origin}${API}${path}?${params}`;
    };
    return {
      href: link(start),
      items: all.slice(start, start + size),
      previous: start > 0 ? link(Math.max(0, start - size)) : null,
      next: start + size < all.length ? link(start + size) : null,
    };
  }

  #send(response: ServerResponse, method: string, uri: string, status: number, body: unknown): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    const date = ccvshopDate(new Date(this.#clock()));
    const headers: Record<string, string> = {
      'content-type': 'application/vnd.verto.webshop+json; charset=utf-8',
    };
    if (this.responseSigning !== 'omit') {
      const hash = ccvshopHash({
        publicKey: this.#options.publicKey,
        secret: this.#options.secret,
        method,
        uri,
        body: text,
        date,
      });
      headers['x-date'] = date;
      headers['x-hash'] =
        this.responseSigning === 'tamper' ? hash.replace(/^./, hash.startsWith('0') ? '1' : '0') : hash;
    }
    response.writeHead(status, headers);
    response.end(text);
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** CCV's error body: `{status, code, message, developermessage}` (codes like `429.10`, SDK ExceptionFactory). */
function error(status: number, code: string, message: string): JsonObject {
  return { status, code, message, developermessage: message };
}
