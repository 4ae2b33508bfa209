import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  isObject,
  type JsonObject,
  LocalHttpServer,
  SimulatorRateLimit,
  sendJson,
} from '../platform-kit/index.ts';
import {
  type MagentoOAuthCredentials,
  oauthBaseString,
  oauthSignature,
  parseOAuthHeader,
} from './magento-oauth-signer.ts';
import { type ReadSearchCriteria, readSearchCriteria } from './magento-search-criteria.ts';
import { MagentoSimulatorStore } from './magento-simulator-store.ts';
import { MagentoStoreRefusal } from './magento-store-refusal.ts';

export interface MagentoSimulatorOptions {
  integration: MagentoOAuthCredentials;
  /** `oauth/consumer/enable_integration_as_bearer`: whether the access token alone works as a Bearer token. */
  integrationAsBearer?: boolean;
  /** MSI modules enabled (`/V1/inventory/source-items`); off = only the legacy stockItems. */
  msi?: boolean;
  /** Requests per window before 429 (a proxy in front of Magento; Magento itself has none on admin REST). */
  rateLimit?: { limit: number; windowMs: number };
  now?: () => number;
}

const NO_ROUTE = { message: 'Request does not match any route.' };
const NO_ENTITY = {
  message: "The entity that was requested doesn't exist. Verify the entity and try again.",
};
/** How far an OAuth timestamp may be from the server's clock (Magento's default nonce window is 10 min). */
const TIMESTAMP_WINDOW_S = 600;

/**
 * A local Magento 2 REST API: `/rest/<store>/V1/…` for orders, invoices, credit memos, products, MSI
 * source items and legacy stock items, with Magento's auth (OAuth 1.0a HMAC-SHA256, Bearer only when the
 * store allows it), its error bodies, and its paging quirk (a page past the end answers the last page again).
 */
export class MagentoSimulator {
  readonly store: MagentoSimulatorStore;
  /** Test switch: every `/V1/orders` search answers 500 while set. */
  failSearches = false;
  private readonly server = new LocalHttpServer((req, body, res) => this.handle(req, body, res));
  private readonly limiter: SimulatorRateLimit | undefined;
  private readonly usedNonces = new Set<string>();
  private readonly now: () => number;
  readonly requests: Array<{ method: string; path: string }> = [];

  constructor(private readonly options: MagentoSimulatorOptions) {
    this.now = options.now ?? Date.now;
    this.store = new MagentoSimulatorStore(this.now);
    this.limiter = options.rateLimit
      ? new SimulatorRateLimit(options.rateLimit.limit, options.rateLimit.windowMs, this.now)
      : undefined;
  }

