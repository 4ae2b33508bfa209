import { z } from 'zod';
import { AdministrationCode, Cents, IsoDate, IsoDateTime, Tenant } from './fields.ts';

/**
 * Change events: what the CASH mirror's change feed emits when a record read from CASH (or written by the
 * writer) differs from the mirror's copy. They flow out of CASH to the outbound targets (webshops, field
 * service, debt collectors), never to the writer. `contentHash` is the SHA-256 of the record's canonical JSON:
 * an unchanged record emits nothing, and a delivery is idempotent per (target, key, contentHash).
 */
export const CHANGE_EVENT_TYPES = [
  'relation.changed',
  'article.changed',
  'stock.changed',
  'open-item.changed',
  'sales-order.changed',
] as const;
export type ChangeEventType = (typeof CHANGE_EVENT_TYPES)[number];

const changeShape = {
  id: z.string().regex(/^chg_[0-9a-f]{32}$/, 'chg_ and 32 hex digits (see changeEventId())'),
  tenant: Tenant,
  administration: AdministrationCode,
  schemaVersion: z.literal(1),
  occurredAt: IsoDateTime,
  /** The record's key in the mirror (relation number, article code, `relation#invoice#ledger`, order number). */
  key: z.string().min(1).max(200),
  change: z.enum(['created', 'updated', 'deleted']),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Where the change was seen: a sync of the mirror, or a write the writer made. */
  origin: z.enum(['sync', 'writer', 'full-load', 'reconcile']),
};

export const RelationChanged = z.object({
  relationNumber: z.string(),
  name: z.string(),
  searchName: z.string().optional(),
  iban: z.string().optional(),
  vatId: z.string().optional(),
  kvk: z.string().optional(),
  email: z.string().optional(),
  countryCode: z.string().optional(),
  paymentDays: z.number().int().optional(),
});

export const ArticleChanged = z.object({
  code: z.string(),
  description: z.string(),
  group: z.string().optional(),
  gtin: z.string().optional(),
  salesPriceCents: Cents.optional().describe('verkoopprijs excl. BTW'),
  vatCode: z.string().optional(),
  freeStock: z.number().optional(),
});

export const StockChanged = z.object({
  code: z.string(),
  freeStock: z.number(),
  /** The article's group, so a subscription filtered on groups routes its stock too (not part of the hash). */
  group: z.string().optional(),
});

export const OpenItemChanged = z.object({
  relationNumber: z.string(),
  relationName: z.string().optional(),
  invoiceNumber: z.string(),
  invoiceDate: IsoDate.optional(),
  dueDate: IsoDate.optional(),
  amountCents: Cents,
  outstandingCents: Cents,
  /** Paid off (outstanding 0) or gone from CASH's open items. */
  settled: z.boolean(),
  paymentReference: z.string().optional(),
});

export const SalesOrderChanged = z.object({
  orderNumber: z.string(),
  externalOrderNumber: z.string().optional(),
  relationNumber: z.string().optional(),
  status: z.enum(['open', 'delivered', 'invoiced', 'cancelled']),
  deliveredAt: IsoDate.optional(),
  invoiceNumber: z.string().optional(),
});

export const ChangeEvent = z.discriminatedUnion('type', [
  z.object({ ...changeShape, type: z.literal('relation.changed'), data: RelationChanged }),
  z.object({ ...changeShape, type: z.literal('article.changed'), data: ArticleChanged }),
  z.object({ ...changeShape, type: z.literal('stock.changed'), data: StockChanged }),
  z.object({ ...changeShape, type: z.literal('open-item.changed'), data: OpenItemChanged }),
  z.object({ ...changeShape, type: z.literal('sales-order.changed'), data: SalesOrderChanged }),
]);
export type ChangeEvent = z.infer<typeof ChangeEvent>;
export type ChangeEventOfType<T extends ChangeEventType> = Extract<ChangeEvent, { type: T }>;
