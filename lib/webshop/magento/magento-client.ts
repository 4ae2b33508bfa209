import {
  centsToDecimal,
  decimalToCents,
  isObject,
  type JsonObject,
  ShopHttp,
  type ShopHttpRequest,
} from '../platform-kit/index.ts';
import { ShopApiError } from '../shop-api-error.ts';
import type { RemoteShopArticle, ShopArticle, ShopClient, ShopPage } from '../shop-platform.ts';
import { type MagentoOAuthCredentials, MagentoOAuthSigner } from './magento-oauth-signer.ts';
import { magentoTime, SearchCriteria } from './magento-search-criteria.ts';

export type MagentoAuth =
  /** Integration access token as Bearer: only when the store sets `oauth/consumer/enable_integration_as_bearer`. */
  | { kind: 'bearer'; accessToken: string }
  /** The integration's four values, every request signed (OAuth 1.0a, HMAC-SHA256): Magento ≥ 2.4.4's default. */
  | ({ kind: 'oauth1' } & MagentoOAuthCredentials);

export interface MagentoClientOptions {
  /** The shop's origin, e.g. `https://shop.example.nl` (the REST API is under `/rest/<store>/V1`). */
  baseUrl: string;
  auth: MagentoAuth;
  /** Store view code for reads (`default`); product and stock writes go to `all` (the global scope). */
  storeCode?: string;
  /** MSI source the stock is written to. */
  sourceCode?: string;
  /** Whether the catalog's prices include VAT (Stores › Configuration › Sales › Tax › Catalog Prices). */
  catalogPricesIncludeVat?: boolean;
  /** Magento's attribute set for new products (4 = Default). */
  attributeSetId?: number;
  pageSize?: number;
  timeoutMs?: number;
  maxResponseBytes?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

interface OrdersCursor {
  since?: string;
  page: number;
}

/**
 * Magento 2 / Adobe Commerce REST client. Paging follows Magento's rule, not the page's length: past the last
 * page Magento answers the last page again, so a page is the last when `pageSize × currentPage ≥ total_count`.
 */
export class MagentoClient implements ShopClient {
  private readonly http: ShopHttp;
  private readonly signer: MagentoOAuthSigner | undefined;
  private readonly pageSize: number;
  /** Set after `/V1/inventory/source-items` answered 404 (MSI disabled): stock goes to the legacy stockItems. */
  private msiMissing = false;

  constructor(private readonly options: MagentoClientOptions) {
    this.http = new ShopHttp({
      platform: 'magento',
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      fetch: options.fetch,
    });
    this.signer =
      options.auth.kind === 'oauth1'
        ? new MagentoOAuthSigner(options.auth, options.now ?? Date.now)
        : undefined;
    this.pageSize = options.pageSize ?? 100;
  }

  /** Orders with `updated_at ≥ since` (UTC), oldest first; invoices and credit memos attached to each. */
  async listOrders(query: { since?: string; cursor?: string }): Promise<ShopPage<unknown>> {
    const cursor: OrdersCursor = query.cursor ? decodeCursor(query.cursor) : { since: query.since, page: 1 };
    const criteria = new SearchCriteria().page(this.pageSize, cursor.page).sort('updated_at', 'ASC');
    criteria.sort('entity_id', 'ASC');
    if (cursor.since) criteria.filter('updated_at', magentoTime(cursor.since), 'gteq');
    const answer = await this.get('/V1/orders', criteria.toQuery());
    const { items, more } = this.pageOf(answer, cursor.page);
    await this.attachDocuments(items);
    return { items, next: more ? encodeCursor({ ...cursor, page: cursor.page + 1 }) : undefined };
  }

  async getOrder(orderId: string): Promise<unknown> {
    const order = await this.get(`/V1/orders/${encodeURIComponent(orderId)}`);
    if (isObject(order)) await this.attachDocuments([order]);
    return order;
  }

