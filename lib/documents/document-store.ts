import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { NormalizedEvent } from '../../events/index.ts';
import { batchWriteAll } from '../runtime/batch-write.ts';
import { recordFromItem } from './document-index.ts';
import { DocumentIndexWriter, documentKey as key, type StoredIndexState } from './document-index-writer.ts';
import { type DocumentRecord, type DocumentStatus, FINAL_STATUSES } from './document-record.ts';
import { DocumentStoreError } from './document-store-error.ts';
import {
  DERIVED_ATTRIBUTES,
  type IndexedWrite,
  type IndexState,
  indexedWrite,
  itemOf,
} from './indexed-write.ts';
import { payloadHash } from './payload-hash.ts';

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export type QueueDecision =
  | { id: string; decision: 'queued' }
  | { id: string; decision: 'already-final'; status: DocumentStatus }
  | { id: string; decision: 'conflict'; status: DocumentStatus };

/** Counts the DynamoDB requests the store made, for the benchmark's requests-per-event figure. */
export interface RequestCounter {
  count(n?: number): void;
}

/**
 * Document status records in the documents table (`pk = DOC#<id>`, `sk = STATUS`). Batch reads and writes
 * keep the writer's DynamoDB cost near one request per event. Every write keeps the record's index
 * attributes (summary fields, `gsi*` keys), its search token items and the day counters current
 * (document-index.ts).
 */
