import { z } from 'zod';
import { ArticleUpsert, JournalEntryBook, RelationUpsert, SalesOrderCreate } from '../../../events/index.ts';
import type { DocumentError, DocumentRecord } from '../../documents/index.ts';
import { type InvoiceStartingPoint, invoiceStartingPoint } from '../../invoices/index.ts';
import type { ReceiptProposal } from '../../receipts/index.ts';
import { type AppDocumentView, appDocumentView } from '../documents/document-view.ts';
import { type OriginalLink, originalLink } from '../documents/original-file.ts';
import { type ReviewItem, reviewItem, reviewKindOf } from './review-item.ts';

export interface ReviewDetail {
  item: ReviewItem;
  document: AppDocumentView;
  /** Invoice: the prefilled boekstuk; bank line: the matcher's proposal. */
  proposal?: unknown;
  /** Bank line: the alternatives to choose from, best first. */
  candidates?: unknown[];
  /** Event: the normalized event as it was queued (the index keeps events up to 64 KB on the record). */
  event?: unknown;
  /** Event: the JSON Schema of its type's `data`, for the form a person corrects it in. */
  eventSchema?: Record<string, unknown>;
  /**
   * Invoice from a Bonnetje photo: what local OCR read on it (date, total, VAT, supplier, integer cents), for
   * the person to confirm; the photo itself is `original`.
   */
  receiptProposal?: ReceiptProposal;
  /**
   * Invoice with neither a proposal nor a receipt's: what the person starts from, drafted from what the
   * invoice flow read of the file (date, description, invoice number; no accounts, no amounts).
   */
  startingPoint?: InvoiceStartingPoint;
  errors: DocumentError[];
  original?: OriginalLink;
}

const DATA_SCHEMAS: Record<string, z.ZodType> = {
  'journal-entry.book': JournalEntryBook,
  'relation.upsert': RelationUpsert,
  'article.upsert': ArticleUpsert,
  'sales-order.create': SalesOrderCreate,
};
const schemaCache = new Map<string, Record<string, unknown>>();

/** The JSON Schema of an event type's `data` (generated from the same zod schema the API validates with). */
export function eventDataSchema(type: string): Record<string, unknown> | undefined {
  const schema = DATA_SCHEMAS[type];
  if (!schema) return undefined;
  let json = schemaCache.get(type);
  if (!json) {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, unknown>;
    json = rest;
    schemaCache.set(type, json);
  }
  return json;
}

export function reviewDetail(
  record: DocumentRecord,
  events?: DocumentRecord[],
  receiptProposal?: ReceiptProposal,
): ReviewDetail {
  const kind = reviewKindOf(record);
  const proposal = record.proposal as { candidates?: unknown } | undefined;
  const original = originalLink(record);
  const schema = kind === 'event' ? eventDataSchema(record.type) : undefined;
  const proposed = proposal !== undefined && proposal !== null;
  return {
    item: reviewItem(record),
    document: appDocumentView(record, events),
    ...(proposed ? { proposal } : {}),
    ...(kind === 'bank-line' && Array.isArray(proposal?.candidates)
      ? { candidates: proposal.candidates }
      : {}),
    ...(kind === 'event' && record.event !== undefined ? { event: record.event } : {}),
    ...(schema ? { eventSchema: schema } : {}),
    ...(kind === 'invoice' && receiptProposal ? { receiptProposal } : {}),
    ...(kind === 'invoice' && !proposed && !receiptProposal
      ? { startingPoint: invoiceStartingPoint(record.result) }
      : {}),
    errors: record.errors ?? [],
    ...(original ? { original } : {}),
  };
}
