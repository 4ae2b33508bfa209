import {
  isObject,
  type JsonObject,
  PayloadReader,
  type ShopHttpAnswer,
  shopHttpError,
  shopHttpRequest,
} from '../platform-support/index.ts';
import { ShopApiError } from '../shop-api-error.ts';
import type { RemoteShopArticle, ShopArticle, ShopClient, ShopPage } from '../shop-platform.ts';

export interface LightspeedClientOptions {
  /**
   * The cluster and the shop's language: `https://api.webshopapp.com/nl/` (EU) or `https://api.shoplightspeed.com/en/`
   * (US); the simulator's address in tests.
   */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  fetch?: typeof fetch;
  /** Per request, connect to last byte. Default 30 000 ms. */
  timeoutMs?: number;
  /** Per answer. Default 10 MB. */
  maxResponseBytes?: number;
  /** Orders/variants per page, at most 250 (Lightspeed's maximum). Default 50. */
  pageSize?: number;
}

const MAX_LIMIT = 250;

/**
 * Lightspeed eCom (C-Series) REST client: HTTP Basic `apiKey:apiSecret`, resources `*.json`, paging `page` +
 * `limit`, delta `updated_at_min`. Price, stock, SKU and EAN live on variants: an article is a variant (a product
 * is created with one default variant, which the client then fills in). Rate limits are per key (300 / 5 min,
 * 3 000 / h, 12 000 / day); a 429 becomes a retryable ShopApiError waiting for the window that ran out.
 */
export class LightspeedClient implements ShopClient {
  readonly #baseUrl: string;
  readonly #authorization: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #pageSize: number;

  constructor(options: LightspeedClientOptions) {
    this.#baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    this.#authorization = `Basic ${Buffer.from(`${options.apiKey}:${options.apiSecret}`).toString('base64')}`;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;
    this.#pageSize = Math.min(MAX_LIMIT, Math.max(1, options.pageSize ?? 50));
  }

  /**
   * Orders changed at or after `since` (`updated_at_min`), one page at a time; the cursor is the next page number.
   * A page shorter than the limit is the last one (past the end Lightspeed answers an empty list). Each order comes
   * as `{order}` with its products and invoices embedded, like the webhook sends it.
   */
  async listOrders(query: { since?: string; cursor?: string }): Promise<ShopPage<unknown>> {
    const page = pageNumber(query.cursor);
    const params = new URLSearchParams({ page: String(page), limit: String(this.#pageSize) });
    if (query.since) params.set('updated_at_min', query.since);
    const body = await this.#json('GET', `orders.json?${params}`);
    const orders = Array.isArray(body.orders) ? body.orders.filter(isObject) : [];
    const items: unknown[] = [];
    for (const order of orders) items.push({ order: await this.#withEmbedded(order) });
    return orders.length < this.#pageSize ? { items } : { items, next: String(page + 1) };
  }

  async getOrder(orderId: string): Promise<unknown> {
    const body = await this.#json('GET', `orders/${encodeURIComponent(orderId)}.json`);
    if (!isObject(body.order))
      throw this.#unexpected('GET', `orders/${orderId}.json`, 'no "order" in the answer');
    return { order: await this.#withEmbedded(body.order) };
  }

  async upsertArticle(article: ShopArticle): Promise<{ remoteId: string; created: boolean }> {
    const existing = await this.#findVariant(article.sku);
    let variant = existing;
    if (!variant) {
      const created = await this.#json('POST', 'products.json', { product: productFields(article) });
      const productId = isObject(created.product) ? String(created.product.id) : '';
      // Lightspeed gives a new product one default variant; that variant becomes the article.
      const variants = await this.#json('GET', `variants.json?product=${encodeURIComponent(productId)}`);
      variant = Array.isArray(variants.variants) ? variants.variants.find(isObject) : undefined;
      if (!variant)
        throw this.#unexpected('GET', 'variants.json', `product ${productId} has no default variant`);
    } else {
      const productId = resourceId(variant.product);
      if (productId)
        await this.#json('PUT', `products/${productId}.json`, { product: productFields(article) });
    }
    const id = String(variant.id);
    await this.#json('PUT', `variants/${id}.json`, { variant: variantFields(article) });
    return { remoteId: id, created: existing === undefined };
  }

  async setStock(sku: string, quantity: number): Promise<void> {
    const variant = await this.#findVariant(sku);
    if (!variant) {
      throw new ShopApiError(`lightspeed has no variant with SKU ${JSON.stringify(sku).slice(0, 60)}`, {
        platform: 'lightspeed',
        method: 'GET',
        path: 'variants.json',
        status: 404,
      });
    }
    await this.#json('PUT', `variants/${variant.id}.json`, {
      variant: { stockTracking: 'enabled', stockLevel: Math.trunc(quantity) },
    });
  }

  /** Shipped in CASH → `shipmentStatus: shipped`; invoiced or completed → `status: completed`. */
  async setOrderStatus(orderId: string, status: 'shipped' | 'invoiced' | 'completed'): Promise<void> {
    const order = status === 'shipped' ? { shipmentStatus: 'shipped' } : { status: 'completed' };
    await this.#json('PUT', `orders/${encodeURIComponent(orderId)}.json`, { order });
  }

  async listArticles(cursor?: string): Promise<ShopPage<RemoteShopArticle>> {
    const page = pageNumber(cursor);
    const body = await this.#json('GET', `variants.json?page=${page}&limit=${this.#pageSize}`);
    const variants = Array.isArray(body.variants) ? body.variants.filter(isObject) : [];
    const items = variants.map(remoteArticle);
    return variants.length < this.#pageSize ? { items } : { items, next: String(page + 1) };
  }

  async #findVariant(sku: string): Promise<JsonObject | undefined> {
    // The `sku` filter narrows the list [I]; the exact match below keeps a shop that ignores it from matching a stranger.
    const body = await this.#json('GET', `variants.json?sku=${encodeURIComponent(sku)}&limit=${MAX_LIMIT}`);
    const variants = Array.isArray(body.variants) ? body.variants.filter(isObject) : [];
    return variants.find((variant) => variant.sku === sku);
  }

  async #withEmbedded(order: JsonObject): Promise<JsonObject> {
    const id = encodeURIComponent(String(order.id));
    const products = await this.#json('GET', `orders/${id}/products.json`);
    const invoices = await this.#json('GET', `invoices.json?order=${id}`);
    return {
      ...order,
      products: { resource: { ...resourceOf(order.products), embedded: listOf(products, 'orderProducts') } },
      invoices: { resource: { ...resourceOf(order.invoices), embedded: listOf(invoices, 'invoices') } },
    };
  }

  async #json(method: string, path: string, body?: unknown): Promise<JsonObject> {
    const answer = await shopHttpRequest({
      platform: 'lightspeed',
      method,
      url: `${this.#baseUrl}${path}`,
      path,
      headers: {
        authorization: this.#authorization,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: this.#timeoutMs,
      maxBytes: this.#maxBytes,
      fetch: this.#fetch,
    });
    if (answer.status < 200 || answer.status >= 300) throw this.#error(method, path, answer);
    if (answer.text === '') return {};
    try {
      const parsed: unknown = JSON.parse(answer.text);
      return isObject(parsed) ? parsed : {};
    } catch {
      throw this.#unexpected(method, path, 'the answer is not JSON', answer);
    }
  }

  #error(method: string, path: string, answer: ShopHttpAnswer): ShopApiError {
    let message: string | undefined;
    try {
      const body: unknown = JSON.parse(answer.text);
      if (isObject(body) && isObject(body.error) && typeof body.error.message === 'string')
        message = body.error.message;
    } catch {
      // Not JSON (a proxy's page): the status says enough.
    }
    return shopHttpError({ platform: 'lightspeed', method, path }, answer, {
      message,
      fallbackRetryAfterMs: exhaustedWindowMs(answer.headers),
      credentials: 'the API key and secret, and that the key may use this resource',
    });
  }

  #unexpected(method: string, path: string, why: string, answer?: ShopHttpAnswer): ShopApiError {
    return new ShopApiError(`lightspeed ${method} ${path}: ${why}`, {
      platform: 'lightspeed',
      method,
      path,
      status: answer?.status ?? 200,
      answer: answer?.text,
    });
  }
}