export class DocumentStore {
  private readonly index: DocumentIndexWriter;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly counter: RequestCounter = { count() {} },
  ) {
    this.index = new DocumentIndexWriter(client, tableName, () => counter.count());
  }

  async get(id: string): Promise<DocumentRecord | undefined> {
    this.counter.count();
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key(id), ConsistentRead: true }),
    );
    return Item ? recordFromItem(Item) : undefined;
  }

  async getMany(ids: string[]): Promise<Map<string, DocumentRecord>> {
    const found = new Map<string, DocumentRecord>();
    for (const part of chunks([...new Set(ids)], 100)) {
      let request: Record<string, { Keys: Record<string, string>[]; ConsistentRead: boolean }> | undefined = {
        [this.tableName]: { Keys: part.map(key), ConsistentRead: true },
      };
      for (let round = 0; request && Object.keys(request).length > 0 && round < 8; round++) {
        this.counter.count();
        const answer: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: request }),
        );
        for (const item of answer.Responses?.[this.tableName] ?? []) {
          const record = recordFromItem(item);
          found.set(record.id, record);
        }
        request = answer.UnprocessedKeys as typeof request;
        if (request && Object.keys(request).length > 0) await delay(25 * 2 ** round);
      }
    }
    return found;
  }

  /**
   * Writes whole records; the caller holds the claim on each event, so no condition is needed. Index
   * attributes, search tokens and day counters follow each record; a record read from this store carries
   * its index bookkeeping (`searchTokens`, `countedStatuses`, updated in place after the write), one built
   * afresh has it read back first, with the event kept on it.
   */
  async putMany(given: DocumentRecord[]): Promise<void> {
    if (given.length === 0) return;
    // A whole put from a copy read earlier would drop notes added since (an invoice e-mailed while the writer
    // booked it): they are carried over from the stored record.
    const current = await this.getMany(given.map((record) => record.id));
    const records = given.map((record) => withLaterNotes(record, current.get(record.id)));
    const carried = (r: DocumentRecord) => Array.isArray(r.searchTokens);
    const missing = records.filter((r) => !carried(r)).map((r) => r.id);
    const stored =
      missing.length > 0 ? await this.index.states(missing) : new Map<string, StoredIndexState>();
    const now = new Date();
    const prepared = records.map((record) => {
      const fetched = stored.get(record.id);
      const before: IndexState | undefined = carried(record) ? record : fetched;
      const full: DocumentRecord =
        fetched && record.event === undefined && record.eventTooLarge === undefined
          ? { ...record, ...eventFields(fetched) }
          : record;
      return { record, full, write: indexedWrite(full, before, now) };
    });
    await batchWriteAll(
      this.client,
      this.tableName,
      prepared.map(({ full, write }) => ({
        PutRequest: { Item: { ...key(full.id), ...itemOf(full, write) } },
      })),
      () => this.counter.count(),
    );
    await this.index.apply(prepared.map((p) => p.write));
    for (const { record, write } of prepared) {
      record.searchTokens = write.derived.searchTokens;
      if (write.counted.length > 0) record.countedStatuses = write.counted;
    }
  }

  /**
   * Records that an event was accepted for the queue. A document already booked is left alone; the same
   * id with different content after booking is a conflict a person must look at. The event is kept on the
   * record (up to 64 KB; larger: `eventTooLarge: true`).
   */
  async markQueued(event: NormalizedEvent, now = new Date()): Promise<QueueDecision> {
    const at = now.toISOString();
    const hash = payloadHash(event.data);
    const kept = keptEvent(event);
    const entry = { status: 'queued' as const, at };
    const fresh: DocumentRecord = {
      id: event.id,
      tenant: event.tenant,
      administration: event.administration,
      type: event.type,
      source: event.source,
      status: 'queued',
      payloadHash: hash,
      attempts: 0,
      history: [entry],
      createdAt: at,
      updatedAt: at,
      ...kept,
    };
    // Nearly every event is new: one conditional write. One the table holds is merged with what it has.
    let before: DocumentRecord | undefined;
    let next = fresh;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      // The summary comes from the event even when it is too large to keep.
      const write = indexedWrite(kept.eventTooLarge ? { ...next, event } : next, before, now);
      const condition = before
        ? and(QUEUEABLE, versionCondition(before))
        : { expression: 'attribute_not_exists(pk)', values: {} };
      if (await this.writeWhole(next, write, condition)) return { id: event.id, decision: 'queued' };
      const existing = await this.get(event.id);
      if (existing && FINAL_STATUSES.has(existing.status)) {
        return existing.payloadHash !== hash
          ? { id: event.id, decision: 'conflict', status: existing.status }
          : { id: event.id, decision: 'already-final', status: existing.status };
      }
      before = existing;
      next = existing
        ? {
            ...withoutEvent(existing),
            ...fresh,
            attempts: existing.attempts ?? 0,
            createdAt: existing.createdAt ?? at,
            history: [...(Array.isArray(existing.history) ? existing.history : []), entry],
          }
        : fresh;
    }
    throw new DocumentStoreError(`document ${quote(event.id)} kept changing while it was being queued`);
  }

  /** A status change with a note, appended to the history (used outside the writer's batch path). */
  async transition(
    id: string,
    status: DocumentStatus,
    patch: Partial<DocumentRecord> = {},
    note?: string,
  ): Promise<void> {
    const given = Object.fromEntries(
      Object.entries(patch).filter(([field]) => !DERIVED_ATTRIBUTES.has(field)),
    );
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const before = await this.get(id);
      const now = new Date();
      const entry = { status, at: now.toISOString(), ...(note ? { note } : {}) };
      const next = {
        ...(before ?? {}),
        ...given,
        status,
        updatedAt: entry.at,
        history: [...(Array.isArray(before?.history) ? before.history : []), entry],
      } as DocumentRecord;
      if (typeof next.id !== 'string') next.id = id;
      const condition = before
        ? versionCondition(before)
        : { expression: 'attribute_not_exists(pk)', values: {} };
      if (await this.writeWhole(next, indexedWrite(next, before, now), condition, id)) return;
    }
    throw new DocumentStoreError(`document ${quote(id)} kept changing during its transition to ${status}`);
  }

  /**
   * A note in the record's history without a change of status (e.g. "e-mailed to …"), under the status it
   * has; false when there is no such record. `updatedAt` stays: a note is not a change of the document.
   */
  async addNote(id: string, note: string, now = new Date()): Promise<boolean> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const before = await this.get(id);
      if (!before) return false;
      const entry = { status: before.status, at: now.toISOString(), note };
      this.counter.count();
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key(id),
            UpdateExpression: 'SET history = list_append(if_not_exists(history, :none), :entry)',
            ConditionExpression: 'attribute_exists(pk) AND #status = :status',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':none': [], ':entry': [entry], ':status': before.status },
          }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new DocumentStoreError(`document ${quote(id)} kept changing while a note was added`);
  }

  /**
   * Sets every field of the record and its index attributes (removing derived ones no longer derived)
   * under `condition`, then the token items and counters. False when the condition failed.
   */
  private async writeWhole(
    record: DocumentRecord,
    write: IndexedWrite,
    condition: Condition,
    id = record.id,
  ): Promise<boolean> {
    const item = itemOf(record, write);
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ...condition.values };
    const sets: string[] = [];
    const removes: string[] = [];
    let n = 0;
    for (const [field, value] of Object.entries(item)) {
      if (field === 'pk' || field === 'sk') continue;
      const name = field === 'status' ? '#status' : `#a${n}`;
      names[name] = field;
      if (value === undefined) removes.push(name);
      else {
        values[`:a${n}`] = value;
        sets.push(`${name} = :a${n}`);
      }
      n++;
    }
    for (const field of [...DERIVED_ATTRIBUTES, 'event', 'eventTooLarge']) {
      if (field in item) continue;
      names[`#a${n}`] = field;
      removes.push(`#a${n}`);
      n++;
    }
    this.counter.count();
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(id),
          ConditionExpression: condition.expression,
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
    await this.index.apply([write]);
    return true;
  }
}

