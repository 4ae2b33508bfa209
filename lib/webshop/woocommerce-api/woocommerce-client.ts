import { BodyTooLargeError, readAtMost } from '../../runtime/bounded-read.ts';
import { errorMessage } from '../../runtime/error-message.ts';
import { ShopApiError } from '../shop-api-error.ts';
import type { RemoteShopArticle, ShopArticle, ShopClient, ShopPage } from '../shop-platform.ts';
import { linkOf } from './link-header.ts';
import { signOAuthUrl } from './oauth1-signature.ts';
import { fromWooProduct, toWooProduct } from './woo-product.ts';

export interface WooCommerceClientOptions {
  /** The site's address (`https://shop.example`); the REST API lives under `/wp-json/wc/v3/`. */
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  /** The shop's "prices entered with tax" setting: which of the article's prices goes to `regular_price`. */
  pricesIncludeTax: boolean;
  /** Per request: time budget (default 15 s) and the largest answer read (default 8 MiB). */
  timeoutMs?: number;
  maxResponseBytes?: number;
  fetch?: typeof fetch;
  now?: () => Date;
}

const PER_PAGE = 100;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * WooCommerce REST API v3. Over HTTPS it authenticates with HTTP Basic `ck_…:cs_…`; over plain HTTP (only to
 * this machine: simulators, a local WordPress) with one-legged OAuth 1.0a in the query string, as Woo requires
 * there. Collections are read 100 a page following `Link: rel="next"` (or `X-WP-TotalPages`).
 */
export class WooCommerceClient implements ShopClient {
  private readonly api: URL;
  private readonly fetch: typeof fetch;
  private readonly basic: string | undefined;

