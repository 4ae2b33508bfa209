import type { ParsedShopOrder, ShopPlatformName } from './shop-order.ts';

/**
 * What a platform's module gives the shared webshop code: pure parsing and webhook checks (this file), and a
 * client of the platform's REST API (`ShopClient`). One implementation per platform in `lib/webshop/<platform>/`.
 */
export interface ShopPlatform {
  name: ShopPlatformName;
  /**
   * Order payloads as the platform's REST API (or its webhook) returns them: one order, an array, or the
   * platform's list envelope (`{items:[…]}`, `{orders:[…]}`, `{"order":{…}}`). Never throws: an unreadable
   * order is a `ParsedShopOrder` with findings and no `order`.
   */
  parseOrders(payload: unknown, context: { shop: string }): ParsedShopOrder[];
  /**
   * Checks a webhook delivery on its raw body (never re-serialised JSON); platforms without webhooks answer
   * `{ ok: false, reason: 'no webhooks' }`.
   */
  verifyWebhook(delivery: WebhookDelivery): WebhookVerdict;
}

export interface WebhookDelivery {
  rawBody: Buffer;
  /** Header names lower-cased. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The webhook's shared secret (from Secrets Manager). */
  secret: string;
  /** Request time as the platform signs it (CCV Shop's `x-date`) is checked against this, ± `maxSkewMs`. */
  now: Date;
  maxSkewMs?: number;
}

export type WebhookVerdict =
  | {
      ok: true;
      /** The platform's topic/event (`order.updated`, `orders/updated`), when it says. */
      topic?: string;
      /** The platform's delivery id, for the log only: never a dedupe key (WooCommerce repeats them). */
      deliveryId?: string;
      /** A ping/test delivery that carries no order (WooCommerce's `webhook_id=<n>`): answer 200, do nothing. */
      ping?: boolean;
    }
  | { ok: false; reason: 'unsigned' | 'bad-signature' | 'stale' | 'no webhooks'; message: string };

/** An article as the shop gets it from CASH (the change feed), mapped per tenant (price list, tax class, category). */
export interface ShopArticle {
  /** CASH article code: the shop's SKU. */
  sku: string;
  ean?: string;
  description: string;
  /** Price excl. VAT and incl. VAT, both: the platform takes the one its tax setting expects. */
  priceExclCents: number;
  priceInclCents: number;
  /** The platform's tax class / tax rule id / VAT rate the tenant's mapping gives for the CASH VAT code. */
  taxClass?: string;
  ratePercent?: string;
  /** The platform's category the article group maps to. */
  category?: string;
  stock?: number;
  /** Blocked / not for sale in CASH: the shop hides it rather than deleting it. */
  active: boolean;
}

/** An article as the shop holds it (for the reconcile), with the platform's id. */
export interface RemoteShopArticle extends ShopArticle {
  remoteId: string;
}

/** One page of a listing; `next` is the opaque cursor of the following page, absent on the last one. */
export interface ShopPage<T> {
  items: T[];
  next?: string;
}

/**
 * The platform's REST API as the connector uses it. Implementations speak the real protocol (auth, signing,
 * paging, rate limits) over HTTP; errors are `ShopApiError` (see shop-api-error.ts).
 */
export interface ShopClient {
  /**
   * Orders created or changed at or after `since` (ISO), one page at a time, oldest first where the platform can
   * sort; the raw JSON of each order as the API returns it (the caller parses with `ShopPlatform.parseOrders`).
   */
  listOrders(query: { since?: string; cursor?: string }): Promise<ShopPage<unknown>>;
  getOrder(orderId: string): Promise<unknown>;
  /** Creates the article (by SKU) or updates it; answers the platform's id. */
  upsertArticle(article: ShopArticle): Promise<{ remoteId: string; created: boolean }>;
  setStock(sku: string, quantity: number): Promise<void>;
  /** Where the platform can take it: the order shipped/invoiced in CASH. */
  setOrderStatus?(orderId: string, status: 'shipped' | 'invoiced' | 'completed'): Promise<void>;
  listArticles(cursor?: string): Promise<ShopPage<RemoteShopArticle>>;
}