interface Condition {
  expression: string;
  values: Record<string, unknown>;
}

const MAX_ROUNDS = 6;
/** Largest event kept on its record (JSON, UTF-8 bytes). */
export const MAX_KEPT_EVENT_BYTES = 64 * 1024;

const QUEUEABLE: Condition = {
  expression: 'attribute_not_exists(#status) OR NOT (#status IN (:booked, :duplicate))',
  values: { ':booked': 'booked', ':duplicate': 'duplicate' },
};

function and(a: Condition, b: Condition): Condition {
  return { expression: `(${a.expression}) AND (${b.expression})`, values: { ...a.values, ...b.values } };
}

/** The record is as it was read: the same last change and history length (every write appends). */
/** `record` with the notes `stored` has and `record` lacks (added after `record` was read), in time order. */
function withLaterNotes(record: DocumentRecord, stored: DocumentRecord | undefined): DocumentRecord {
  if (!stored || !Array.isArray(stored.history)) return record;
  const own = Array.isArray(record.history) ? record.history : [];
  const seen = new Set(own.map((entry) => `${entry.at}\u0000${entry.note ?? ''}`));
  const later = stored.history.filter(
    (entry) => entry.note !== undefined && !seen.has(`${entry.at}\u0000${entry.note}`),
  );
  if (later.length === 0) return record;
  const history = [...own, ...later].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { ...record, history };
}

function versionCondition(before: DocumentRecord): Condition {
  const parts: string[] = [];
  const values: Record<string, unknown> = {};
  if (typeof before.updatedAt === 'string') {
    parts.push('updatedAt = :vAt');
    values[':vAt'] = before.updatedAt;
  } else parts.push('attribute_not_exists(updatedAt)');
  if (Array.isArray(before.history)) {
    parts.push('size(history) = :vLen');
    values[':vLen'] = before.history.length;
  } else parts.push('attribute_not_exists(history)');
  return { expression: `attribute_exists(pk) AND ${parts.join(' AND ')}`, values };
}

function keptEvent(event: NormalizedEvent): { event?: NormalizedEvent; eventTooLarge?: true } {
  return Buffer.byteLength(JSON.stringify(event), 'utf8') <= MAX_KEPT_EVENT_BYTES
    ? { event }
    : { eventTooLarge: true };
}

function withoutEvent(record: DocumentRecord): DocumentRecord {
  const { event: _event, eventTooLarge: _large, ...rest } = record;
  return rest as DocumentRecord;
}

function eventFields(state: StoredIndexState): Partial<DocumentRecord> {
  return {
    ...(state.event !== undefined ? { event: state.event } : {}),
    ...(state.eventTooLarge ? { eventTooLarge: true } : {}),
  };
}

function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