  constructor(private readonly options: WooCommerceClientOptions) {
    const base = new URL(options.baseUrl);
    if (base.protocol !== 'https:' && !(base.protocol === 'http:' && LOOPBACK.has(base.hostname)))
      throw new Error(
        `baseUrl ${base.origin}: WooCommerce keys travel only over HTTPS (plain http only to 127.0.0.1)`,
      );
    this.api = new URL(`${base.href.replace(/\/+$/, '')}/wp-json/wc/v3/`);
    this.fetch = options.fetch ?? fetch;
    if (base.protocol === 'https:')
      this.basic = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString('base64')}`;
  }

  async listOrders(query: { since?: string; cursor?: string }): Promise<ShopPage<unknown>> {
    const params: Record<string, string> = { orderby: 'modified', order: 'asc' };
    if (query.since) {
      params.modified_after = new Date(query.since).toISOString().replace(/\.\d{3}Z$/, '');
      // Without it Woo reads the filter in the site's local time zone.
      params.dates_are_gmt = 'true';
    }
    return this.page('orders', params, query.cursor);
  }

  async getOrder(orderId: string): Promise<unknown> {
    return (await this.request('GET', `orders/${encodeURIComponent(orderId)}`)).body;
  }

  async upsertArticle(article: ShopArticle): Promise<{ remoteId: string; created: boolean }> {
    const body = toWooProduct(article, this.options.pricesIncludeTax);
    const existing = await this.productBySku(article.sku);
    if (existing) {
      await this.request('PUT', `products/${existing}`, {}, body);
      return { remoteId: existing, created: false };
    }
    const created = (await this.request('POST', 'products', {}, { type: 'simple', ...body })).body as {
      id?: unknown;
    };
    return { remoteId: String(created.id), created: true };
  }

  async setStock(sku: string, quantity: number): Promise<void> {
    const id = await this.productBySku(sku);
    if (!id)
      throw new ShopApiError(`WooCommerce has no product with SKU ${JSON.stringify(sku)}`, {
        platform: 'woocommerce',
        method: 'GET',
        path: `${this.api.pathname}products?sku=${encodeURIComponent(sku)}`,
        status: 404,
      });
    await this.request('PUT', `products/${id}`, {}, { manage_stock: true, stock_quantity: quantity });
  }

  /**
   * Woo has no "shipped" or "invoiced" status of its own: shipped and completed complete the order (the
   * customer gets Woo's mail), invoiced adds a private order note.
   */
  async setOrderStatus(orderId: string, status: 'shipped' | 'invoiced' | 'completed'): Promise<void> {
    const id = encodeURIComponent(orderId);
    if (status === 'invoiced')
      await this.request(
        'POST',
        `orders/${id}/notes`,
        {},
        { note: 'Gefactureerd in CASH', customer_note: false },
      );
    else await this.request('PUT', `orders/${id}`, {}, { status: 'completed' });
  }

  async listArticles(cursor?: string): Promise<ShopPage<RemoteShopArticle>> {
    const page = await this.page('products', { orderby: 'id', order: 'asc' }, cursor);
    const items = page.items.flatMap((p) => fromWooProduct(p as Record<string, unknown>) ?? []);
    return page.next ? { items, next: page.next } : { items };
  }

  private async productBySku(sku: string): Promise<string | undefined> {
    const answer = (await this.request('GET', 'products', { sku })).body;
    const found = Array.isArray(answer) ? (answer as Array<{ id?: unknown; sku?: unknown }>) : [];
    // `sku=` matches exactly in Woo, but a plugin may widen it: take only the exact one.
    const match = found.find((p) => p.sku === sku);
    return match ? String(match.id) : undefined;
  }

  private async page(
    resource: string,
    params: Record<string, string>,
    cursor: string | undefined,
  ): Promise<ShopPage<unknown>> {
    const page = cursor && /^\d+$/.test(cursor) ? Number(cursor) : 1;
    const answer = await this.request('GET', resource, {
      ...params,
      per_page: String(PER_PAGE),
      page: String(page),
    });
    const items = Array.isArray(answer.body) ? answer.body : [];
    const nextLink = linkOf(answer.headers.get('link'), 'next')?.searchParams.get('page');
    const totalPages = Number(answer.headers.get('x-wp-totalpages') ?? Number.NaN);
    const next =
      nextLink ?? (Number.isFinite(totalPages) && page < totalPages ? String(page + 1) : undefined);
    // An empty page ends the listing even if the headers say more (rows deleted while paging).
    return next && items.length > 0 ? { items, next } : { items };
  }

  private async request(
    method: string,
    resource: string,
    query: Record<string, string> = {},
    body?: unknown,
  ): Promise<{ body: unknown; headers: Headers }> {
    let url = new URL(resource, this.api);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const path = `${url.pathname}${url.search}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.basic) headers.authorization = this.basic;
    else url = signOAuthUrl(method, url, this.options, { now: this.options.now?.() ?? new Date() });
    if (body !== undefined) headers['content-type'] = 'application/json';
    const fail = (message: string, extra: Partial<ShopApiError['details']> = {}, cause?: unknown) =>
      new ShopApiError(
        message,
        { platform: 'woocommerce', method, path, ...extra },
        cause ? { cause } : undefined,
      );
    let response: Response;
    try {
      response = await this.fetch(url, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
        redirect: 'error',
      });
    } catch (error) {
      throw fail(`WooCommerce ${method} ${path}: no answer (${errorMessage(error)})`, {}, error);
    }
    let text: string;
    try {
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      const bytes = await readAtMost(
        response.body ?? undefined,
        this.options.maxResponseBytes ?? 8 * 1024 * 1024,
        Number.isFinite(declared) ? declared : undefined,
      );
      text = Buffer.from(bytes).toString('utf8');
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        throw fail(`WooCommerce ${method} ${path}: answer too large (${error.message})`, {
          status: response.status,
          code: 'too-large',
        });
      throw fail(`WooCommerce ${method} ${path}: answer cut off (${errorMessage(error)})`, {}, error);
    }
    if (!response.ok) throw this.refusal(method, path, response, text);
    try {
      return { body: text === '' ? null : JSON.parse(text), headers: response.headers };
    } catch (error) {
      throw fail(
        `WooCommerce ${method} ${path}: the answer is not JSON`,
        {
          status: response.status,
          answer: text,
          // A 200 with HTML is a security plugin or a maintenance page: not ours to retry forever.
          code: 'not-json',
        },
        error,
      );
    }
  }

  private refusal(method: string, path: string, response: Response, text: string): ShopApiError {
    let code: string | undefined;
    let message: string | undefined;
    try {
      const parsed = JSON.parse(text) as { code?: unknown; message?: unknown };
      if (typeof parsed.code === 'string') code = parsed.code;
      if (typeof parsed.message === 'string') message = parsed.message;
    } catch {
      // Not JSON (a proxy's page): the truncated body is the answer.
    }
    const status = response.status;
    const retryAfterMs = retryAfterOf(
      response.headers.get('retry-after'),
      this.options.now?.() ?? new Date(),
    );
    const said = message ? `: ${message}` : '';
    const text401 =
      status === 401 || status === 403
        ? ' (the consumer key is wrong, revoked or lacks Read/Write permission; on Apache, Basic auth may need CGIPassAuth On)'
        : '';
    return new ShopApiError(
      `WooCommerce ${method} ${path} answered ${status}${code ? ` ${code}` : ''}${said}${text401}`,
      {
        platform: 'woocommerce',
        method,
        path,
        status,
        ...(code ? { code } : {}),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        answer: text,
      },
    );
  }
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now. */
export function retryAfterOf(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
