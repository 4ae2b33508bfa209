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
import {
  decodeCursor,
  encodeCursor,
  jsonLanguageValue,
  listOf,
  prestashopMessage,
  slug,
} from './prestashop-answers.ts';
import { DEFAULT_STATUS_STATES, type PrestashopStatusStates } from './prestashop-states.ts';
import { buildPrestashopXml, readPrestashopXml, withLanguageValue } from './prestashop-xml.ts';

export interface PrestashopClientOptions {
  /** The shop's origin, e.g. `https://shop.example.nl` (the webservice is under `/api`). */
  baseUrl: string;
  /** The webservice key (32 characters), sent as the Basic user with an empty password. */
  webserviceKey: string;
  /** Multistore: the shop the requests are for (`id_shop`). */
  shopId?: string;
  /** The language multilang fields (product name) are written in. */
  languageId?: string;
  /** The shop's time zone: PrestaShop's dates are local time without a zone. */
  timeZone?: string;
  /** New products land in this category (2 = Home on a fresh install). */
  defaultCategoryId?: string;
  statusStates?: PrestashopStatusStates;
  pageSize?: number;
  timeoutMs?: number;
  maxResponseBytes?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

const EPOCH = '1970-01-01 00:00:00';
/** Fields PrestaShop answers on a product but refuses on PUT. */
const READ_ONLY_PRODUCT_FIELDS = [
  'manufacturer_name',
  'quantity',
  'position_in_category',
  'id_default_image',
];

/**
 * PrestaShop webservice client (JSON reads, XML writes). Delta: `filter[date_upd]=[a,b]&date=1`, where the
 * upper bound's day is excluded (PrestaShop#10822), so the bound is pushed two days out and the lower bound
 * is checked here again; pages are keyset (`date_upd`, id) so an order changed while paging is not skipped.
 */
export class PrestashopClient implements ShopClient {
  private readonly http: ShopHttp;
  private readonly pageSize: number;
  private readonly now: () => number;

  constructor(private readonly options: PrestashopClientOptions) {
    this.http = new ShopHttp({
      platform: 'prestashop',
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      fetch: options.fetch,
    });
    this.pageSize = options.pageSize ?? 50;
    this.now = options.now ?? Date.now;
  }

  async listOrders(query: { since?: string; cursor?: string }): Promise<ShopPage<unknown>> {
    const cursor = query.cursor
      ? decodeCursor(query.cursor)
      : { since: query.since ? this.localTime(query.since) : EPOCH, seen: [] };
    const upper = this.localTime(new Date(this.now() + 2 * 86_400_000).toISOString()).slice(0, 10);
    const answer = await this.get('/api/orders', {
      display: 'full',
      'filter[date_upd]': `[${cursor.since},${upper} 23:59:59]`,
      date: '1',
      sort: '[date_upd_ASC,id_ASC]',
      limit: `0,${this.pageSize + cursor.seen.length}`,
    });
    const all = listOf(answer, 'orders');
    const fresh = all.filter((order) => {
      const updated = String(order.date_upd ?? '');
      return updated >= cursor.since && !(updated === cursor.since && cursor.seen.includes(String(order.id)));
    });
    const items = fresh.slice(0, this.pageSize);
    await this.attachDocuments(items);
    const last = items.at(-1);
    if (!last || all.length < this.pageSize + cursor.seen.length) return { items };
    const lastUpdated = String(last.date_upd);
    const seen = items
      .filter((order) => String(order.date_upd) === lastUpdated)
      .map((order) => String(order.id));
    return {
      items,
      next: encodeCursor({
        since: lastUpdated,
        seen: lastUpdated === cursor.since ? [...cursor.seen, ...seen] : seen,
      }),
    };
  }

  async getOrder(orderId: string): Promise<unknown> {
    const answer = await this.get(`/api/orders/${encodeURIComponent(orderId)}`, {});
    const order = isObject(answer) && isObject(answer.order) ? answer.order : undefined;
    if (order) await this.attachDocuments([order]);
    return answer;
  }

