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
import type { DocumentRecord, DocumentStatus } from './document-record.ts';
import { payloadHash } from './payload-hash.ts';

const SK = 'STATUS';
const key = (id: string) => ({ pk: `DOC#${id}`, sk: SK });

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
 * keep the writer's DynamoDB cost near one request per event.
 */
export class DocumentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly counter: RequestCounter = { count() {} },
  ) {}

  async get(id: string): Promise<DocumentRecord | undefined> {
    this.counter.count();
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key(id), ConsistentRead: true }),
    );
    return Item ? strip(Item) : undefined;
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
          const record = strip(item);
          found.set(record.id, record);
        }
        request = answer.UnprocessedKeys as typeof request;
        if (request && Object.keys(request).length > 0) await delay(25 * 2 ** round);
      }
    }
    return found;
  }

  /** Writes whole records; the caller holds the claim on each event, so no condition is needed. */
  async putMany(records: DocumentRecord[]): Promise<void> {
    await batchWriteAll(
      this.client,
      this.tableName,
      records.map((r) => ({ PutRequest: { Item: { ...key(r.id), ...r } } })),
      () => this.counter.count(),
    );
  }

  /**
   * Records that an event was accepted for the queue. A document already booked is left alone; the same
   * id with different content after booking is a conflict a person must look at.
   */
  async markQueued(event: NormalizedEvent, now = new Date()): Promise<QueueDecision> {
    const at = now.toISOString();
    const hash = payloadHash(event.data);
    try {
      this.counter.count();
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(event.id),
          ConditionExpression: 'attribute_not_exists(#status) OR NOT (#status IN (:booked, :duplicate))',
          UpdateExpression:
            'SET #status = :queued, #id = :id, tenant = :tenant, administration = :adm, #type = :type, #source = :source,' +
            ' payloadHash = :hash, attempts = if_not_exists(attempts, :zero), createdAt = if_not_exists(createdAt, :at),' +
            ' updatedAt = :at, history = list_append(if_not_exists(history, :empty), :entry)',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#id': 'id',
            '#type': 'type',
            '#source': 'source',
          },
          ExpressionAttributeValues: {
            ':queued': 'queued',
            ':booked': 'booked',
            ':duplicate': 'duplicate',
            ':id': event.id,
            ':tenant': event.tenant,
            ':adm': event.administration,
            ':type': event.type,
            ':source': event.source,
            ':hash': hash,
            ':zero': 0,
            ':at': at,
            ':empty': [],
            ':entry': [{ status: 'queued', at }],
          },
        }),
      );
      return { id: event.id, decision: 'queued' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.get(event.id);
      const status = existing?.status ?? 'booked';
      return existing && existing.payloadHash !== hash
        ? { id: event.id, decision: 'conflict', status }
        : { id: event.id, decision: 'already-final', status };
    }
  }

  /** A status change with a note, appended to the history (used outside the writer's batch path). */
  async transition(
    id: string,
    status: DocumentStatus,
    patch: Partial<DocumentRecord> = {},
    note?: string,
  ): Promise<void> {
    const at = new Date().toISOString();
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':status': status,
      ':at': at,
      ':empty': [],
      ':entry': [{ status, at, ...(note ? { note } : {}) }],
    };
    const sets = [
      '#status = :status',
      'updatedAt = :at',
      'history = list_append(if_not_exists(history, :empty), :entry)',
    ];
    Object.entries(patch).forEach(([field, value], i) => {
      names[`#p${i}`] = field;
      values[`:p${i}`] = value;
      sets.push(`#p${i} = :p${i}`);
    });
    this.counter.count();
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(id),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }
}

function strip(item: Record<string, unknown>): DocumentRecord {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as unknown as DocumentRecord;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
