import type { ChangeEvent, ChangeEventType } from '../../../events/change-event.ts';
import {
  type DeliveryContext,
  DeliveryError,
  type DeliveryMessage,
  type DeliveryOutcome,
  type DeliveryTarget,
  type RemoteRecord,
} from '../../outbound/delivery-target.ts';
import { ShopApiError } from '../shop-api-error.ts';
import type { ShopPlatformName } from '../shop-order.ts';
import type { ShopClient } from '../shop-platform.ts';
import { isForShop, shopArticleHash, shopArticleOf } from './shop-article-mapping.ts';
import type { ShopSettings } from './shop-connector-settings.ts';

export interface ShopDeliveryTargetDeps {
  platform: ShopPlatformName;
  shops: () => readonly ShopSettings[];
  clientOf: (shop: ShopSettings) => Promise<ShopClient>;
}

const ACCEPTS = [
  'article.changed',
  'stock.changed',
  'sales-order.changed',
] as const satisfies readonly ChangeEventType[];

/**
 * The outbound side of a webshop connector: articles (created or updated by SKU), stock and order status from
 * the change feed to every shop of the administration whose mapping takes them; `listRemote` pages through
 * the shops' products for the reconcile. Platform errors become `DeliveryError`s (429/5xx retryable).
 */
export class ShopDeliveryTarget implements DeliveryTarget {
  readonly name: string;
  readonly accepts = ACCEPTS;

  constructor(private readonly deps: ShopDeliveryTargetDeps) {
    this.name = deps.platform;
  }

  async deliver(message: DeliveryMessage, _context: DeliveryContext): Promise<DeliveryOutcome> {
    const shops = this.deps
      .shops()
      .filter((s) => s.administration === message.administration && s.articles.enabled);
    if (shops.length === 0)
      return {
        status: 'skipped',
        reason: `no ${this.name} shop exports for administration ${message.administration}`,
      };
    const answers: string[] = [];
    let remoteId: string | undefined;
    for (const shop of shops) {
      const outcome = await this.toShop(shop, message.event);
      if (outcome.status === 'skipped') answers.push(`${shop.name}: skipped (${outcome.reason})`);
      else {
        answers.push(`${shop.name}: ${outcome.answer ?? 'delivered'}`);
        remoteId ??= outcome.remoteId;
      }
    }
    const delivered = answers.some((a) => !a.includes(': skipped ('));
    return delivered
      ? { status: 'delivered', ...(remoteId ? { remoteId } : {}), answer: answers.join('; ') }
      : { status: 'skipped', reason: answers.join('; ') };
  }

  async listRemote(cursor?: string): Promise<{ records: RemoteRecord[]; next?: string }> {
    const shops = this.deps.shops().filter((s) => s.articles.enabled);
    const [indexText = '0', ...rest] = (cursor ?? '0').split(':');
    const index = Number(indexText);
    const shop = shops[index];
    if (!shop) return { records: [] };
    const page = await this.call(async () =>
      (await this.deps.clientOf(shop)).listArticles(rest.length ? rest.join(':') : undefined),
    );
    const records = page.items.map((article) => ({
      type: 'article.changed' as const,
      key: article.sku,
      contentHash: shopArticleHash(shop, article),
    }));
    const next = page.next ? `${index}:${page.next}` : index + 1 < shops.length ? `${index + 1}` : undefined;
    return next ? { records, next } : { records };
  }

  remoteHashOf(event: ChangeEvent): string {
    if (event.type !== 'article.changed') return event.contentHash;
    const shop = this.deps
      .shops()
      .find((s) => s.administration === event.administration && s.articles.enabled);
    if (!shop) return event.contentHash;
    return shopArticleHash(shop, shopArticleOf(shop, event.data, event.change !== 'deleted'));
  }

  private async toShop(shop: ShopSettings, event: ChangeEvent): Promise<DeliveryOutcome> {
    const client = await this.deps.clientOf(shop);
    if (event.type === 'article.changed') {
      if (!isForShop(shop, event.data.group))
        return { status: 'skipped', reason: `group ${event.data.group ?? '(none)'} is not for this shop` };
      if (event.data.salesPriceCents === undefined && event.change !== 'deleted')
        return { status: 'skipped', reason: `article ${event.data.code} has no sales price in CASH` };
      // A deleted or blocked article is hidden, not deleted: past orders keep their product.
      const article = shopArticleOf(shop, event.data, event.change !== 'deleted');
      const answer = await this.call(() => client.upsertArticle(article));
      return {
        status: 'delivered',
        remoteId: answer.remoteId,
        answer: answer.created ? `created ${answer.remoteId}` : `updated ${answer.remoteId}`,
      };
    }
    if (event.type === 'stock.changed') {
      const quantity = Math.max(0, Math.floor(event.data.freeStock));
      try {
        await this.call(() => client.setStock(event.data.code, quantity));
      } catch (error) {
        if (error instanceof DeliveryError && error.details.status === 404)
          return { status: 'skipped', reason: `article ${event.data.code} is not in the shop` };
        throw error;
      }
      return { status: 'delivered', answer: `stock ${quantity}` };
    }
    if (event.type === 'sales-order.changed') {
      const orderId = this.orderIdOf(shop, event.data.externalOrderNumber);
      if (!orderId) return { status: 'skipped', reason: 'not an order of this shop' };
      const status =
        event.data.status === 'delivered'
          ? 'shipped'
          : event.data.status === 'invoiced'
            ? 'invoiced'
            : undefined;
      if (!status)
        return { status: 'skipped', reason: `status ${event.data.status} is not sent to the shop` };
      if (!client.setOrderStatus) return { status: 'skipped', reason: `${this.name} takes no order status` };
      await this.call(() => client.setOrderStatus?.(orderId, status) ?? Promise.resolve());
      return { status: 'delivered', answer: `order ${orderId} ${status}` };
    }
    return { status: 'skipped', reason: `${event.type} is not for a shop` };
  }

  /**
   * The shop's order id in the sales order's external number: `<platform>:<shop>:<id>` names the shop; a bare
   * number is taken when the administration has one shop of this platform.
   */
  private orderIdOf(shop: ShopSettings, external: string | undefined): string | undefined {
    if (!external) return undefined;
    const named = /^([a-z]+)[:#/]([a-z0-9-]+)[:#/](.+)$/.exec(external);
    if (named) return named[1] === this.name && named[2] === shop.name ? named[3] : undefined;
    const sameAdministration = this.deps.shops().filter((s) => s.administration === shop.administration);
    return sameAdministration.length === 1 ? external : undefined;
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (!(error instanceof ShopApiError)) throw error;
      const { status, answer, retryAfterMs } = error.details;
      throw new DeliveryError(
        error.message,
        error.retryable,
        {
          ...(status !== undefined ? { status } : {}),
          ...(answer !== undefined ? { answer } : {}),
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        },
        { cause: error },
      );
    }
  }
}