  async upsertArticle(article: ShopArticle): Promise<{ remoteId: string; created: boolean }> {
    const existingId = await this.productIdBySku(article.sku);
    const language = this.options.languageId ?? '1';
    const template = existingId
      ? await this.getXml(`/api/products/${existingId}`)
      : await this.getXml('/api/products', { schema: 'blank' });
    const product = template.resource;
    for (const field of READ_ONLY_PRODUCT_FIELDS) delete product[field];
    Object.assign(product, {
      reference: article.sku,
      ean13: article.ean ?? '',
      // PrestaShop's product price is always excl. VAT; the tax rules group adds the VAT.
      price: centsToDecimal(article.priceExclCents),
      active: article.active ? '1' : '0',
      state: '1',
      name: withLanguageValue(product.name, language, article.description),
    });
    if (article.taxClass !== undefined) product.id_tax_rules_group = article.taxClass;
    if (!existingId) {
      Object.assign(product, {
        id: '',
        id_category_default: article.category ?? this.options.defaultCategoryId ?? '2',
        link_rewrite: withLanguageValue(product.link_rewrite, language, slug(article.sku)),
        minimal_quantity: '1',
        available_for_order: '1',
        show_price: '1',
        visibility: 'both',
      });
    }
    const saved = existingId
      ? await this.sendXml('PUT', `/api/products/${existingId}`, 'product', product)
      : await this.sendXml('POST', '/api/products', 'product', product);
    const remoteId =
      isObject(saved) && isObject(saved.product) ? String(saved.product.id) : (existingId ?? '');
    if (article.stock !== undefined) await this.setStockOf(remoteId, article.stock);
    return { remoteId, created: existingId === undefined };
  }

  async setStock(sku: string, quantity: number): Promise<void> {
    const productId = await this.productIdBySku(sku);
    if (!productId) {
      throw new ShopApiError(`prestashop has no product with reference ${JSON.stringify(sku.slice(0, 40))}`, {
        platform: 'prestashop',
        method: 'GET',
        path: '/api/products',
        status: 404,
      });
    }
    await this.setStockOf(productId, quantity);
  }

  /** A new order history row moves `current_state` (and sends PrestaShop's own mails). */
  async setOrderStatus(orderId: string, status: 'shipped' | 'invoiced' | 'completed'): Promise<void> {
    // PrestaShop invoices when the payment is accepted: there is no separate "invoiced" state to set.
    if (status === 'invoiced') return;
    const states = this.options.statusStates ?? DEFAULT_STATUS_STATES;
    const wanted = String(status === 'shipped' ? states.shipped : states.completed);
    const current = await this.get(`/api/orders/${encodeURIComponent(orderId)}`, {});
    if (isObject(current) && isObject(current.order) && String(current.order.current_state) === wanted)
      return;
    await this.sendXml('POST', '/api/order_histories', 'order_history', {
      id_order: orderId,
      id_order_state: wanted,
    });
  }

  async listArticles(cursor?: string): Promise<ShopPage<RemoteShopArticle>> {
    const offset = cursor ? Number(cursor) : 0;
    const answer = await this.get('/api/products', {
      display: '[id,reference,ean13,price,active,id_tax_rules_group,name]',
      sort: '[id_ASC]',
      limit: `${offset},${this.pageSize}`,
    });
    const products = listOf(answer, 'products');
    const stock = await this.stockByProduct(products.map((product) => String(product.id)));
    const language = this.options.languageId ?? '1';
    const items = products.map((product): RemoteShopArticle => {
      const price = decimalToCents(product.price);
      const cents = price.ok ? price.cents : 0;
      return {
        remoteId: String(product.id),
        sku: String(product.reference ?? ''),
        ean: typeof product.ean13 === 'string' && product.ean13 !== '' ? product.ean13 : undefined,
        description: jsonLanguageValue(product.name, language),
        // The webservice holds the price excl. VAT; incl. needs the tax rules, which the reconcile compares by class.
        priceExclCents: cents,
        priceInclCents: cents,
        taxClass: product.id_tax_rules_group === undefined ? undefined : String(product.id_tax_rules_group),
        stock: stock.get(String(product.id)),
        active: String(product.active) === '1',
      };
    });
    return { items, next: products.length === this.pageSize ? String(offset + this.pageSize) : undefined };
  }

  private async setStockOf(productId: string, quantity: number): Promise<void> {
    const answer = await this.get('/api/stock_availables', {
      display: '[id]',
      'filter[id_product]': `[${productId}]`,
      'filter[id_product_attribute]': '[0]',
    });
    const stockId = listOf(answer, 'stock_availables')[0]?.id;
    if (stockId === undefined) {
      throw new ShopApiError(`prestashop has no stock_available for product ${productId}`, {
        platform: 'prestashop',
        method: 'GET',
        path: '/api/stock_availables',
        status: 404,
      });
    }
    const stock = await this.getXml(`/api/stock_availables/${stockId}`);
    stock.resource.quantity = String(Math.trunc(quantity));
    await this.sendXml('PUT', `/api/stock_availables/${stockId}`, 'stock_available', stock.resource);
  }

  private async stockByProduct(productIds: string[]): Promise<Map<string, number>> {
    if (productIds.length === 0) return new Map();
    const answer = await this.get('/api/stock_availables', {
      display: '[id_product,id_product_attribute,quantity]',
      'filter[id_product]': `[${productIds.join('|')}]`,
      'filter[id_product_attribute]': '[0]',
    });
    return new Map(
      listOf(answer, 'stock_availables').map((row) => [String(row.id_product), Number(row.quantity)]),
    );
  }

