import { z } from 'zod';
import { ArticleUpsert } from './article.ts';
import { envelopeShape, eventId } from './envelope.ts';
import { JournalEntryBook } from './journal-entry.ts';
import { RelationUpsert } from './relation.ts';
import { SalesOrderCreate } from './sales-order.ts';

export const EVENT_TYPES = [
  'journal-entry.book',
  'relation.upsert',
  'article.upsert',
  'sales-order.create',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const JournalEntryBookEvent = z.object({
  ...envelopeShape,
  type: z.literal('journal-entry.book'),
  data: JournalEntryBook,
});
export const RelationUpsertEvent = z.object({
  ...envelopeShape,
  type: z.literal('relation.upsert'),
  data: RelationUpsert,
});
export const ArticleUpsertEvent = z.object({
  ...envelopeShape,
  type: z.literal('article.upsert'),
  data: ArticleUpsert,
});
export const SalesOrderCreateEvent = z.object({
  ...envelopeShape,
  type: z.literal('sales-order.create'),
  data: SalesOrderCreate,
});

export const NormalizedEvent = z
  .discriminatedUnion('type', [
    JournalEntryBookEvent,
    RelationUpsertEvent,
    ArticleUpsertEvent,
    SalesOrderCreateEvent,
  ])
  .superRefine((event, ctx) => {
    const expected = eventId(event.tenant, event.source.connector, event.source.externalId, event.type);
    if (event.id !== expected) {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: `id must be derived from tenant, source.connector, source.externalId and type (expected ${expected})`,
        params: { rule: 'deterministic-id' },
      });
    }
  });

export type NormalizedEvent = z.infer<typeof NormalizedEvent>;
export type JournalEntryBookEvent = z.infer<typeof JournalEntryBookEvent>;
export type RelationUpsertEvent = z.infer<typeof RelationUpsertEvent>;
export type ArticleUpsertEvent = z.infer<typeof ArticleUpsertEvent>;
export type SalesOrderCreateEvent = z.infer<typeof SalesOrderCreateEvent>;
export type EventOfType<T extends EventType> = Extract<NormalizedEvent, { type: T }>;
export type EventInput<T extends EventType> = z.input<typeof NormalizedEvent> & { type: T };
