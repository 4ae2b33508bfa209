import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ChangeEventType } from '../../events/change-event.ts';
import { batchWriteAll } from '../runtime/batch-write.ts';
import { isConditionFailure } from '../runtime/rate-window/index.ts';
import type { DeliveryControlMessage, RemoteRecord } from './delivery-target.ts';

/** Checkpoints and a reconcile's remote hashes are kept 30 days (the table's TTL, epoch seconds). */
const RETENTION_SECONDS = 30 * 86_400;
const CHECKPOINT_SK = 'checkpoint';
const REMOTE_PREFIX = 'remote#';

/** Where a full load or reconcile stands: the cursor its next page starts from, and what it did so far. */
export interface RunCheckpoint {
  runId: string;
  control: DeliveryControlMessage['control'];
  target: string;
  administration: string;
  types: ChangeEventType[];
  /** The next page's cursor ('' = the start). */
  cursor: string;
  pages: number;
  counts: Record<string, number>;
  errors: string[];
  /** The continuation for `cursor` is on the queue. */
  continued: boolean;
  done: boolean;
  startedAt: string;
  updatedAt: string;
}

const runPk = (runId: string) => `RUN#${runId}`;

/**
 * The checkpoints of full loads and reconciles in the Deliveries table (`pk RUN#<runId>`, `sk checkpoint`), and
 * a reconcile's view of the target (`sk remote#<type>#<key>`, its hash and whether the mirror has it). Each
 * page advances the checkpoint with a write conditional on the page count it started from, so a page is
 * counted once however often its control message arrives.
 */
export class RunCheckpointStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(runId: string): Promise<RunCheckpoint | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: runPk(runId), sk: CHECKPOINT_SK },
        ConsistentRead: true,
      }),
    );
    return Item ? (Item.checkpoint as RunCheckpoint) : undefined;
  }

  /** The checkpoint of a run's first page; the one already there when another invocation was first. */
  async start(control: DeliveryControlMessage, at: Date): Promise<RunCheckpoint> {
    const checkpoint: RunCheckpoint = {
      runId: control.runId,
      control: control.control,
      target: control.target,
      administration: control.administration,
      types: [...control.types],
      cursor: control.cursor ?? '',
      pages: 0,
      counts: {},
      errors: [],
      continued: true,
      done: false,
      startedAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: runPk(control.runId),
            sk: CHECKPOINT_SK,
            pages: 0,
            checkpoint,
            expiresAt: this.#expiresAt(at),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return checkpoint;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return (await this.get(control.runId)) as RunCheckpoint;
    }
  }

  /** Saves the checkpoint after a page; false when another invocation already saved that page. */
  async advance(previousPages: number, next: RunCheckpoint): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: runPk(next.runId),
            sk: CHECKPOINT_SK,
            pages: next.pages,
            checkpoint: next,
            expiresAt: this.#expiresAt(new Date(next.updatedAt)),
          },
          ConditionExpression: 'pages = :previous',
          ExpressionAttributeValues: { ':previous': previousPages },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** The continuation of the page count `pages` is on the queue. */
  async markContinued(runId: string, pages: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: runPk(runId), sk: CHECKPOINT_SK },
          UpdateExpression: 'SET checkpoint.continued = :yes',
          ConditionExpression: 'pages = :pages',
          ExpressionAttributeValues: { ':yes': true, ':pages': pages },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** A reconcile's page of the target's records (kept until the mirror side has been compared). */
  async putRemote(runId: string, records: readonly RemoteRecord[], at: Date): Promise<void> {
    await batchWriteAll(
      this.client,
      this.tableName,
      records.map((record) => ({
        PutRequest: {
          Item: {
            pk: runPk(runId),
            sk: `${REMOTE_PREFIX}${record.type}#${record.key}`,
            type: record.type,
            key: record.key,
            contentHash: record.contentHash,
            seen: false,
            expiresAt: this.#expiresAt(at),
          },
        },
      })),
    );
  }

  /** The target's hashes of these records (`<type>#<key>`), as far as the target has them. */
  async remoteHashes(runId: string, sortKeys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const unique = [...new Set(sortKeys)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique
        .slice(i, i + 100)
        .map((sk) => ({ pk: runPk(runId), sk: `${REMOTE_PREFIX}${sk}` }));
      for (let round = 0; keys && keys.length > 0; round++) {
        if (round >= 8)
          throw new Error(`DynamoDB kept ${keys.length} reads of ${this.tableName} unprocessed`);
        const answer = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of answer.Responses?.[this.tableName] ?? [])
          found.set(String(item.sk).slice(REMOTE_PREFIX.length), String(item.contentHash));
        keys = answer.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
        if (keys?.length) await new Promise((r) => setTimeout(r, 20 * 2 ** round));
      }
    }
    return found;
  }

  /** The mirror has these records (`<type>#<key>`): they are not the target's alone. */
  async markSeen(runId: string, sortKeys: readonly string[]): Promise<void> {
    for (const sk of sortKeys) {
      await this.client
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: runPk(runId), sk: `${REMOTE_PREFIX}${sk}` },
            UpdateExpression: 'SET seen = :yes',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':yes': true },
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    }
  }

  /** A page of the target's records the mirror does not have, after `after` (a `<type>#<key>`). */
  async unseen(
    runId: string,
    after: string | undefined,
    limit: number,
  ): Promise<{ records: { type: string; key: string }[]; next?: string }> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: after ? 'pk = :pk AND sk > :after' : 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'seen = :no',
        ExpressionAttributeValues: {
          ':pk': runPk(runId),
          ':no': false,
          ...(after ? { ':after': `${REMOTE_PREFIX}${after}` } : { ':prefix': REMOTE_PREFIX }),
        },
        Limit: limit,
      }),
    );
    const records = (answer.Items ?? []).map((item) => ({ type: String(item.type), key: String(item.key) }));
    const last = answer.LastEvaluatedKey?.sk;
    return last ? { records, next: String(last).slice(REMOTE_PREFIX.length) } : { records };
  }

  #expiresAt(at: Date): number {
    return Math.floor(at.getTime() / 1000) + RETENTION_SECONDS;
  }
}
