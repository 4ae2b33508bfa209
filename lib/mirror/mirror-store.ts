import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll, type WriteRequest } from '../runtime/batch-write.ts';
import { queryPartition } from '../runtime/query-partition.ts';
import { MIRROR_KINDS, type MirrorKind, type MirrorOpenItem, type MirrorSnapshot } from './mirror-types.ts';
import { type SettledOpenItem, settleOpenItems } from './open-item-settlement.ts';
import { SettlementLedger } from './settlement-ledger.ts';

type Row = Record<string, unknown>;

const pk = (administration: string, kind: MirrorKind) => `MIRROR#${administration}#${kind}`;

/**
 * The sort key of a list's completeness marker, written after the last row of a full sync. A list without
 * it is being written for the first time (BatchWriteItem lands 25 rows at a time) or holds only the
 * writer's incremental upserts: a reader must not take a code's absence from it as "not in CASH".
 */
export const MIRROR_COMPLETE_MARKER = '#complete';

/** One list of the mirror as read, and whether a full sync of it has finished. */
export interface MirrorList<K extends MirrorKind> {
  rows: MirrorSnapshot[K];
  complete: boolean;
}

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
    case 'ledgerBalances':
      return `${row.account}#${row.period}`;
  }
}

/**
 * The CASH mirror in the mirror table: one partition per administration and kind, one item per row, so a
 * connector reads exactly the list it needs with one paged Query.
 */
export class MirrorStore {
  /** Bookings that settled open items and that CASH's last re-read may not show yet. */
  readonly settlements: SettlementLedger;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.settlements = new SettlementLedger(client, tableName);
  }

  /** One list; open items as they stand after recent settlements (see `readOpenItems`), paid ones left out. */
  async read<K extends MirrorKind>(administration: string, kind: K): Promise<MirrorSnapshot[K]> {
    if (kind === 'openItems') {
      const items = await this.readOpenItems(administration);
      return items.filter((item) => item.outstandingCents !== 0) as MirrorSnapshot[K];
    }
    return (await this.readList(administration, kind)).rows;
  }

  /**
   * The open items from CASH's last re-read minus the settlements it does not show yet (`SettlementLedger`):
   * items paid off since stay in the list with outstanding 0 and `settledBy`. Settlements of the bookings in
   * `ignore` are not subtracted (the lines that book them are being decided again).
   */
  async readOpenItems(
    administration: string,
    ignore: ReadonlySet<string> = new Set(),
  ): Promise<SettledOpenItem[]> {
    const [rows, settlements] = await Promise.all([
      this.query(administration, 'openItems'),
      this.settlements.read(administration),
    ]);
    return settleOpenItems(
      rows
        .filter((item) => item.sk !== MIRROR_COMPLETE_MARKER)
        .map((item) => ({
          item: item.row as MirrorOpenItem,
          ...(typeof item.syncedAt === 'string' ? { readAt: item.syncedAt } : {}),
        })),
      settlements,
      ignore,
    );
  }

  /** A list with its completeness (see `MIRROR_COMPLETE_MARKER`), in one paged Query. */
  async readList<K extends MirrorKind>(administration: string, kind: K): Promise<MirrorList<K>> {
    const rows: Row[] = [];
    let complete = false;
    for (const item of await this.query(administration, kind)) {
      if (item.sk === MIRROR_COMPLETE_MARKER) complete = true;
      else rows.push(item.row as Row);
    }
    return { rows: rows as unknown as MirrorSnapshot[K], complete };
  }

  /**
   * One page of a list in key order, after the row keyed `after` (the completeness marker left out), and
   * the key to go on after when there is more: what a paged full load or reconcile reads.
   */
  async readPage(
    administration: string,
    kind: MirrorKind,
    after: string | undefined,
    limit: number,
  ): Promise<{ rows: { key: string; row: Row }[]; next?: string }> {
    const answer: QueryCommandOutput = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: after ? 'pk = :pk AND sk > :after' : 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk(administration, kind), ...(after ? { ':after': after } : {}) },
        Limit: limit,
      }),
    );
    const items = answer.Items ?? [];
    const rows = items
      .filter((item) => item.sk !== MIRROR_COMPLETE_MARKER)
      .map((item) => ({ key: String(item.sk), row: item.row as Row }));
    const last = items.at(-1);
    return answer.LastEvaluatedKey && last ? { rows, next: String(last.sk) } : { rows };
  }

  private query(administration: string, kind: MirrorKind): Promise<Row[]> {
    return queryPartition(this.client, this.tableName, pk(administration, kind));
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

  /**
   * Replaces one kind with a fresh list: upserts every row, deletes rows CASH no longer has, and then marks
   * the list complete (the marker is written last, in a request of its own). With `inScope`, only existing
   * rows whose sort key it accepts may be deleted (a sync of part of a list, e.g. a period range).
   */
  async replace(
    administration: string,
    kind: MirrorKind,
    rows: Row[],
    syncedAt: string,
    inScope: (sortKey: string) => boolean = () => true,
  ): Promise<{ written: number; deleted: number }> {
    const existing = await this.keys(administration, kind);
    const fresh = new Set(rows.map((r) => rowKey(kind, r)));
    const puts = rows.map((row) => ({
      PutRequest: { Item: { pk: pk(administration, kind), sk: rowKey(kind, row), row, syncedAt } },
    }));
    const deletes = [...existing]
      .filter((sk) => !fresh.has(sk) && inScope(sk))
      .map((sk) => ({ DeleteRequest: { Key: { pk: pk(administration, kind), sk } } }));
    await this.batch([...puts, ...deletes]);
    await this.batch([
      { PutRequest: { Item: { pk: pk(administration, kind), sk: MIRROR_COMPLETE_MARKER, syncedAt } } },
    ]);
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
      for (const item of page.Items ?? []) if (item.sk !== MIRROR_COMPLETE_MARKER) keys.add(String(item.sk));
      start = page.LastEvaluatedKey;
    } while (start);
    return keys;
  }

  private async batch(requests: WriteRequest[]): Promise<void> {
    await batchWriteAll(this.client, this.tableName, requests);
  }
}
