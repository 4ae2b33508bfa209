/**
 * Loads the bench's documents into a stopped hub's dynalite store with exactly the items the product's
 * write path makes of them (DocumentStore.putMany for new records: `indexedWrite` + `itemOf` for the status
 * record, its search token items, the day counters summed as the writer's ADD updates sum them), through
 * DynaliteStoreWriter: a chunk of documents is one LevelDB read and one LevelDB batch. The documents are
 * taken to be new to the table, as the bench's fresh hub state has them: loading them again would count
 * them in the day counters again (the writer's path reads what it counted already; this one does not).
 */

import { documentKey } from '../lib/documents/document-index-writer.ts';
import { type CounterIncrement, counterKey, countsPartition, sumIncrements } from '../lib/documents/index.ts';
import { indexedWrite, itemOf } from '../lib/documents/indexed-write.ts';
import { benchDocuments, type CorpusOptions, seededRandom } from './document-queries-corpus.ts';
import type { DynaliteStoreWriter } from './dynalite-store-writer.ts';

export interface LoadResult {
  documents: number;
  /** Status records, search token items and day counter items. */
  items: number;
  /** LevelDB entries written (items and their index entries). */
  levelWrites: number;
  ms: number;
}

export interface LoadOptions extends CorpusOptions {
  /** Documents per LevelDB batch (default 1,000: about 16,000 items). */
  chunk?: number;
  /** The time the writes say they happened at (counters fall back to it). */
  now?: Date;
  onProgress?: (loaded: number) => void;
}

/** The counter items after `increments`, added to what `stored` held (as the ADD of counterUpdate does). */
export function counterItems(
  increments: readonly CounterIncrement[],
  stored: ReadonlyMap<string, Record<string, unknown>>,
): Array<Record<string, unknown>> {
  const items = new Map<string, Record<string, unknown>>();
  for (const inc of sumIncrements([...increments])) {
    const key = counterKey(inc.administration, inc.connector, inc.date);
    const id = `${key.pk}\u0000${key.sk}`;
    const item = items.get(id) ?? { ...(stored.get(id) ?? {}), ...key };
    Object.assign(item, {
      administration: inc.administration,
      connector: inc.connector,
      date: inc.date,
      gsiAdmPk: countsPartition(inc.administration),
      gsiSk: `${inc.date}#${inc.connector}`,
      [inc.status]: (typeof item[inc.status] === 'number' ? (item[inc.status] as number) : 0) + inc.by,
    });
    items.set(id, item);
  }
  return [...items.values()];
}

/** Loads documents 0 … count-1 of the bench corpus into `table`. */
export async function loadBenchDocuments(
  writer: DynaliteStoreWriter,
  table: string,
  count: number,
  options: LoadOptions,
): Promise<LoadResult> {
  const started = performance.now();
  const chunk = options.chunk ?? 1000;
  const now = options.now ?? new Date();
  const next = seededRandom(42);
  const increments: CounterIncrement[] = [];
  let items = 0;
  let levelWrites = 0;
  for (let from = 0; from < count; from += chunk) {
    const batch: Array<Record<string, unknown>> = [];
    for (const record of benchDocuments(from, Math.min(count, from + chunk), next, options)) {
      const write = indexedWrite(record, undefined, now);
      batch.push({ ...documentKey(record.id), ...itemOf(record, write) });
      for (const request of write.tokenRequests) {
        if ('PutRequest' in request) batch.push(request.PutRequest.Item);
      }
      increments.push(...write.increments);
    }
    levelWrites += await writer.put(table, batch);
    items += batch.length;
    options.onProgress?.(Math.min(count, from + chunk));
  }
  const summed = sumIncrements(increments);
  const keys = [
    ...new Map(
      summed.map((inc) => {
        const key = counterKey(inc.administration, inc.connector, inc.date);
        return [`${key.pk}\u0000${key.sk}`, key];
      }),
    ).values(),
  ];
  const stored = new Map<string, Record<string, unknown>>();
  for (const item of await writer.get(table, keys)) {
    if (item) stored.set(`${item.pk}\u0000${item.sk}`, item);
  }
  const counters = counterItems(summed, stored);
  if (counters.length > 0) levelWrites += await writer.put(table, counters);
  items += counters.length;
  return { documents: count, items, levelWrites, ms: Math.round(performance.now() - started) };
}
