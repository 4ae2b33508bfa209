import { isDeepStrictEqual } from 'node:util';
import type { WriteRequest } from '../runtime/batch-write.ts';
import { type CounterIncrement, counterDate, isCountedStatus } from './day-counters.ts';
import { recordFromItem } from './document-index.ts';
import type { DocumentRecord, DocumentStatus } from './document-record.ts';
import { DocumentStoreError } from './document-store-error.ts';
import { DERIVED_ATTRIBUTES, type IndexState, indexedWrite, itemOf } from './indexed-write.ts';

/** What bringing one stored status record's index up to date takes; absent when it is current. */
export interface ReindexPlan {
  id: string;
  key: { pk: string; sk: string };
  /** Derived attributes to set (new or changed) and to remove (no longer derived). */
  set: Record<string, unknown>;
  remove: string[];
  /** Token items to put before the record is updated, and stale ones to delete after it. */
  tokenPuts: WriteRequest[];
  tokenDeletes: WriteRequest[];
  increments: CounterIncrement[];
  /** The record is as it was read (same last change, same history length): the update's condition. */
  version: { updatedAt?: string; historyLength?: number };
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

/**
 * Counts of a record that never counted anything (no `countedStatuses`, or an empty one): each counted
 * status its history reached, once, on the day it first reached it, and its current status on the day of
 * its last change if the history does not show it: what the day counters would hold had they existed.
 */
function backfilledCounts(
  record: DocumentRecord,
  now: Date,
): { counted: DocumentStatus[]; increments: CounterIncrement[] } {
  const adm = record.administration;
  if (typeof adm !== 'string' || adm === '') return { counted: [], increments: [] };
  const connector = (record.source as { connector?: unknown } | undefined)?.connector;
  const base = { administration: adm, connector: typeof connector === 'string' ? connector : 'unknown' };
  const counted: DocumentStatus[] = [];
  const increments: CounterIncrement[] = [];
  const count = (status: unknown, at: unknown) => {
    if (typeof status !== 'string' || !isCountedStatus(status as DocumentStatus)) return;
    if (counted.includes(status as DocumentStatus)) return;
    counted.push(status as DocumentStatus);
    const date = counterDate(typeof at === 'string' ? at : undefined, now);
    increments.push({ ...base, date, status: status as CounterIncrement['status'], by: 1 });
  };
  const history = Array.isArray(record.history) ? record.history : [];
  for (const entry of history) {
    if (entry !== null && typeof entry === 'object') count(entry.status, entry.at);
  }
  count(record.status, record.updatedAt);
  return { counted, increments };
}

/**
 * The plan for one stored item of the documents table: a status record (`pk = DOC#…`, `sk = STATUS`) gets
 * the index attributes, search token items and day counts the product's write path (indexed-write.ts)
 * would give it today; anything else, or a record already current, gets none. Pure; planning the result
 * of a plan again gives undefined. A shape the write path cannot index either is a DocumentStoreError
 * naming the document.
 */
export function reindexPlan(item: Record<string, unknown>, now: Date): ReindexPlan | undefined {
  const { pk, sk } = item;
  if (typeof pk !== 'string' || !pk.startsWith('DOC#') || sk !== 'STATUS') return undefined;
  try {
    return planFor(item, pk, sk, now);
  } catch (error) {
    // A shape the write path cannot index either (a status whose toString throws): named, not hidden.
    throw new DocumentStoreError(`document ${JSON.stringify(pk.slice(4, 84))} cannot be indexed`, {
      cause: error,
    });
  }
}

function planFor(item: Record<string, unknown>, pk: string, sk: string, now: Date): ReindexPlan | undefined {
  const record = recordFromItem(item);
  if (typeof record.id !== 'string') record.id = pk.slice(4);
  const storedTokens = strings(item.searchTokens);
  const storedCounted = strings(item.countedStatuses) as DocumentStatus[] | undefined;
  // As stored, whatever their type: the sort key of the token items was made from these same values.
  const before = {
    id: record.id,
    administration: item.administration,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    ...(storedTokens ? { searchTokens: storedTokens } : {}),
    ...(storedCounted ? { countedStatuses: storedCounted } : {}),
  } as IndexState;
  const write = indexedWrite(record, before, now);
  if (storedCounted === undefined || storedCounted.length === 0) {
    const backfill = backfilledCounts(record, now);
    write.counted = backfill.counted;
    write.increments = backfill.increments;
  }
  const fresh = itemOf(record, write);
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  for (const field of DERIVED_ATTRIBUTES) {
    const value = fresh[field];
    if (value === undefined) {
      if (item[field] !== undefined) remove.push(field);
    } else if (!isDeepStrictEqual(value, item[field])) set[field] = value;
  }
  const tokenPuts = write.tokenRequests.filter((r) => 'PutRequest' in r);
  const tokenDeletes = write.tokenRequests.filter((r) => 'DeleteRequest' in r);
  if (
    Object.keys(set).length === 0 &&
    remove.length === 0 &&
    tokenPuts.length === 0 &&
    tokenDeletes.length === 0 &&
    write.increments.length === 0
  ) {
    return undefined;
  }
  return {
    id: record.id,
    key: { pk, sk },
    set,
    remove,
    tokenPuts,
    tokenDeletes,
    increments: write.increments,
    version: {
      ...(typeof item.updatedAt === 'string' ? { updatedAt: item.updatedAt } : {}),
      ...(Array.isArray(item.history) ? { historyLength: item.history.length } : {}),
    },
  };
}
