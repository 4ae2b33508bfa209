import {
  isObject,
  type JsonObject,
  PayloadReader,
  type ShopHttpAnswer,
  sameHexSignature,
  shopHttpError,
  shopHttpRequest,
} from '../platform-support/index.ts';
import { ShopApiError } from '../shop-api-error.ts';
import type { RemoteShopArticle, ShopArticle, ShopClient, ShopPage } from '../shop-platform.ts';
import { ccvshopDate, ccvshopHash } from './ccvshop-signature.ts';

export interface CcvshopClientOptions {
  /** The shop's own domain, `https://mijnwinkel.ccvshop.nl` (the API lives under /api/rest/v1 there). */
  baseUrl: string;
  publicKey: string;
  secret: string;
  fetch?: typeof fetch;
  /** Per request, connect to last byte. Default 30 000 ms. */
  timeoutMs?: number;
  /** Per answer. Default 10 MB. */
  maxResponseBytes?: number;
  /** `size` per page. Default 50. */
  pageSize?: number;
  /** How far before `since` the create-date poll starts, for orders placed while a poll ran. Default 1 h. */
  createDateOverlapMs?: number;
  /** Whether the shop's product prices include VAT (CCV's shop setting). Default true. */
  pricesIncludeVat?: boolean;
  now?: () => Date;
}

const API = '/api/rest/v1';
const ACCEPT = 'application/vnd.verto.webshop+json';
// CCV has no modified-date filter on orders (create-date filters only). A poll with `since` therefore reads, one
// after the other: orders created since `since` minus the overlap; then every unpaid order (`is_paid=false`); then
// every order not yet completed (`is_completed=false`). An order paid, shipped or cancelled after it was created
// is still unpaid or open at the poll before, so the re-read sees its change; the dedupe key (platform, shop,
// order id, status) drops what did not change. Completed and paid orders are final and drop out of the re-read.
const REREAD_FILTERS = ['is_paid=false', 'is_completed=false'];

/**
 * CCV Shop REST client: every request signed (`x-public`, `x-date`, `x-hash` = HMAC-SHA512 over
 * `public|METHOD|uri|body|x-date`), every answer's signature verified the same way and refused when missing or
 * wrong; paging `start`/`size` following the collection's `next`; 429 `429.10` (per resource and method per
 * minute) / `429.11` (total per minute) → retryable ShopApiError.
 */
export class CcvshopClient implements ShopClient {
  readonly #origin: string;
  readonly #publicKey: string;
  readonly #secret: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #pageSize: number;
  readonly #overlapMs: number;
  readonly #pricesIncludeVat: boolean;
  readonly #now: () => Date;

  constructor(options: CcvshopClientOptions) {
    this.#origin = new URL(options.baseUrl).origin;
    this.#publicKey = options.publicKey;
    this.#secret = options.secret;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;
    this.#pageSize = Math.max(1, options.pageSize ?? 50);
    this.#overlapMs = options.createDateOverlapMs ?? 3_600_000;
    this.#pricesIncludeVat = options.pricesIncludeVat ?? true;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * One page of orders, each with its rows embedded under `orderrows.items`. The cursor is `<phase>|<uri>`: the
   * create-date phase first, then the re-read phases (see REREAD_FILTERS); without `since` all orders, once.
   */
  async listOrders(query: { since?: string; cursor?: string }): Promise<ShopPage<unknown>> {
    const phases = this.#phases(query.since);
    const [phaseText, cursorUri] = query.cursor ? splitCursor(query.cursor) : ['0', undefined];
    const phase = Math.min(Math.max(0, Number(phaseText) || 0), phases.length - 1);
    const uri = cursorUri ?? (phases[phase] as string);
    const body = await this.#json('GET', uri);
    const orders = Array.isArray(body.items) ? body.items.filter(isObject) : [];
    const items: unknown[] = [];
    for (const order of orders) items.push(await this.#withRows(order));
    const next = orders.length > 0 ? nextUri(body.next) : undefined;
    if (next) return { items, next: `${phase}|${next}` };
    const following = phases[phase + 1];
    return following ? { items, next: `${phase + 1}|${following}` } : { items };
  }

  async getOrder(orderId: string): Promise<unknown> {
    return this.#withRows(await this.#json('GET', `${API}/orders/${encodeURIComponent(orderId)}`));
  }

  async upsertArticle(article: ShopArticle): Promise<{ remoteId: string; created: boolean }> {
    const existing = await this.#findProduct(article.sku);
    const fields = this.#productFields(article);
    if (existing) {
      await this.#json('PATCH', `${API}/products/${existing.id}`, fields);
      return { remoteId: String(existing.id), created: false };
    }
    const created = await this.#json('POST', `${API}/products`, { productnumber: article.sku, ...fields });
    return { remoteId: String(created.id), created: true };
  }

  async setStock(sku: string, quantity: number): Promise<void> {
    const product = await this.#findProduct(sku);
    if (!product) {
      throw new ShopApiError(`ccvshop has no product with number ${JSON.stringify(sku).slice(0, 60)}`, {
        platform: 'ccvshop',
        method: 'GET',
        path: `${API}/products`,
        status: 404,
      });
    }
    await this.#json('PATCH', `${API}/products/${product.id}`, { stock: Math.trunc(quantity) });
  }

  /** Shipped → status 5 (verzonden); invoiced or completed → 7 (afgerond). */
  async setOrderStatus(orderId: string, status: 'shipped' | 'invoiced' | 'completed'): Promise<void> {
    await this.#json('PATCH', `${API}/orders/${encodeURIComponent(orderId)}`, {
      status: status === 'shipped' ? 5 : 7,
    });
  }

