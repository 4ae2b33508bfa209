import type { DocumentRecord, DocumentStatus } from '../documents/index.ts';
import type { PageRequest } from './query-reader.ts';

/** One page of a list; `nextCursor` is opaque and absent on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface ReviewQueueFilter {
  /** The administrations to look in (already restricted to those the user is granted). */
  administrations: string[];
  connector?: string;
  /** `invoice`, `bank-line` or `event` (see `reviewKindOf`). */
  kind?: string;
  reason?: string;
}

export interface DocumentListFilter {
  administrations: string[];
  status?: DocumentStatus;
  connector?: string;
  /** The record's kind: `file` or `event`. */
  kind?: string;
  from?: string;
  to?: string;
  minCents?: number;
  maxCents?: number;
  relation?: string;
  q?: string;
}

/**
 * The document index as the app's list routes use it: `DocumentQueries` of `lib/documents/` (index team,
 * Query on GSIs, never Scan) satisfies this shape. The review queue is oldest first; lists are newest first.
 */
export interface DocumentQueriesPort {
  reviewQueue(filter: ReviewQueueFilter, page: PageRequest): Promise<Page<DocumentRecord>>;
  list(filter: DocumentListFilter, page: PageRequest): Promise<Page<DocumentRecord>>;
}

/** The document store as the app's detail and action routes use it (`DocumentStore` satisfies it). */
export interface DocumentReaderPort {
  get(id: string): Promise<DocumentRecord | undefined>;
  getMany(ids: string[]): Promise<Map<string, DocumentRecord>>;
}
