import { createHash } from 'node:crypto';
import type { DocumentError, DocumentRecord, DocumentStatus } from '../../documents/index.ts';
import type { PublishOutcome } from '../../runtime/event-publisher.ts';
import type { MapShopOrder, ShopMappingContext } from '../shop-mapping.ts';
import type { ShopFinding } from '../shop-order.ts';
import type { ShopPlatform } from '../shop-platform.ts';
import type { ShopSettings } from './shop-connector-settings.ts';

export interface ShopOrderIntakeDeps {
  tenant: string;
  platform: ShopPlatform;
  mapOrder: MapShopOrder;
  publisher: { publish(inputs: unknown[]): Promise<PublishOutcome[]> };
  documents: {
    get(id: string): Promise<DocumentRecord | undefined>;
    transition(
      id: string,
      status: DocumentStatus,
      patch?: Partial<DocumentRecord>,
      note?: string,
    ): Promise<void>;
    addNote(id: string, note: string): Promise<boolean>;
  };
  archive: {
    bucket: string;
    put(
      key: string,
      bytes: Uint8Array,
      contentType?: string,
      metadata?: Record<string, string>,
    ): Promise<void>;
  };
  /** Customers already in CASH, so the mapping reuses their relation number. */
  relations?:
    | ShopMappingContext['relations']
    | ((administration: string) => Promise<ShopMappingContext['relations']>);
  now?: () => Date;
}

/** What became of one order of a payload. */
export interface ShopOrderOutcome {
  orderId?: string;
  /** The order's last change as the shop states it (the poller's high-water mark). */
  changedAt?: string;
  documentId?: string;
  status: 'queued' | 'duplicate' | 'review' | 'rejected' | 'skipped';
  reason?: string;
  eventIds: string[];
}

/**
 * parse → map → publish for order payloads, whether a webhook brought them or the poller read them. Each
 * order state gets a document (`doc_` + sha256 of platform, shop, order id and the shop's status), so a repeated
 * webhook or the poller's overlap lands on the same document; its events carry the mapper's deterministic ids,
 * and the publisher and the writer's idempotency then book them once. The original is archived first.
 */
export class ShopOrderIntake {
  private readonly now: () => Date;