  async listArticles(cursor?: string): Promise<ShopPage<RemoteShopArticle>> {
    const body = await this.#json('GET', cursor ?? `${API}/products?start=0&size=${this.#pageSize}`);
    const products = Array.isArray(body.items) ? body.items.filter(isObject) : [];
    const next = products.length > 0 ? nextUri(body.next) : undefined;
    const items = products.map((product) => this.#remoteArticle(product));
    return next ? { items, next } : { items };
  }

  #phases(since: string | undefined): string[] {
    const size = `start=0&size=${this.#pageSize}`;
    if (!since) return [`${API}/orders?${size}`];
    const from = new Date(Date.parse(since) - this.#overlapMs);
    const created = Number.isNaN(from.getTime()) ? since : from.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return [
      `${API}/orders?min_create_date=${encodeURIComponent(created)}&${size}`,
      ...REREAD_FILTERS.map((filter) => `${API}/orders?${filter}&${size}`),
    ];
  }

  async #findProduct(sku: string): Promise<JsonObject | undefined> {
    // The `productnumber` filter narrows the list [I]; the exact match keeps a shop that ignores it from matching a stranger.
    const body = await this.#json(
      'GET',
      `${API}/products?productnumber=${encodeURIComponent(sku)}&start=0&size=100`,
    );
    const products = Array.isArray(body.items) ? body.items.filter(isObject) : [];
    return products.find((product) => product.productnumber === sku);
  }

  async #withRows(order: JsonObject): Promise<JsonObject> {
    const rows: unknown[] = [];
    let uri: string | undefined =
      `${API}/orders/${encodeURIComponent(String(order.id))}/orderrows?start=0&size=100`;
    while (uri) {
      const page = await this.#json('GET', uri);
      const items = Array.isArray(page.items) ? page.items : [];
      rows.push(...items);
      uri = items.length > 0 ? nextUri(page.next) : undefined;
    }
    const holder = isObject(order.orderrows) ? order.orderrows : {};
    return { ...order, orderrows: { ...holder, items: rows } };
  }

  #productFields(article: ShopArticle): JsonObject {
    const price = this.#pricesIncludeVat ? article.priceInclCents : article.priceExclCents;
    return {
      name: article.description,
      price: price / 100,
      ...(article.ean ? { eancode: article.ean } : {}),
      ...(article.stock !== undefined ? { stock: Math.trunc(article.stock) } : {}),
      taxtariff: article.taxClass ?? taxTariff(article.ratePercent),
      active: article.active,
    };
  }

  #remoteArticle(product: JsonObject): RemoteShopArticle {
    const read = new PayloadReader();
    const price = read.cents(product, 'price', '$.product');
    return {
      remoteId: String(product.id),
      sku: typeof product.productnumber === 'string' ? product.productnumber : '',
      ...(typeof product.eancode === 'string' && product.eancode !== '' ? { ean: product.eancode } : {}),
      description: typeof product.name === 'string' ? product.name : '',
      // CCV keeps one price; the other side is not stated, so both carry it and the reconcile compares the one it sets.
      priceExclCents: price,
      priceInclCents: price,
      ...(typeof product.taxtariff === 'string' ? { taxClass: product.taxtariff } : {}),
      ...(typeof product.stock === 'number' ? { stock: product.stock } : {}),
      active: product.active !== false,
    };
  }

  async #json(method: string, uri: string, data?: unknown): Promise<JsonObject> {
    const body = data === undefined ? '' : JSON.stringify(data);
    const date = ccvshopDate(this.#now());
    const hash = ccvshopHash({ publicKey: this.#publicKey, secret: this.#secret, method, uri, body, date });
    const answer = await shopHttpRequest({
      platform: 'ccvshop',
      method,
      url: `${this.#origin}${uri}`,
      path: uri,
      headers: {
        'x-public': this.#publicKey,
        'x-date': date,
        'x-hash': hash,
        accept: ACCEPT,
        ...(data !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: data === undefined ? undefined : body,
      timeoutMs: this.#timeoutMs,
      maxBytes: this.#maxBytes,
      fetch: this.#fetch,
    });
    if (answer.status < 200 || answer.status >= 300) throw this.#error(method, uri, answer);
    this.#verifyAnswer(method, uri, answer);
    if (answer.text === '') return {};
    try {
      const parsed: unknown = JSON.parse(answer.text);
      return isObject(parsed) ? parsed : {};
    } catch {
      throw permanent(method, uri, 'the answer is not JSON', answer);
    }
  }

  /** The SDK's validateResponse: HMAC over `public|METHOD|uri|responseBody|response x-date`; refuse otherwise. */
  #verifyAnswer(method: string, uri: string, answer: ShopHttpAnswer): void {
    const received = answer.headers.get('x-hash');
    const date = answer.headers.get('x-date');
    if (!received || !date)
      throw permanent(method, uri, 'the answer is not signed (no x-hash / x-date): refused', answer);
    const expected = ccvshopHash({
      publicKey: this.#publicKey,
      secret: this.#secret,
      method,
      uri,
      body: answer.text,
      date,
    });
    if (!sameHexSignature(expected, received))
      throw permanent(method, uri, "the answer's x-hash does not match: refused", answer);
  }

  #error(method: string, uri: string, answer: ShopHttpAnswer): ShopApiError {
    let code: string | undefined;
    let message: string | undefined;
    try {
      const body: unknown = JSON.parse(answer.text);
      if (isObject(body)) {
        if (typeof body.code === 'string' || typeof body.code === 'number') code = String(body.code);
        const said = body.developermessage ?? body.message;
        if (typeof said === 'string') message = said;
      }
    } catch {
      // Not JSON: the status says enough.
    }
    return shopHttpError({ platform: 'ccvshop', method, path: uri }, answer, {
      code,
      message: code ? `${code} ${message ?? ''}`.trim() : message,
      fallbackRetryAfterMs: 60_000,
      credentials: 'the public key and secret, and that the app may use this resource',
    });
  }
}

function permanent(method: string, uri: string, why: string, answer: ShopHttpAnswer): ShopApiError {
  return new ShopApiError(`ccvshop ${method} ${uri}: ${why}`, {
    platform: 'ccvshop',
    method,
    path: uri,
    status: answer.status,
    code: 'response-signature',
    answer: answer.text,
  });
}

function splitCursor(cursor: string): [string, string | undefined] {
  const at = cursor.indexOf('|');
  if (at < 0) return ['0', undefined];
  const uri = cursor.slice(at + 1);
  return [cursor.slice(0, at), uri.startsWith(`${API}/`) ? uri : undefined];
}

/** The collection's `next` (an absolute URL) as path + query, which is what the signature covers. */
function nextUri(next: unknown): string | undefined {
  if (typeof next !== 'string' || next === '') return undefined;
  try {
    const url = new URL(next, 'http://shop');
    return url.pathname.startsWith(`${API}/`) ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}

function taxTariff(ratePercent: string | undefined): string {
  if (ratePercent === undefined || ratePercent === '21') return 'normal';
  return ratePercent === '0' ? 'none' : 'reduced';
}
