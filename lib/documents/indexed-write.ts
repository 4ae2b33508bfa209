import type { WriteRequest } from '../runtime/batch-write.ts';
import { type CounterIncrement, counterDate, countingChange } from './day-counters.ts';
import {
  GSI_ATTRIBUTES,
  type IndexAttributes,
  indexAttributes,
  SUMMARY_ATTRIBUTES,
  searchPartition,
  sortKeyOf,
} from './document-index.ts';
import type { DocumentRecord, DocumentStatus } from './document-record.ts';

/** What the table held of a record's index before a write (absent: nothing, a new record). */
export interface IndexState {
  id: string;
  administration?: string;
  createdAt?: string;
  updatedAt?: string;
  searchTokens?: string[];
  countedStatuses?: DocumentStatus[];
}

/** Everything one record's write changes: the item's index attributes, its token items, its counters. */
export interface IndexedWrite {
  derived: IndexAttributes;
  /** The record's bookkeeping after the write. */
  counted: DocumentStatus[];
  tokenRequests: WriteRequest[];
  increments: CounterIncrement[];
}

/** Attributes a write derives itself; a caller's values for them are ignored. */
export const DERIVED_ATTRIBUTES: ReadonlySet<string> = new Set([
  ...SUMMARY_ATTRIBUTES,
  ...GSI_ATTRIBUTES,
  'searchTokens',
  'countedStatuses',
]);

interface TokenItemKey {
  pk: string;
  sk: string;
  token: string;
}

function tokenKeys(
  state: { administration?: unknown; sk: string },
  tokens: readonly string[],
): Map<string, TokenItemKey> {
  if (typeof state.administration !== 'string' || state.administration === '') return new Map();
  const adm = state.administration;
  return new Map(
    tokens.map((token) => {
      const pk = searchPartition(adm, token);
      return [`${pk}\u0000${state.sk}`, { pk, sk: state.sk, token }];
    }),
  );
}

/**
 * The index side of writing `record` over `before`: derived attributes, stale token items deleted and new
 * ones put (an unchanged token costs nothing), and a counter increment when the record reaches a counted
 * status for the first time. Pure.
 */
export function indexedWrite(
  record: DocumentRecord,
  before: IndexState | undefined,
  now: Date,
): IndexedWrite {
  const derived = indexAttributes(record);
  const change = countingChange(record, before?.countedStatuses);
  const oldKeys = before
    ? tokenKeys({ administration: before.administration, sk: sortKeyOf(before) }, before.searchTokens ?? [])
    : new Map<string, TokenItemKey>();
  const newKeys = tokenKeys(
    { administration: record.administration, sk: sortKeyOf(record) },
    derived.searchTokens,
  );
  const tokenRequests: WriteRequest[] = [];
  for (const [id, { pk, sk }] of oldKeys) {
    if (!newKeys.has(id)) tokenRequests.push({ DeleteRequest: { Key: { pk, sk } } });
  }
  for (const [id, { pk, sk, token }] of newKeys) {
    if (!oldKeys.has(id)) tokenRequests.push({ PutRequest: { Item: { pk, sk, id: record.id, token } } });
  }
  const connector = (record.source as { connector?: unknown } | undefined)?.connector;
  const increments: CounterIncrement[] =
    change.status && typeof record.administration === 'string'
      ? [
          {
            administration: record.administration,
            connector: typeof connector === 'string' ? connector : 'unknown',
            date: counterDate(record.updatedAt, now),
            status: change.status,
            by: 1,
          },
        ]
      : [];
  return { derived, counted: change.counted, tokenRequests, increments };
}

/** The stored item of a record: the record without stale derived attributes, plus the fresh ones. */
export function itemOf(record: DocumentRecord, write: IndexedWrite): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    if (!DERIVED_ATTRIBUTES.has(field) && field !== 'pk' && field !== 'sk') item[field] = value;
  }
  Object.assign(item, write.derived);
  if (write.counted.length > 0) item.countedStatuses = write.counted;
  return item;
}
