import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from '../runtime/batch-write.ts';
import { counterUpdate, sumIncrements } from './day-counters.ts';
import type { IndexedWrite, IndexState } from './indexed-write.ts';

/** The status record's key. */
export const documentKey = (id: string) => ({ pk: `DOC#${id}`, sk: 'STATUS' });

/** Fields read back when a write must know what the table held of a record's index. */
export const INDEX_STATE_FIELDS = [
  'id',
  'administration',
  'createdAt',
  'updatedAt',
  'searchTokens',
  'countedStatuses',
  'event',
  'eventTooLarge',
] as const;

export type StoredIndexState = IndexState & { event?: unknown; eventTooLarge?: boolean };

/**
 * Writes the side items of the index (search tokens, day counters) after the status records are written,
 * and reads the index state of records whose callers did not carry it.
 */
export class DocumentIndexWriter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly onRequest: () => void,
  ) {}

  async apply(writes: readonly IndexedWrite[]): Promise<void> {
    const tokenRequests = writes.flatMap((w) => w.tokenRequests);
    if (tokenRequests.length > 0) {
      await batchWriteAll(this.client, this.tableName, tokenRequests, this.onRequest);
    }
    for (const increment of sumIncrements(writes.flatMap((w) => w.increments))) {
      this.onRequest();
      await this.client.send(new UpdateCommand(counterUpdate(this.tableName, increment)));
    }
  }

  /** The index state of each id the table holds (consistent reads, 100 a request). */
  async states(ids: readonly string[]): Promise<Map<string, StoredIndexState>> {
    const found = new Map<string, StoredIndexState>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      let request: BatchGetCommandOutput['UnprocessedKeys'] = {
        [this.tableName]: {
          Keys: unique.slice(i, i + 100).map(documentKey),
          ConsistentRead: true,
          ProjectionExpression: INDEX_STATE_FIELDS.map((_, n) => `#f${n}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(INDEX_STATE_FIELDS.map((f, n) => [`#f${n}`, f])),
        },
      };
      for (let round = 0; request && Object.keys(request).length > 0; round++) {
        if (round >= 8) throw new Error(`DynamoDB kept reads of ${this.tableName} unprocessed`);
        this.onRequest();
        const answer: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: request }),
        );
        for (const item of answer.Responses?.[this.tableName] ?? []) {
          found.set(String(item.id), item as StoredIndexState);
        }
        request = answer.UnprocessedKeys;
        if (request && Object.keys(request).length > 0) await delay(25 * 2 ** round);
      }
    }
    return found;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
