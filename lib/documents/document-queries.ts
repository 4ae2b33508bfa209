import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DayCount } from './day-counters.ts';
import { decodeCursor, encodeCursor } from './document-cursor.ts';
import {
  checkAdministrations,
  checkDate,
  checkLimit,
  type ListFilter,
  matcherFor,
  type Page,
  type PageRequest,
  type ReviewFilter,
} from './document-filter.ts';
import {
  administrationPartition,
  connectorPartition,
  countsPartition,
  DOCUMENT_INDEXES,
  type DocumentIndexName,
  GSI_SORT_KEY,
  recordFromItem,
  reviewPartition,
  searchPartition,
  statusPartition,
} from './document-index.ts';
import { documentKey } from './document-index-writer.ts';
import { DocumentQueryError } from './document-query-error.ts';
import type { DocumentRecord } from './document-record.ts';
import { mergePartitions, type PartitionPage, PartitionStream } from './partition-stream.ts';

/** Items one call examines at most; a page that reaches it ends early with a cursor to go on from. */
export const MAX_EXAMINED = 2000;
const QUERY_PAGE = 100;
const MAX_COUNT_DAYS = 400;

interface Range {
  /** Inclusive bounds on the sort key (the cursor's key is one of them). */
  lo?: string;
  hi?: string;
  /** The cursor's key: excluded (it was on the previous page). */
  after?: string;
}

interface Positioned {
  sk: string;
  record?: DocumentRecord;
}

/**
 * Reads of the documents table for the web app: the review queue, the document list with its filters and
 * search, and the day counters. Query only (the `gsi*` indexes and the search token partitions), never
 * Scan; several administrations are merged by sort key; cursors are opaque and checked.
 */
