import type { RemoteShopArticle, ShopArticle } from '../shop-platform.ts';
import { centsToWooDecimal, wooDecimalToCents } from './woo-money.ts';

/** The fields of a WooCommerce product (`/wp-json/wc/v3/products`) that CASH keeps. */
export interface WooProductBody {
  sku: string;
  name: string;
  type?: 'simple';
  regular_price: string;
  tax_status: 'taxable';
  tax_class: string;
  /** WooCommerce 9.2+: GTIN, UPC, EAN or ISBN. */
  global_unique_id?: string;
  /** `private` hides a blocked article from customers without deleting it (orders keep their product). */
  status: 'publish' | 'private';
  manage_stock?: boolean;
  stock_quantity?: number;
  categories?: Array<{ id: number }>;
}

/**
 * A CASH article as a WooCommerce product. The shop takes one price, incl. or excl. VAT as its "prices entered
 * with tax" setting says; the category is the shop's category id (the tenant's mapping gives it).
 */
export function toWooProduct(article: ShopArticle, pricesIncludeTax: boolean): WooProductBody {
  const body: WooProductBody = {
    sku: article.sku,
    name: article.description,
    regular_price: centsToWooDecimal(pricesIncludeTax ? article.priceInclCents : article.priceExclCents),
    tax_status: 'taxable',
    tax_class: article.taxClass ?? '',
    status: article.active ? 'publish' : 'private',
  };
  if (article.ean) body.global_unique_id = article.ean;
  if (article.stock !== undefined) {
    body.manage_stock = true;
    body.stock_quantity = article.stock;
  }
  if (article.category && /^\d+$/.test(article.category))
    body.categories = [{ id: Number(article.category) }];
  return body;
}

/**
 * A WooCommerce product as the reconcile compares it. The shop holds one price: it stands in both price
 * fields, and the connector compares only the one the shop takes.
 */
export function fromWooProduct(product: Record<string, unknown>): RemoteShopArticle | undefined {
  const sku = typeof product.sku === 'string' ? product.sku : '';
  if (!sku) return undefined;
  const price = wooDecimalToCents(product.regular_price) ?? 0;
  const categories = Array.isArray(product.categories) ? (product.categories as Array<{ id?: unknown }>) : [];
  const article: RemoteShopArticle = {
    remoteId: String(product.id),
    sku,
    description: typeof product.name === 'string' ? product.name : '',
    priceExclCents: price,
    priceInclCents: price,
    active: product.status === 'publish',
  };
  if (typeof product.tax_class === 'string') article.taxClass = product.tax_class;
  if (typeof product.global_unique_id === 'string' && product.global_unique_id)
    article.ean = product.global_unique_id;
  if (product.manage_stock === true && typeof product.stock_quantity === 'number')
    article.stock = product.stock_quantity;
  const category = categories[0]?.id;
  if (category !== undefined) article.category = String(category);
  return article;
}