  /** Listens on 127.0.0.1; answers the origin the client's `baseUrl` takes. */
  start(port = 0): Promise<string> {
    return this.server.start(port);
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  private async handle(req: IncomingMessage, body: string, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname });
    const route = /^\/rest\/([a-z0-9_]+)\/V1\/(.+)$/.exec(url.pathname);
    if (!route) return sendJson(res, 404, NO_ROUTE);
    const refusal = this.authenticate(req, method, url);
    if (refusal) return sendJson(res, 401, refusal);
    const allowed = this.limiter?.take();
    if (allowed?.waitMs !== undefined) {
      return sendJson(
        res,
        429,
        { message: 'Too many requests' },
        { 'retry-after': String(Math.ceil(allowed.waitMs / 1000)) },
      );
    }
    let json: unknown;
    try {
      json = body === '' ? undefined : JSON.parse(body);
    } catch {
      return sendJson(res, 400, { message: 'Decoding error: Syntax error' });
    }
    try {
      const answer = this.route(method, route[2] as string, url.searchParams, json);
      if (answer === undefined) return sendJson(res, 404, NO_ROUTE);
      return sendJson(res, answer.status, answer.body);
    } catch (error) {
      if (error instanceof MagentoStoreRefusal) return sendJson(res, 400, { message: error.message });
      throw error;
    }
  }

  /** Magento's answer to bad credentials, or undefined when the request may pass. */
  private authenticate(req: IncomingMessage, method: string, url: URL): JsonObject | undefined {
    const header = req.headers.authorization;
    const unauthorized = {
      message: "The consumer isn't authorized to access %resources.",
      parameters: { resources: 'Magento_Sales::sales' },
    };
    const { integration } = this.options;
    if (header?.startsWith('Bearer ')) {
      const allowed =
        this.options.integrationAsBearer === true && same(header.slice(7), integration.accessToken);
      return allowed ? undefined : unauthorized;
    }
    const params = parseOAuthHeader(header);
    if (!params) return unauthorized;
    if (
      params.oauth_consumer_key !== integration.consumerKey ||
      params.oauth_token !== integration.accessToken
    ) {
      return { message: 'The consumer key or token is invalid.' };
    }
    if (params.oauth_signature_method !== 'HMAC-SHA256') {
      return {
        message: 'The signature method %1 is not supported.',
        parameters: [params.oauth_signature_method ?? ''],
      };
    }
    const timestamp = Number(params.oauth_timestamp);
    if (!Number.isFinite(timestamp) || Math.abs(timestamp - this.now() / 1000) > TIMESTAMP_WINDOW_S) {
      return { message: 'The timestamp is out of range.' };
    }
    const { oauth_signature: signature, ...signed } = params;
    const expected = oauthSignature(
      oauthBaseString(method, url, signed),
      integration.consumerSecret,
      integration.accessTokenSecret,
    );
    if (signature === undefined || !same(signature, expected))
      return { message: 'The signature is invalid. Verify and try again.' };
    const nonce = `${params.oauth_nonce}|${params.oauth_timestamp}`;
    if (this.usedNonces.has(nonce))
      return { message: 'The nonce is already being used by the consumer with ID %1.', parameters: ['1'] };
    this.usedNonces.add(nonce);
    return undefined;
  }

  private route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
  ): { status: number; body: unknown } | undefined {
    const store = this.store;
    const ok = (answer: unknown) => ({ status: 200, body: answer });
    if (method === 'GET' && path === 'orders') {
      if (this.failSearches)
        return {
          status: 500,
          body: { message: 'Internal Error. Details are available in Magento log file.' },
        };
      return ok(search(store.orders, readSearchCriteria(query)));
    }
    if (method === 'GET' && (path === 'invoices' || path === 'creditmemos')) {
      return ok(search(path === 'invoices' ? store.invoices : store.creditmemos, readSearchCriteria(query)));
    }
    const order = /^orders\/(\d+)$/.exec(path);
    if (method === 'GET' && order) {
      const found = store.order(Number(order[1]));
      return found ? ok(found) : { status: 404, body: NO_ENTITY };
    }
    const action = /^order\/(\d+)\/(invoice|ship)$/.exec(path);
    if (method === 'POST' && action) {
      if (!store.order(Number(action[1]))) return { status: 404, body: NO_ENTITY };
      if (action[2] === 'invoice') return ok(String(store.payOrder(Number(action[1])).entity_id));
      store.ship(Number(action[1]));
      return ok('1');
    }
    if (path === 'products' && method === 'GET') {
      const products = [...store.products.values()].map((product) => this.productView(product));
      return ok(search(products, readSearchCriteria(query)));
    }
    if (path === 'products' && method === 'POST') return this.saveProduct(body, undefined);
    const product = /^products\/([^/]+)$/.exec(path);
    if (product) {
      const sku = decodeURIComponent(product[1] as string);
      const found = store.products.get(sku);
      if (method === 'GET')
        return found ? ok(this.productView(found)) : { status: 404, body: productMissing() };
      if (method === 'PUT') return this.saveProduct(body, sku);
    }
    if (method === 'POST' && path === 'inventory/source-items' && this.options.msi !== false) {
      return this.saveSourceItems(body);
    }
    const stockItem = /^products\/([^/]+)\/stockItems\/(\d+)$/.exec(path);
    if (method === 'PUT' && stockItem) {
      const found = store.products.get(decodeURIComponent(stockItem[1] as string));
      const item = isObject(body) && isObject(body.stockItem) ? body.stockItem : undefined;
      if (!found) return { status: 404, body: productMissing() };
      if (!item || typeof item.qty !== 'number')
        return { status: 400, body: { message: '"stockItem" is required.' } };
      found.quantity = item.qty;
      found.inStock = item.is_in_stock === true || item.is_in_stock === 1;
      return ok(found.id);
    }
    return undefined;
  }

  private saveProduct(body: unknown, sku: string | undefined): { status: number; body: unknown } {
    const product = isObject(body) && isObject(body.product) ? body.product : undefined;
    const productSku = sku ?? (typeof product?.sku === 'string' ? product.sku : undefined);
    if (!product || !productSku)
      return { status: 400, body: { message: '"product" is required. Enter and try again.' } };
    if (sku === undefined && this.store.products.has(productSku)) {
      return { status: 400, body: { message: 'The product was unable to be saved. Please try again.' } };
    }
    return { status: 200, body: this.productView(this.store.saveProduct(productSku, product)) };
  }

  private saveSourceItems(body: unknown): { status: number; body: unknown } {
    const items =
      isObject(body) && Array.isArray(body.sourceItems) ? body.sourceItems.filter(isObject) : undefined;
    if (!items) return { status: 400, body: { message: '"sourceItems" is required. Enter and try again.' } };
    for (const item of items) {
      const found = typeof item.sku === 'string' ? this.store.products.get(item.sku) : undefined;
      if (!found)
        return {
          status: 400,
          body: { message: 'Validation Failed', errors: [{ message: 'Product not found' }] },
        };
      found.quantity = Number(item.quantity);
      found.inStock = item.status === 1;
    }
    return { status: 200, body: [] };
  }

  private productView(product: {
    id: number;
    body: JsonObject;
    quantity: number;
    inStock: boolean;
  }): JsonObject {
    return {
      ...product.body,
      extension_attributes: {
        stock_item: { item_id: product.id, qty: product.quantity, is_in_stock: product.inStock },
      },
    };
  }
}