export class DocumentQueries {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** A document by id (the store's record), or undefined. */
  async get(id: string): Promise<DocumentRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: documentKey(id) }),
    );
    return Item ? recordFromItem(Item) : undefined;
  }

  /** Records waiting for a person (review, rejected, failed), oldest first. */
  async reviewQueue(filter: ReviewFilter, page: PageRequest = {}): Promise<Page<DocumentRecord>> {
    const administrations = checkAdministrations(filter.administrations);
    const limit = checkLimit(page.limit);
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    const matcher = matcherFor({
      administrations,
      connector: filter.connector,
      kind: filter.kind,
      reason: filter.reason,
    });
    const streams = administrations.map((adm) =>
      this.indexStream('review', reviewPartition(adm), { after, lo: after }, false),
    );
    return collect(streams, false, limit, (r) => matcher.matches(r));
  }

  /** Documents newest first, by the most selective index the filter allows, or found by `q`. */
  async list(filter: ListFilter, page: PageRequest = {}): Promise<Page<DocumentRecord>> {
    const administrations = checkAdministrations(filter.administrations);
    const limit = checkLimit(page.limit);
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    const matcher = matcherFor(filter);
    const from = checkDate('from', filter.from);
    const to = checkDate('to', filter.to);
    const hiDate = to ? `${to}T\uffff` : undefined;
    const range: Range = { after, lo: from, hi: after && (!hiDate || after < hiDate) ? after : hiDate };
    let streams: PartitionStream<Positioned>[];
    if (matcher.tokens.length > 0) {
      // The longest word is the rarest, as a rule: its partition drives, the others are checked per record.
      const driving = [...matcher.tokens].sort((a, b) => b.length - a.length)[0] as string;
      streams = administrations.map((adm) => this.searchStream(searchPartition(adm, driving), range));
    } else if (filter.status !== undefined) {
      const status = String(filter.status);
      streams = administrations.map((adm) =>
        this.indexStream('status', statusPartition(adm, status), range, true),
      );
    } else if (filter.connector !== undefined) {
      const connector = String(filter.connector);
      streams = administrations.map((adm) =>
        this.indexStream('connector', connectorPartition(adm, connector), range, true),
      );
    } else {
      streams = administrations.map((adm) =>
        this.indexStream('administration', administrationPartition(adm), range, true),
      );
    }
    return collect(streams, true, limit, (r) => matcher.matches(r));
  }

  /** Transitions into booked/review/rejected/failed per day (UTC) and connector, days with any only. */
  async countsByDay(
    administration: string,
    connector: string | undefined,
    fromDate: string,
    toDate: string,
  ): Promise<DayCount[]> {
    const [adm] = checkAdministrations([administration]);
    const from = checkDate('fromDate', fromDate) as string;
    const to = checkDate('toDate', toDate) as string;
    if (from > to) throw new DocumentQueryError('toDate', 'after-from', 'on or after fromDate', toDate);
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_COUNT_DAYS) {
      throw new DocumentQueryError(
        'toDate',
        'max-span',
        `at most ${MAX_COUNT_DAYS} days after fromDate`,
        toDate,
      );
    }
    const out: DayCount[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: DOCUMENT_INDEXES.administration.indexName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
          ExpressionAttributeNames: {
            '#pk': DOCUMENT_INDEXES.administration.partitionKey,
            '#sk': GSI_SORT_KEY,
          },
          ExpressionAttributeValues: {
            ':pk': countsPartition(adm as string),
            ':lo': from,
            ':hi': `${to}#\uffff`,
          },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of answer.Items ?? []) {
        if (connector !== undefined && item.connector !== connector) continue;
        out.push({
          date: String(item.date),
          connector: String(item.connector),
          booked: count(item.booked),
          review: count(item.review),
          rejected: count(item.rejected),
          failed: count(item.failed),
        });
      }
      start = answer.LastEvaluatedKey;
    } while (start);
    return out;
  }

  private indexStream(
    index: DocumentIndexName,
    partition: string,
    range: Range,
    descending: boolean,
  ): PartitionStream<Positioned> {
    const { indexName, partitionKey } = DOCUMENT_INDEXES[index];
    return new PartitionStream(async (start) => {
      const page = await this.query(partition, range, descending, start, { indexName, partitionKey });
      return {
        next: page.next,
        items: page.items.map((item) => ({ sk: String(item[GSI_SORT_KEY]), record: recordFromItem(item) })),
      };
    });
  }

  /** A search token partition; its items name documents, read in one batch per page. */
  private searchStream(partition: string, range: Range): PartitionStream<Positioned> {
    return new PartitionStream(async (start) => {
      const page = await this.query(partition, range, true, start);
      const ids = page.items.map((item) => String(item.id));
      const records = await this.batchGet(ids);
      return {
        next: page.next,
        items: page.items.map((item) => ({ sk: String(item.sk), record: records.get(String(item.id)) })),
      };
    });
  }

  private async query(
    partition: string,
    range: Range,
    descending: boolean,
    start: Record<string, unknown> | undefined,
    index?: { indexName: string; partitionKey: string },
  ): Promise<PartitionPage<Record<string, unknown>>> {
    const skName = index ? GSI_SORT_KEY : 'sk';
    const names: Record<string, string> = { '#pk': index?.partitionKey ?? 'pk' };
    const values: Record<string, unknown> = { ':pk': partition };
    let condition = '#pk = :pk';
    const { lo, hi } = range;
    if (lo !== undefined || hi !== undefined) names['#sk'] = skName;
    if (lo !== undefined && hi !== undefined) {
      condition += ' AND #sk BETWEEN :lo AND :hi';
      Object.assign(values, { ':lo': lo, ':hi': hi });
    } else if (lo !== undefined) {
      condition += ' AND #sk >= :lo';
      values[':lo'] = lo;
    } else if (hi !== undefined) {
      condition += ' AND #sk <= :hi';
      values[':hi'] = hi;
    }
    if (lo !== undefined && hi !== undefined && lo > hi) return { items: [] };
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        ...(index ? { IndexName: index.indexName } : {}),
        KeyConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: !descending,
        Limit: QUERY_PAGE,
        ExclusiveStartKey: start,
      }),
    );
    const items = (answer.Items ?? []).filter((item) => {
      return String(item[skName]) !== range.after;
    });
    return { items, next: answer.LastEvaluatedKey };
  }

  private async batchGet(ids: string[]): Promise<Map<string, DocumentRecord>> {
    const found = new Map<string, DocumentRecord>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      let request: BatchGetCommandOutput['UnprocessedKeys'] = {
        [this.tableName]: { Keys: unique.slice(i, i + 100).map(documentKey) },
      };
      for (let round = 0; request && Object.keys(request).length > 0 && round < 8; round++) {
        const answer: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: request }),
        );
        for (const item of answer.Responses?.[this.tableName] ?? []) {
          const record = recordFromItem(item);
          found.set(record.id, record);
        }
        request = answer.UnprocessedKeys;
        if (request && Object.keys(request).length > 0)
          await new Promise((r) => setTimeout(r, 25 * 2 ** round));
      }
    }
    return found;
  }
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : 0;
}

/** Merges the partitions and keeps the matching records up to `limit` or the examined budget. */
async function collect(
  streams: PartitionStream<Positioned>[],
  descending: boolean,
  limit: number,
  matches: (record: DocumentRecord) => boolean,
): Promise<Page<DocumentRecord>> {
  const items: DocumentRecord[] = [];
  let examined = 0;
  let last: string | undefined;
  const { exhausted } = await mergePartitions(
    streams,
    (p) => p.sk,
    descending,
    (p) => {
      examined++;
      last = p.sk;
      if (p.record && matches(p.record)) items.push(p.record);
      return items.length >= limit || examined >= MAX_EXAMINED ? 'stop' : 'more';
    },
  );
  return exhausted || last === undefined ? { items } : { items, nextCursor: encodeCursor(last) };
}
