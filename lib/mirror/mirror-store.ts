import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll, type WriteRequest } from '../runtime/batch-write.ts';
import { MIRROR_KINDS, type MirrorKind, type MirrorSnapshot } from './mirror-types.ts';

type Row = Record<string, unknown>;

const pk = (administration: string, kind: MirrorKind) => `MIRROR#${administration}#${kind}`;

function rowKey(kind: MirrorKind, row: Row): string {
  switch (kind) {
    case 'relations':
      return String(row.relationNumber);
    case 'ledgerAccounts':
      return String(row.account);
    case 'journals':
    case 'costCentres':
    case 'articles':
      return String(row.code);
    case 'openItems':
      return `${row.relationNumber}#${row.invoiceNumber}#${row.ledgerAccount ?? ''}`;
  }
}

/**
 * The CASH mirror in the mirror table: one partition per administration and kind, one item per row, so a
 * connector reads exactly the list it needs with one paged Query.
 */
export class MirrorStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read<K extends MirrorKind>(administration: string, kind: K): Promise<MirrorSnapshot[K]> {
    const rows: Row[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk(administration, kind) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) rows.push(item.row as Row);
      start = page.LastEvaluatedKey;
    } while (start);
    return rows as unknown as MirrorSnapshot[K];
  }

  async readAll(administration: string): Promise<Omit<MirrorSnapshot, 'syncedAt'>> {
    const parts = await Promise.all(MIRROR_KINDS.map((kind) => this.read(administration, kind)));
    return {
      administration,
      ...(Object.fromEntries(MIRROR_KINDS.map((kind, i) => [kind, parts[i]])) as Omit<
        MirrorSnapshot,
        'administration' | 'syncedAt'
      >),
    };
  }

  /** Replaces one kind with a fresh list: upserts every row, then deletes rows CASH no longer has. */
  async replace(
    administration: string,
    kind: MirrorKind,
    rows: Row[],
    syncedAt: string,
  ): Promise<{ written: number; deleted: number }> {
    const existing = await this.keys(administration, kind);
    const fresh = new Set(rows.map((r) => rowKey(kind, r)));
    const puts = rows.map((row) => ({
      PutRequest: { Item: { pk: pk(administration, kind), sk: rowKey(kind, row), row, syncedAt } },
    }));
    const deletes = [...existing]
      .filter((sk) => !fresh.has(sk))
      .map((sk) => ({ DeleteRequest: { Key: { pk: pk(administration, kind), sk } } }));
    await this.batch([...puts, ...deletes]);
    return { written: puts.length, deleted: deletes.length };
  }

  /** Incremental update after the writer booked something (no CASH request needed). */
  async upsert(administration: string, kind: MirrorKind, rows: Row[]): Promise<void> {
    const at = new Date().toISOString();
    await this.batch(
      rows.map((row) => ({
        PutRequest: { Item: { pk: pk(administration, kind), sk: rowKey(kind, row), row, syncedAt: at } },
      })),
    );
  }

  private async keys(administration: string, kind: MirrorKind): Promise<Set<string>> {
    const keys = new Set<string>();
    let start: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk(administration, kind) },
          ProjectionExpression: 'sk',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) keys.add(String(item.sk));
      start = page.LastEvaluatedKey;
    } while (start);
    return keys;
  }

  private async batch(requests: WriteRequest[]): Promise<void> {
    await batchWriteAll(this.client, this.tableName, requests);
  }
}