  constructor(private readonly deps: ShopOrderIntakeDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async receive(shop: ShopSettings, payload: unknown): Promise<ShopOrderOutcome[]> {
    const parsed = this.deps.platform.parseOrders(payload, { shop: shop.name });
    const outcomes: ShopOrderOutcome[] = [];
    for (const item of parsed) {
      const raw = Buffer.from(JSON.stringify(pick(payload, item.path)));
      const order = item.order;
      const stateKey = order ? `${order.orderId}|${order.status}` : `unreadable|${sha256(raw)}`;
      const documentId = `doc_${sha256(`${this.deps.platform.name}|${shop.name}|${stateKey}`)}`;
      if (!order) {
        await this.archived(shop, documentId, raw, item.orderId);
        const reason = item.findings.map((f) => f.message).join('; ') || 'the order could not be read';
        await this.deps.documents.transition(
          documentId,
          'rejected',
          { errors: errorsOf(item.findings, 'validation') },
          reason,
        );
        outcomes.push({
          ...(item.orderId ? { orderId: item.orderId } : {}),
          documentId,
          status: 'rejected',
          reason,
          eventIds: [],
        });
        continue;
      }
      const changedAt = order.updatedAt ?? order.createdAt;
      const mapping = this.deps.mapOrder(order, await this.context(shop));
      if (mapping.status === 'skipped') {
        // Nothing to book (not paid yet, cancelled before payment): no document, the next state brings one.
        outcomes.push({
          orderId: order.orderId,
          changedAt,
          status: 'skipped',
          reason: mapping.reason ?? 'nothing to book',
          eventIds: [],
        });
        continue;
      }
      const seen = await this.archived(shop, documentId, raw, order.orderId);
      const result = {
        orderNumber: order.orderNumber,
        shopStatus: order.status,
        totals: mapping.totals,
        vatBreakdown: mapping.vatBreakdown,
      };
      if (mapping.status !== 'ok') {
        const status = mapping.status === 'review' ? 'review' : 'rejected';
        const reason = mapping.reason ?? mapping.findings.map((f) => f.message).join('; ');
        await this.deps.documents.transition(
          documentId,
          status,
          {
            errors: errorsOf(mapping.findings, 'mapping'),
            result,
            ...(status === 'review' ? { proposal: mapping.events } : {}),
          },
          reason,
        );
        outcomes.push({ orderId: order.orderId, changedAt, documentId, status, reason, eventIds: [] });
        continue;
      }
      const published = await this.deps.publisher.publish(mapping.events);
      outcomes.push(
        await this.settle(documentId, order.orderId, changedAt, published, mapping.findings, result, seen),
      );
    }
    return outcomes;
  }

  private async settle(
    documentId: string,
    orderId: string,
    changedAt: string,
    published: PublishOutcome[],
    findings: ShopFinding[],
    result: Record<string, unknown>,
    seen: boolean,
  ): Promise<ShopOrderOutcome> {
    const eventIds = published.flatMap((o) => ('id' in o ? [o.id] : []));
    const invalid = published.flatMap((o) => (o.status === 'invalid' ? [o] : []));
    const conflicts = published.flatMap((o) => (o.status === 'conflict' ? [o] : []));
    const queued = published.filter((o) => o.status === 'queued').length;
    const errors: DocumentError[] = [
      ...errorsOf(findings, 'mapping'),
      ...invalid.map((o) => ({
        source: 'validation' as const,
        message: o.message,
        path: `events[${o.index}]`,
      })),
      ...conflicts.map((o) => ({ source: 'validation' as const, message: o.message, value: o.id })),
    ];
    const status: ShopOrderOutcome['status'] =
      invalid.length > 0 && eventIds.length === 0
        ? 'rejected'
        : invalid.length + conflicts.length > 0
          ? 'review'
          : queued > 0
            ? 'queued'
            : 'duplicate';
    const note =
      status === 'duplicate'
        ? `already handled: ${eventIds.length} event(s) were booked or queued before`
        : `${queued} event(s) queued${invalid.length ? `, ${invalid.length} invalid` : ''}${conflicts.length ? `, ${conflicts.length} conflicting` : ''}`;
    // A repeat of a state already handled keeps its record as it is (queued, booked): a note says it came again.
    if (status === 'duplicate' && seen)
      await this.deps.documents.addNote(documentId, `received again; ${note}`);
    else await this.deps.documents.transition(documentId, status, { eventIds, errors, result }, note);
    return {
      orderId,
      changedAt,
      documentId,
      status,
      ...(status === 'queued' ? {} : { reason: note }),
      eventIds,
    };
  }

  /** Archives the original and records it received; true when the document existed (a repeat). */
  private async archived(
    shop: ShopSettings,
    documentId: string,
    raw: Buffer,
    orderId?: string,
  ): Promise<boolean> {
    const at = this.now();
    const hash = sha256(raw);
    const key = `originals/${shop.administration}/${at.getUTCFullYear()}/${String(at.getUTCMonth() + 1).padStart(2, '0')}/${hash}/${this.deps.platform.name}-order-${orderId ?? 'unknown'}.json`;
    await this.deps.archive.put(key, raw, 'application/json', { sha256: hash });
    if (await this.deps.documents.get(documentId)) return true;
    await this.deps.documents.transition(
      documentId,
      'received',
      {
        id: documentId,
        tenant: this.deps.tenant,
        administration: shop.administration,
        type: 'shop-order',
        source: {
          connector: this.deps.platform.name,
          externalId: `${shop.name}#${orderId ?? hash}`,
          document: { bucket: this.deps.archive.bucket, key },
        },
        kind: 'file',
        payloadHash: hash,
      },
      `order ${orderId ?? '(unreadable)'} from shop ${shop.name}`,
    );
    return false;
  }

  private async context(shop: ShopSettings): Promise<ShopMappingContext> {
    const relations =
      typeof this.deps.relations === 'function'
        ? await this.deps.relations(shop.administration)
        : this.deps.relations;
    return {
      tenant: this.deps.tenant,
      administration: shop.administration,
      connector: this.deps.platform.name,
      handel: shop.handel,
      settings: shop.booking,
      ...(relations ? { relations } : {}),
      now: this.now(),
    };
  }
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function errorsOf(findings: readonly ShopFinding[], source: 'validation' | 'mapping'): DocumentError[] {
  return findings.map((f) => ({ source, message: f.message, path: f.path, rule: f.rule }));
}

/** The part of a payload a parser's path names (`$`, `$[3]`, `$.orders[1]`, `$.order`). */
function pick(payload: unknown, path: string): unknown {
  let value = payload;
  for (const step of path.replace(/^\$/, '').match(/\.[^.[\]]+|\[\d+\]/g) ?? []) {
    const key = step.startsWith('[') ? Number(step.slice(1, -1)) : step.slice(1);
    if (value === null || typeof value !== 'object') return payload;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value === undefined ? payload : value;
}
