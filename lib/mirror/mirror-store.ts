import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { ChangeEvent } from '../../events/change-event.ts';
import {
  type ChangeFeedContext,
  type ChangeProblem,
  diffMirrorRows,
  type StoredMirrorRow,
} from '../outbound/feed/index.ts';
import { batchGetAll } from '../runtime/batch-get.ts';
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

/**
 * Who a write's change events are for (the tenant), where the change was seen, and where they go: `publish`
 * runs before the mirror is written, so when it fails the mirror keeps its old copy and the next sync sees
 * the same changes again (a change is never lost between the mirror and the delivery queues).
 */
export interface MirrorChangeFeed extends Pick<ChangeFeedContext, 'tenant' | 'origin'> {
  publish?: (changes: readonly ChangeEvent[]) => Promise<void>;
}

const contextOf = (feed: MirrorChangeFeed, administration: string, occurredAt: string) => ({
  context: { tenant: feed.tenant, origin: feed.origin, administration, occurredAt },
});

/** What a replace or upsert did: rows written and deleted, and the change events of what changed. */
export interface MirrorWriteResult {
  written: number;
  deleted: number;
  changes: ChangeEvent[];
  /** Records mirrored whose change event would not validate (field, rule, value). */
  problems: ChangeProblem[];
}

export function rowKey(kind: MirrorKind, row: Row): string {
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
    // A full replace re-read every row it kept but rewrote only the changed ones: the marker holds its time.
    const marker = rows.find((item) => item.sk === MIRROR_COMPLETE_MARKER)?.syncedAt;
    const readAtOf = (syncedAt: unknown): string | undefined => {
      const times = [syncedAt, marker].filter((t): t is string => typeof t === 'string');
      return times.sort((a, b) => Date.parse(b) - Date.parse(a))[0];
    };
    return settleOpenItems(
      rows
        .filter((item) => item.sk !== MIRROR_COMPLETE_MARKER)
        .map((item) => {
          const readAt = readAtOf(item.syncedAt);
          return { item: item.row as MirrorOpenItem, ...(readAt ? { readAt } : {}) };
        }),
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

  /** One row of a list by its key (the sort key a page answers), undefined when the mirror has none. */
  async readRow(administration: string, kind: MirrorKind, key: string): Promise<Row | undefined> {
    if (key === MIRROR_COMPLETE_MARKER) return undefined;
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: pk(administration, kind), sk: key } }),
    );
    return Item ? (Item.row as Row) : undefined;
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
   * Replaces one kind with a fresh list: writes the rows whose content hash changed (and new ones), deletes
   * rows CASH no longer has, and then marks the list complete (the marker is written last, in a request of its
   * own, and carries the time of the read). With `inScope`, only existing rows whose sort key it accepts may be
   * deleted (a sync of part of a list, e.g. a period range). With `feed`, answers the change events.
   */
  async replace(
    administration: string,
    kind: MirrorKind,
    rows: Row[],
    syncedAt: string,
    inScope: (sortKey: string) => boolean = () => true,
    feed?: MirrorChangeFeed,
  ): Promise<MirrorWriteResult> {
    const previous = await this.stored(administration, kind);
    const diff = diffMirrorRows(kind, previous, rows, (row) => rowKey(kind, row), {
      ...(feed ? contextOf(feed, administration, syncedAt) : {}),
      freshIsComplete: true,
      inScope,
    });
    if (diff.events.length > 0) await feed?.publish?.(diff.events);
    const puts = diff.puts.map(({ key, row, hash }) => ({
      PutRequest: { Item: { pk: pk(administration, kind), sk: key, row, hash, syncedAt } },
    }));
    const deletes = diff.deletes.map((sk) => ({
      DeleteRequest: { Key: { pk: pk(administration, kind), sk } },
    }));
    await this.batch([...puts, ...deletes]);
    await this.batch([
      { PutRequest: { Item: { pk: pk(administration, kind), sk: MIRROR_COMPLETE_MARKER, syncedAt } } },
    ]);
    return { written: puts.length, deleted: deletes.length, changes: diff.events, problems: diff.problems };
  }

  /**
   * Incremental update after the writer booked something (no CASH request needed): a row keeps the fields
   * the booking did not mention (an article's stock), and only rows whose content changed are written.
   */
  async upsert(
    administration: string,
    kind: MirrorKind,
    rows: Row[],
    feed?: MirrorChangeFeed,
  ): Promise<MirrorWriteResult> {
    const at = new Date().toISOString();
    const keys = [...new Set(rows.map((row) => rowKey(kind, row)))];
    const found = await batchGetAll(
      this.client,
      this.tableName,
      keys.map((sk) => ({ pk: pk(administration, kind), sk })),
    );
    const previous = new Map(found.map((item) => [String(item.sk), storedRow(item)]));
    const merged = rows.map((row) => ({ ...(previous.get(rowKey(kind, row))?.row ?? {}), ...row }));
    const diff = diffMirrorRows(kind, previous, merged, (row) => rowKey(kind, row), {
      ...(feed ? contextOf(feed, administration, at) : {}),
      freshIsComplete: false,
    });
    if (diff.events.length > 0) await feed?.publish?.(diff.events);
    await this.batch(
      diff.puts.map(({ key, row, hash }) => ({
        PutRequest: { Item: { pk: pk(administration, kind), sk: key, row, hash, syncedAt: at } },
      })),
    );
    return { written: diff.puts.length, deleted: 0, changes: diff.events, problems: diff.problems };
  }

  /** The rows of one list with their stored hashes, by sort key (the completeness marker left out). */
  private async stored(administration: string, kind: MirrorKind): Promise<Map<string, StoredMirrorRow>> {
    const rows = new Map<string, StoredMirrorRow>();
    for (const item of await this.query(administration, kind))
      if (item.sk !== MIRROR_COMPLETE_MARKER) rows.set(String(item.sk), storedRow(item));
    return rows;
  }

  private async batch(requests: WriteRequest[]): Promise<void> {
    await batchWriteAll(this.client, this.tableName, requests);
  }
}

function storedRow(item: Row): StoredMirrorRow {
  return {
    key: String(item.sk),
    row: (item.row ?? {}) as Row,
    ...(typeof item.hash === 'string' ? { hash: item.hash } : {}),
  };
}