/**
 * `X-RateLimit-Remaining: 0/2800/11500` with `X-RateLimit-Reset: 42/1800/50000` (seconds, per window 5 min / hour /
 * day): the wait is the reset of the longest window that ran out.
 */
export function exhaustedWindowMs(headers: Headers): number | undefined {
  const remaining = (headers.get('x-ratelimit-remaining') ?? '').split('/').map(Number);
  const reset = (headers.get('x-ratelimit-reset') ?? '').split('/').map(Number);
  let wait: number | undefined;
  remaining.forEach((left, index) => {
    const seconds = reset[index];
    if (left <= 0 && seconds !== undefined && Number.isFinite(seconds))
      wait = Math.max(wait ?? 0, seconds * 1000);
  });
  return wait;
}

function pageNumber(cursor: string | undefined): number {
  const page = Number(cursor ?? '1');
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

function listOf(body: JsonObject, key: string): unknown[] {
  const list = body[key];
  return Array.isArray(list) ? list : [];
}

function resourceOf(holder: unknown): JsonObject {
  return isObject(holder) && isObject(holder.resource) ? holder.resource : {};
}

function resourceId(holder: unknown): string | undefined {
  const id = resourceOf(holder).id;
  return typeof id === 'number' || (typeof id === 'string' && id !== '') ? String(id) : undefined;
}

const money = (cents: number): number => cents / 100;

function productFields(article: ShopArticle): JsonObject {
  return { title: article.description, visibility: article.active ? 'visible' : 'hidden' };
}

function variantFields(article: ShopArticle): JsonObject {
  return {
    isDefault: true,
    title: article.description,
    sku: article.sku,
    articleCode: article.sku,
    ...(article.ean ? { ean: article.ean } : {}),
    priceExcl: money(article.priceExclCents),
    priceIncl: money(article.priceInclCents),
    ...(article.stock !== undefined
      ? { stockTracking: 'enabled', stockLevel: Math.trunc(article.stock) }
      : {}),
  };
}

function remoteArticle(variant: JsonObject): RemoteShopArticle {
  const read = new PayloadReader();
  return {
    remoteId: String(variant.id),
    sku: typeof variant.sku === 'string' ? variant.sku : '',
    ...(typeof variant.ean === 'string' && variant.ean !== '' ? { ean: variant.ean } : {}),
    description: typeof variant.title === 'string' ? variant.title : '',
    priceExclCents: read.cents(variant, 'priceExcl', '$.variant'),
    priceInclCents: read.cents(variant, 'priceIncl', '$.variant'),
    ...(typeof variant.stockLevel === 'number' ? { stock: variant.stockLevel } : {}),
    active: true,
  };
}
