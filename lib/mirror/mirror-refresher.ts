import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ChangeEvent, NormalizedEvent } from '../../events/index.ts';
import type { CashResult } from '../documents/index.ts';
import { salesOrderOpened } from '../outbound/feed/index.ts';
import type { MirrorChangeFeed, MirrorStore } from './mirror-store.ts';
import { type CashExporter, syncMirror } from './mirror-sync.ts';
import type { MirrorArticle, MirrorRelation } from './mirror-types.ts';

/**
 * Keeps the mirror current after the writer booked something: relations and articles straight from the
 * booked events (no CASH request), open items re-read from CASH at most once per `openItemsEveryMs` per
 * administration, so connectors match against fresh open items without spending the rate limit.
 */
export class MirrorRefresher {
  constructor(
    private readonly store: MirrorStore,
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly exporter: (administration: string) => CashExporter,
    private readonly openItemsEveryMs = 60_000,
    /** The tenant and delivery of the change events the writes cause (origin `writer`); none = no change feed. */
    private readonly feed?: Omit<MirrorChangeFeed, 'origin'>,
  ) {}

  /** Updates the mirror after bookings and answers the change events they caused (already published). */
  async afterWrite(
    booked: Array<{ event: NormalizedEvent; cash: CashResult }>,
    now = Date.now(),
  ): Promise<ChangeEvent[]> {
    const feed: MirrorChangeFeed | undefined = this.feed ? { ...this.feed, origin: 'writer' } : undefined;
    const changes: ChangeEvent[] = [];
    const byAdministration = new Map<string, Array<{ event: NormalizedEvent; cash: CashResult }>>();
    for (const item of booked) {
      const list = byAdministration.get(item.event.administration) ?? [];
      list.push(item);
      byAdministration.set(item.event.administration, list);
    }
    for (const [administration, items] of byAdministration) {
      const relations: MirrorRelation[] = [];
      const articles: MirrorArticle[] = [];
      let touchesOpenItems = false;
      const orders: ChangeEvent[] = [];
      for (const { event, cash } of items) {
        if (event.type === 'relation.upsert') {
          const d = event.data;
          const relationNumber = String(Number(d.relationNumber ?? cash.relationNumber));
          relations.push(
            compact({
              relationNumber,
              name: d.name,
              searchName: d.searchName,
              iban: d.iban,
              bic: d.bic,
              vatId: d.vatId,
              kvk: d.kvk,
              email: d.email,
              countryCode: d.address?.countryCode,
              paymentDays: d.paymentTermDays,
              defaultLedgerAccount: d.defaultLedgerAccount,
            }),
          );
        } else if (event.type === 'article.upsert') {
          const d = event.data;
          articles.push(
            compact({
              code: d.code,
              description: d.description,
              group: d.group,
              gtin: d.gtin,
              salesPriceCents: d.salesPriceCents,
              vatCode: d.vatCode,
            }),
          );
        } else if (event.type === 'sales-order.create' && feed && cash.orderNumber !== undefined) {
          const relationNumber = event.data.customer.relationNumber ?? cash.relationNumber;
          orders.push(
            salesOrderOpened(
              { tenant: feed.tenant, administration, origin: 'writer', occurredAt: cash.bookedAt },
              {
                orderNumber: cash.orderNumber,
                externalOrderNumber: event.data.externalOrderNumber,
                ...(relationNumber ? { relationNumber } : {}),
              },
            ),
          );
        } else if (event.type === 'journal-entry.book') {
          touchesOpenItems ||= event.data.lines.some(
            (l) => l.invoiceNumber && (l.relationNumber || l.relationRef),
          );
        }
      }
      if (relations.length > 0)
        changes.push(
          ...(await this.store.upsert(administration, 'relations', relations as never, feed)).changes,
        );
      if (articles.length > 0)
        changes.push(
          ...(await this.store.upsert(administration, 'articles', articles as never, feed)).changes,
        );
      if (orders.length > 0) {
        await feed?.publish?.(orders);
        changes.push(...orders);
      }
      if (touchesOpenItems && (await this.mayRefresh(administration, now))) {
        const result = await syncMirror(
          administration,
          this.exporter(administration),
          this.store,
          ['openItems'],
          new Date(now),
          feed ? { changeFeed: feed } : {},
        );
        changes.push(...result.changes);
      }
    }
    return changes;
  }

  /** One refresh per window per administration, across all writer instances (conditional update). */
  private async mayRefresh(administration: string, now: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `MIRROR#${administration}#meta`, sk: 'openItemsRefresh' },
          UpdateExpression: 'SET refreshedAt = :now',
          ConditionExpression: 'attribute_not_exists(refreshedAt) OR refreshedAt < :before',
          ExpressionAttributeValues: { ':now': now, ':before': now - this.openItemsEveryMs },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
