import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { RunRecord } from './run-record.ts';
import { RunCursorError } from './run-store-error.ts';

/** Runs are kept 90 days (the documents table's TTL attribute, epoch seconds). */
export const RUN_RETENTION_DAYS = 90;
const TTL_ATTRIBUTE = 'expiresAt';
/** Sort keys of runs start with their ISO start time (digits), so they sort before the latest-run items. */
const LATEST_PREFIX = 'LATEST#';
/** The latest-run item of runs that named no administration (a batch or a schedule across all). */
export const ALL_ADMINISTRATIONS = '*';
const MAX_ROUNDS = 10;

export interface RunFilter {
  connector?: string;
  /** Runs of these administrations, and runs that named none; all runs when omitted. */
  administrations?: readonly string[];
}

export interface RunPage {
  limit: number;
  cursor?: string;
}

/** Where the recording middleware writes. */
export interface RunWriter {
  save(record: RunRecord): Promise<void>;
}

/** What the app's runs and overview routes read. */
export interface RunReader {
  list(filter: RunFilter, page: RunPage): Promise<{ items: RunRecord[]; nextCursor?: string }>;
  /** The newest run of the connector for the administration, or of runs that named none, whichever is newer. */
  latest(connector: string, administration?: string): Promise<RunRecord | undefined>;
}

const runKey = (record: Pick<RunRecord, 'connector' | 'startedAt' | 'id'>) => ({
  pk: `RUN#${record.connector}`,
  sk: `${record.startedAt}#${record.id}`,
});

/**
 * Connector runs in the documents table: one item per run (`pk RUN#<connector>`, `sk <startedAt>#<id>`,
 * kept 90 days) and a latest-run item per connector and administration (`sk LATEST#<administration>`,
 * `LATEST#*` for runs across administrations), so the overview reads one item per connector. Query only.
 */
export class RunStore implements RunWriter, RunReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The connectors a list without `connector` covers. */
    private readonly connectors: readonly string[] = [],
  ) {}

  /** Writes the run (start and end alike: the same key) and moves the latest-run item forward. */
  async save(record: RunRecord): Promise<void> {
    const expiresAt = Math.floor(Date.parse(record.startedAt) / 1000) + RUN_RETENTION_DAYS * 86_400;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...runKey(record), ...record, [TTL_ATTRIBUTE]: expiresAt },
      }),
    );
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `RUN#${record.connector}`,
            sk: `${LATEST_PREFIX}${record.administration ?? ALL_ADMINISTRATIONS}`,
            ...record,
          },
          // An older run ending late never hides a newer one.
          ConditionExpression: 'attribute_not_exists(startedAt) OR startedAt <= :startedAt',
          ExpressionAttributeValues: { ':startedAt': record.startedAt },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async latest(connector: string, administration?: string): Promise<RunRecord | undefined> {
    const read = async (scope: string) => {
      const { Item } = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: `RUN#${connector}`, sk: `${LATEST_PREFIX}${scope}` },
        }),
      );
      return Item ? strip(Item) : undefined;
    };
    const [own, all] = await Promise.all([
      administration ? read(administration) : Promise.resolve(undefined),
      read(ALL_ADMINISTRATIONS),
    ]);
    if (!own) return all;
    if (!all) return own;
    return own.startedAt >= all.startedAt ? own : all;
  }

  /** Newest first, over one connector or all of them (merged by start time). */
  async list(filter: RunFilter, page: RunPage): Promise<{ items: RunRecord[]; nextCursor?: string }> {
    const before = page.cursor ? decodeCursor(page.cursor) : LATEST_PREFIX;
    const connectors = filter.connector ? [filter.connector] : this.connectors;
    const perConnector = await Promise.all(
      connectors.map((connector) => this.query(connector, before, filter.administrations, page.limit + 1)),
    );
    const merged = perConnector.flat().sort((a, b) => (a.sk < b.sk ? 1 : a.sk > b.sk ? -1 : 0));
    const items = merged.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map((item) => item.record),
      ...(merged.length > page.limit && last ? { nextCursor: encodeCursor(last.sk) } : {}),
    };
  }

  private async query(
    connector: string,
    before: string,
    administrations: readonly string[] | undefined,
    wanted: number,
  ): Promise<{ sk: string; record: RunRecord }[]> {
    const values: Record<string, unknown> = { ':pk': `RUN#${connector}`, ':before': before };
    let filter: string | undefined;
    if (administrations) {
      const names = administrations.slice(0, 99).map((code, i) => {
        values[`:a${i}`] = code;
        return `:a${i}`;
      });
      filter =
        names.length > 0
          ? `attribute_not_exists(administration) OR administration IN (${names.join(', ')})`
          : 'attribute_not_exists(administration)';
    }
    const found: { sk: string; record: RunRecord }[] = [];
    let start: Record<string, unknown> | undefined;
    for (let round = 0; round < MAX_ROUNDS && found.length < wanted; round++) {
      const answer: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk < :before',
          ...(filter ? { FilterExpression: filter } : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: wanted,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of answer.Items ?? []) found.push({ sk: String(item.sk), record: strip(item) });
      start = answer.LastEvaluatedKey;
      if (!start) break;
    }
    return found.slice(0, wanted);
  }
}

function strip(item: Record<string, unknown>): RunRecord {
  const { pk: _pk, sk: _sk, [TTL_ATTRIBUTE]: _ttl, ...rest } = item;
  return rest as unknown as RunRecord;
}

function encodeCursor(sk: string): string {
  return Buffer.from(JSON.stringify({ before: sk }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { before?: unknown };
    if (typeof value.before === 'string' && /^\d{4}-\d{2}-\d{2}T[^#]+#run_[A-Za-z0-9-]+$/.test(value.before))
      return value.before;
  } catch (error) {
    throw new RunCursorError('cursor is not one this list answered', cursor, { cause: error });
  }
  throw new RunCursorError('cursor is not one this list answered', cursor);
}