  async upsertArticle(article: ShopArticle): Promise<{ remoteId: string; created: boolean }> {
    const path = `/V1/products/${encodeURIComponent(article.sku)}`;
    const existing = await this.get(path, undefined, 'all').catch((error: unknown) => {
      if (error instanceof ShopApiError && error.details.status === 404) return undefined;
      throw error;
    });
    const product = this.productBody(article, existing === undefined);
    const saved = existing
      ? await this.send('PUT', path, { product }, 'all')
      : await this.send('POST', '/V1/products', { product }, 'all');
    if (article.stock !== undefined) await this.setStock(article.sku, article.stock);
    return { remoteId: String(isObject(saved) ? saved.id : ''), created: existing === undefined };
  }

  async setStock(sku: string, quantity: number): Promise<void> {
    const inStock = quantity > 0;
    if (!this.msiMissing) {
      try {
        const sourceItems = [
          { sku, source_code: this.options.sourceCode ?? 'default', quantity, status: inStock ? 1 : 0 },
        ];
        await this.send('POST', '/V1/inventory/source-items', { sourceItems }, 'all');
        return;
      } catch (error) {
        if (!(error instanceof ShopApiError && error.details.status === 404)) throw error;
        this.msiMissing = true;
      }
    }
    // Without MSI: the legacy CatalogInventory item (stock id 1, the default stock).
    const path = `/V1/products/${encodeURIComponent(sku)}/stockItems/1`;
    await this.send('PUT', path, { stockItem: { qty: quantity, is_in_stock: inStock } }, 'all');
  }

  /** Shipped → a shipment; invoiced → an invoice (captured); completed → both, each skipped when done. */
  async setOrderStatus(orderId: string, status: 'shipped' | 'invoiced' | 'completed'): Promise<void> {
    const id = encodeURIComponent(orderId);
    if (status === 'invoiced' || status === 'completed') {
      await this.alreadyDone(this.send('POST', `/V1/order/${id}/invoice`, { capture: true, notify: false }));
    }
    if (status === 'shipped' || status === 'completed') {
      await this.alreadyDone(this.send('POST', `/V1/order/${id}/ship`, { notify: false }));
    }
  }

  async listArticles(cursor?: string): Promise<ShopPage<RemoteShopArticle>> {
    const page = cursor ? Number(cursor) : 1;
    const criteria = new SearchCriteria().page(this.pageSize, page).sort('entity_id', 'ASC');
    const answer = await this.get('/V1/products', criteria.toQuery(), 'all');
    const { items, more } = this.pageOf(answer, page);
    return {
      items: items.map((product) => this.remoteArticle(product)),
      next: more ? String(page + 1) : undefined,
    };
  }

  private pageOf(answer: unknown, page: number): { items: JsonObject[]; more: boolean } {
    if (!isObject(answer) || !Array.isArray(answer.items) || typeof answer.total_count !== 'number') {
      throw new ShopApiError('magento answered a search without items/total_count', {
        platform: 'magento',
        method: 'GET',
        path: 'search',
        answer: JSON.stringify(answer),
      });
    }
    const items = answer.items.filter(isObject);
    return { items, more: items.length > 0 && this.pageSize * page < answer.total_count };
  }

  /** One search per document type for the whole page, by `order_id in (…)`. */
  private async attachDocuments(orders: JsonObject[]): Promise<void> {
    const ids = orders.map((order) => String(order.entity_id));
    if (ids.length === 0) return;
    for (const kind of ['invoices', 'creditmemos'] as const) {
      const wanted = orders.filter(
        (order) => Number(order[kind === 'invoices' ? 'total_invoiced' : 'total_refunded']) > 0,
      );
      if (wanted.length === 0) continue;
      const criteria = new SearchCriteria().filter(
        'order_id',
        wanted.map((o) => String(o.entity_id)).join(','),
        'in',
      );
      criteria.page(300, 1);
      const answer = await this.get(`/V1/${kind}`, criteria.toQuery());
      const documents = isObject(answer) && Array.isArray(answer.items) ? answer.items.filter(isObject) : [];
      for (const order of wanted) {
        order[kind] = documents.filter((document) => String(document.order_id) === String(order.entity_id));
      }
    }
  }