function productMissing(): JsonObject {
  return { message: "The product that was requested doesn't exist. Verify the product and try again." };
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Magento's search: groups AND-ed, filters in a group OR-ed, sorted, then paged; a `currentPage` past the
 * last page is clamped to the last page (the quirk clients must stop on by `total_count`).
 */
function search(records: readonly JsonObject[], criteria: ReadSearchCriteria): JsonObject {
  const matching = records.filter((record) =>
    criteria.groups.every((group) =>
      group.some((filter) => matches(record[filter.field], filter.condition, filter.value)),
    ),
  );
  const sorted = [...matching].sort((a, b) => {
    for (const { field, direction } of criteria.sorts) {
      const order = compareValues(a[field], b[field]);
      if (order !== 0) return direction === 'ASC' ? order : -order;
    }
    return 0;
  });
  const pageSize = criteria.pageSize ?? 20;
  const lastPage = Math.max(1, Math.ceil(sorted.length / pageSize));
  const page = Math.min(Math.max(1, criteria.currentPage ?? 1), lastPage);
  return {
    items: structuredClone(sorted.slice((page - 1) * pageSize, page * pageSize)),
    search_criteria: { filter_groups: [], page_size: pageSize, current_page: criteria.currentPage ?? 1 },
    total_count: sorted.length,
  };
}

function matches(value: unknown, condition: string, wanted: string): boolean {
  const text = value === undefined || value === null ? '' : String(value);
  switch (condition) {
    case 'eq':
      return text === wanted;
    case 'in':
      return wanted.split(',').includes(text);
    case 'gteq':
      return compareValues(value, wanted) >= 0;
    case 'gt':
      return compareValues(value, wanted) > 0;
    case 'lteq':
      return compareValues(value, wanted) <= 0;
    case 'lt':
      return compareValues(value, wanted) < 0;
    default:
      return false;
  }
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && (typeof b === 'number' || /^\d+$/.test(String(b)))) return a - Number(b);
  const left = String(a ?? '');
  const right = String(b ?? '');
  return left < right ? -1 : left > right ? 1 : 0;
}