  private async productIdBySku(sku: string): Promise<string | undefined> {
    // A reference with filter syntax in it (`[`, `]`, `|`, `%`) cannot be filtered on exactly: compare here.
    const exact = !/[[\]|%,]/.test(sku);
    const answer = await this.get('/api/products', {
      display: '[id,reference]',
      ...(exact ? { 'filter[reference]': `[${sku}]` } : {}),
    });
    const match = listOf(answer, 'products').find((product) => product.reference === sku);
    return match === undefined ? undefined : String(match.id);
  }

  /** order_details, order_slip, the customer, both addresses (with the country's ISO code) and the currency. */
  private async attachDocuments(orders: JsonObject[]): Promise<void> {
    if (orders.length === 0) return;
    const ids = (key: string, from = orders) => [
      ...new Set(from.map((order) => String(order[key] ?? '')).filter((id) => /^\d+$/.test(id))),
    ];
    const byId = async (resource: string, list: string, wanted: string[], field = 'id') => {
      if (wanted.length === 0) return [] as JsonObject[];
      return listOf(
        await this.get(`/api/${resource}`, {
          display: 'full',
          [`filter[${field}]`]: `[${wanted.join('|')}]`,
        }),
        list,
      );
    };
    const orderIds = ids('id');
    const [details, slips, customers, addresses, currencies] = await Promise.all([
      byId('order_details', 'order_details', orderIds, 'id_order'),
      byId('order_slip', 'order_slips', orderIds, 'id_order'),
      byId('customers', 'customers', ids('id_customer')),
      byId('addresses', 'addresses', [
        ...new Set([...ids('id_address_invoice'), ...ids('id_address_delivery')]),
      ]),
      byId('currencies', 'currencies', ids('id_currency')),
    ]);
    const countries = await byId('countries', 'countries', ids('id_country', addresses));
    for (const address of addresses) {
      address.country_iso_code = countries.find(
        (country) => String(country.id) === String(address.id_country),
      )?.iso_code;
    }
    const find = (list: JsonObject[], id: unknown) => list.find((entry) => String(entry.id) === String(id));
    for (const order of orders) {
      order.order_details = details.filter((detail) => String(detail.id_order) === String(order.id));
      order.order_slip = slips.filter((slip) => String(slip.id_order) === String(order.id));
      order.customer = find(customers, order.id_customer);
      order.invoice_address = find(addresses, order.id_address_invoice);
      order.delivery_address = find(addresses, order.id_address_delivery);
      order.currency = find(currencies, order.id_currency);
    }
  }

  /** Shop-local `YYYY-MM-DD HH:MM:SS` of an ISO time (PrestaShop compares its local times as text). */
  private localTime(iso: string): string {
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) throw new RangeError(`not a time: ${iso.slice(0, 40)}`);
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: this.options.timeZone ?? 'Europe/Amsterdam',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(at);
    const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '00';
    return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
  }

  private get(path: string, query: Record<string, string>): Promise<unknown> {
    return this.request('GET', path, { ...query, output_format: 'JSON' }).then((answer) =>
      this.http.json(answer.request, answer.answer),
    );
  }

  private async getXml(
    path: string,
    query: Record<string, string> = {},
  ): Promise<{ name: string; resource: JsonObject }> {
    const { request, answer } = await this.request('GET', path, query);
    const read = readPrestashopXml(answer.text);
    if (!read)
      throw new ShopApiError('prestashop answered something that is not its XML', {
        platform: 'prestashop',
        method: 'GET',
        path: request.url.pathname,
        status: answer.status,
        answer: answer.text,
      });
    return read;
  }

  private async sendXml(
    method: 'POST' | 'PUT',
    path: string,
    name: string,
    resource: JsonObject,
  ): Promise<unknown> {
    const { request, answer } = await this.request(
      method,
      path,
      { output_format: 'JSON' },
      buildPrestashopXml(name, resource),
    );
    return this.http.json(request, answer);
  }

  private async request(
    method: ShopHttpRequest['method'],
    path: string,
    query: Record<string, string>,
    body?: string,
  ) {
    const url = new URL(path, this.options.baseUrl);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    if (this.options.shopId) url.searchParams.set('id_shop', this.options.shopId);
    const headers: Record<string, string> = {
      authorization: `Basic ${Buffer.from(`${this.options.webserviceKey}:`).toString('base64')}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/xml';
    const request: ShopHttpRequest = { method, url, headers, body };
    const answer = await this.http.exchange(request);
    if (answer.status < 200 || answer.status >= 300)
      throw this.http.failure(request, answer, prestashopMessage(answer.text));
    return { request, answer };
  }
}