  private productBody(article: ShopArticle, creating: boolean): JsonObject {
    const price = this.options.catalogPricesIncludeVat ? article.priceInclCents : article.priceExclCents;
    const customAttributes: JsonObject[] = [];
    if (article.taxClass !== undefined)
      customAttributes.push({ attribute_code: 'tax_class_id', value: article.taxClass });
    if (article.ean !== undefined) customAttributes.push({ attribute_code: 'ean', value: article.ean });
    return {
      sku: article.sku,
      name: article.description,
      price: Number(centsToDecimal(price)),
      status: article.active ? 1 : 2,
      ...(creating
        ? { type_id: 'simple', attribute_set_id: this.options.attributeSetId ?? 4, visibility: 4 }
        : {}),
      ...(customAttributes.length > 0 ? { custom_attributes: customAttributes } : {}),
    };
  }

  private remoteArticle(product: JsonObject): RemoteShopArticle {
    const reading = decimalToCents(product.price ?? 0);
    const price = reading.ok ? reading.cents : 0;
    const attributes = Array.isArray(product.custom_attributes)
      ? product.custom_attributes.filter(isObject)
      : [];
    const attribute = (code: string) => {
      const value = attributes.find((entry) => entry.attribute_code === code)?.value;
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    };
    const extension = isObject(product.extension_attributes) ? product.extension_attributes : {};
    const stockItem = isObject(extension.stock_item) ? extension.stock_item : undefined;
    return {
      remoteId: String(product.id),
      sku: String(product.sku),
      ean: attribute('ean'),
      description: typeof product.name === 'string' ? product.name : '',
      // Magento holds one price, in the catalog's tax setting; the other is not known without the tax rules.
      priceExclCents: price,
      priceInclCents: price,
      taxClass: attribute('tax_class_id'),
      stock: typeof stockItem?.qty === 'number' ? stockItem.qty : undefined,
      active: product.status === 1,
    };
  }

  private async alreadyDone(call: Promise<unknown>): Promise<void> {
    try {
      await call;
    } catch (error) {
      // Magento refuses a second invoice/shipment with 400 ("does not allow …"): the order is already there.
      if (
        error instanceof ShopApiError &&
        error.details.status === 400 &&
        /allow/i.test(error.details.code ?? '')
      ) {
        return;
      }
      throw error;
    }
  }

  private get(path: string, query?: URLSearchParams, store?: string): Promise<unknown> {
    return this.request('GET', path, query, undefined, store);
  }

  private send(method: 'POST' | 'PUT', path: string, body: unknown, store?: string): Promise<unknown> {
    return this.request(method, path, undefined, JSON.stringify(body), store);
  }

  private async request(
    method: ShopHttpRequest['method'],
    path: string,
    query: URLSearchParams | undefined,
    body: string | undefined,
    store = this.options.storeCode ?? 'default',
  ): Promise<unknown> {
    const url = new URL(`/rest/${encodeURIComponent(store)}${path}`, this.options.baseUrl);
    if (query) url.search = query.toString();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    headers.authorization =
      this.options.auth.kind === 'bearer'
        ? `Bearer ${this.options.auth.accessToken}`
        : (this.signer as MagentoOAuthSigner).authorization(method, url);
    const request: ShopHttpRequest = { method, url, headers, body };
    const answer = await this.http.exchange(request);
    if (answer.status >= 200 && answer.status < 300) return this.http.json(request, answer);
    throw this.http.failure(request, answer, magentoMessage(answer.text));
  }
}

/** Magento's error body `{message, parameters}` with `%name` / `%1` placeholders filled in. */
function magentoMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    if (!isObject(body) || typeof body.message !== 'string') return undefined;
    const parameters = body.parameters;
    return body.message.replace(/%(\w+)/g, (whole, name: string) => {
      const value = Array.isArray(parameters)
        ? parameters[Number(name) - 1]
        : isObject(parameters)
          ? parameters[name]
          : undefined;
      return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
    });
  } catch {
    return undefined;
  }
}

function encodeCursor(cursor: OrdersCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): OrdersCursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (isObject(cursor) && Number.isInteger(cursor.page) && (cursor.page as number) > 0) {
      return {
        page: cursor.page as number,
        since: typeof cursor.since === 'string' ? cursor.since : undefined,
      };
    }
  } catch {
    // falls through to the error below
  }
  throw new ShopApiError('magento: the order cursor is not one this client made', {
    platform: 'magento',
    method: 'GET',
    path: '/V1/orders',
    status: 400,
  });
}
