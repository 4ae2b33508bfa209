import type { DocumentRecord, DocumentStatus } from '../documents/index.ts';
import { HttpProblem } from '../partner-api/errors.ts';
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
  /** What a person sees the item as (`itemKind`): invoice, bank-line, bank-file, event or file. */
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

/**
 * Runs an index query; a `DocumentQueryError` (a filter or cursor the index cannot answer, naming field,
 * rule and value) becomes a 400 problem, recognised by name so this layer needs no import of its class.
 */
export async function indexQuery<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (error instanceof Error && error.name === 'DocumentQueryError') {
      const { field, rule, value } = error as Error & { field?: string; rule?: string; value?: string };
      throw new HttpProblem(
        400,
        'Bad Request',
        error.message,
        [
          {
            path: field ?? '(query)',
            rule: rule ?? 'query',
            message: error.message,
            ...(value !== undefined ? { value } : {}),
          },
        ],
        {},
        { cause: error },
      );
    }
    throw error;
  }
}
