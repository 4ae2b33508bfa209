import { createHash } from 'node:crypto';
import type { ChangeEventOfType } from '../../../events/change-event.ts';
import { DeliveryError } from '../../outbound/delivery-target.ts';
import type { ShopArticle } from '../shop-platform.ts';
import type { ShopSettings } from './shop-connector-settings.ts';

type ArticleData = ChangeEventOfType<'article.changed'>['data'];

/** Whether the tenant's mapping sends this article group to the shop. */
export function isForShop(shop: ShopSettings, group: string | undefined): boolean {
  const groups = shop.articles.groups;
  return groups === undefined || (group !== undefined && groups.includes(group));
}

/**
 * A CASH article as the shop gets it: both prices (incl. from the VAT code's rate, rounded half up per
 * article, in integer cents), the shop's tax class and category from the tenant's mapping.
 */
export function shopArticleOf(shop: ShopSettings, data: ArticleData, active: boolean): ShopArticle {
  const vat = data.vatCode === undefined ? undefined : shop.articles.vatCodes[data.vatCode];
  if (data.vatCode !== undefined && !vat)
    throw new DeliveryError(
      `article ${data.code}: CASH VAT code "${data.vatCode}" has no entry in settings.shops[${shop.name}].articles.vatCodes`,
      false,
    );
  const excl = data.salesPriceCents ?? 0;
  const article: ShopArticle = {
    sku: data.code,
    description: data.description,
    priceExclCents: excl,
    priceInclCents: vat ? excl + vatOf(excl, vat.ratePercent) : excl,
    active,
  };
  if (data.gtin) article.ean = data.gtin;
  if (vat) {
    article.taxClass = vat.taxClass;
    article.ratePercent = vat.ratePercent;
  }
  const category = data.group === undefined ? undefined : shop.articles.categories[data.group];
  if (category) article.category = category;
  if (data.freeStock !== undefined) article.stock = Math.max(0, Math.floor(data.freeStock));
  return article;
}

/** VAT on an amount at a decimal rate ("21", "9", "5.5"), half away from zero, without floating point. */
export function vatOf(cents: number, ratePercent: string): number {
  const [whole = '0', fraction = ''] = ratePercent.split('.');
  const basisPoints = BigInt(whole) * 100n + BigInt(`${fraction}00`.slice(0, 2));
  const scaled = BigInt(cents) * basisPoints;
  const abs = scaled < 0n ? -scaled : scaled;
  const rounded = (abs + 5000n) / 10000n;
  return Number(scaled < 0n ? -rounded : rounded);
}

/**
 * The hash of what the shop keeps of an article (the one price it takes, tax class, category, stock, shown
 * or hidden), computed alike for the mirror's article and the shop's product, so the reconcile compares them.
 */
export function shopArticleHash(shop: ShopSettings, article: ShopArticle): string {
  const kept = {
    sku: article.sku,
    description: article.description,
    price: shop.articles.pricesIncludeVat ? article.priceInclCents : article.priceExclCents,
    taxClass: article.taxClass ?? '',
    category: article.category ?? '',
    stock: article.stock ?? null,
    active: article.active,
  };
  return createHash('sha256').update(JSON.stringify(kept)).digest('hex');
}
