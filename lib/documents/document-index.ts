import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { DocumentRecord, DocumentStatus } from './document-record.ts';
import { type SummaryFields, summarize } from './document-summary.ts';
import { documentTokens } from './search-tokens.ts';

/**
 * The documents table's secondary indexes. All share the sort key {@link GSI_SORT_KEY}
 * (`<createdAt>#<id>`); each partition key is a `gsi*` attribute of the status record:
 * - `review`: only records in a status that waits for a person: `REVIEW#<adm>`
 * - `administration`: every record, `ADM#<adm>` (the day counters too, under `COUNTS#<adm>`)
 * - `status`: `ADMSTATUS#<adm>#<status>`
 * - `connector`: `ADMCONN#<adm>#<connector>`
 * Search tokens are items of the table itself: `pk = SEARCH#<adm>#<token>`, `sk = <createdAt>#<id>`.
 */
export const DOCUMENT_INDEXES = {
  review: { indexName: 'review', partitionKey: 'gsiReviewPk' },
  administration: { indexName: 'administration', partitionKey: 'gsiAdmPk' },
  status: { indexName: 'status', partitionKey: 'gsiStatusPk' },
  connector: { indexName: 'connector', partitionKey: 'gsiConnectorPk' },
} as const;
export type DocumentIndexName = keyof typeof DOCUMENT_INDEXES;
export const GSI_SORT_KEY = 'gsiSk';
/** Every index attribute a status record may carry (removed when no longer derived). */
export const GSI_ATTRIBUTES = [
  ...Object.values(DOCUMENT_INDEXES).map((i) => i.partitionKey),
  GSI_SORT_KEY,
] as readonly string[];

/** Statuses that put a record in the review queue. */
export const REVIEW_STATUSES: ReadonlySet<DocumentStatus> = new Set(['review', 'rejected', 'failed']);
/** Statuses counted per day, connector and administration. */
export const COUNTED_STATUSES = ['booked', 'review', 'rejected', 'failed'] as const;
export type CountedStatus = (typeof COUNTED_STATUSES)[number];

export const reviewPartition = (administration: string) => `REVIEW#${administration}`;
export const administrationPartition = (administration: string) => `ADM#${administration}`;
export const statusPartition = (administration: string, status: string) =>
  `ADMSTATUS#${administration}#${status}`;
export const connectorPartition = (administration: string, connector: string) =>
  `ADMCONN#${administration}#${connector}`;
export const searchPartition = (administration: string, token: string) => `SEARCH#${administration}#${token}`;
export const countsPartition = (administration: string) => `COUNTS#${administration}`;

/** `<createdAt>#<id>`: orders by time, unique per document (createdAt falls back to updatedAt). */
export function sortKeyOf(record: { id: string; createdAt?: string; updatedAt?: string }): string {
  const at = typeof record.createdAt === 'string' ? record.createdAt : String(record.updatedAt ?? '');
  return `${at}#${record.id}`;
}

/** Summary fields, and the index keys of a record that names its administration (others are not indexed). */
export interface IndexAttributes extends SummaryFields {
  gsiSk?: string;
  gsiAdmPk?: string;
  gsiStatusPk?: string;
  gsiConnectorPk?: string;
  gsiReviewPk?: string;
  searchTokens: string[];
}

function connectorOf(record: DocumentRecord): string {
  const connector = (record.source as { connector?: unknown } | undefined)?.connector;
  return typeof connector === 'string' ? connector : 'unknown';
}

/** The search tokens of a record: its title, relation, invoice number, external id and amount. */
export function tokensOf(record: DocumentRecord, summary: SummaryFields): string[] {
  const result = (record.result ?? {}) as Record<string, unknown>;
  const invoiceNumber = typeof result.invoiceNumber === 'string' ? result.invoiceNumber : undefined;
  const externalId = (record.source as { externalId?: unknown } | undefined)?.externalId;
  return documentTokens({
    texts: [summary.title, summary.relationName],
    identifiers: [
      invoiceNumber,
      summary.relationNumber,
      typeof externalId === 'string' ? externalId : undefined,
    ],
    amountsCents: [summary.amountCents],
  });
}

/** Every attribute the indexes need, derived from the record alone. */
export function indexAttributes(record: DocumentRecord): IndexAttributes {
  const summary = summarize(record);
  const adm = record.administration;
  if (typeof adm !== 'string' || adm === '' || typeof record.id !== 'string') {
    return { ...summary, searchTokens: [] };
  }
  const connector = connectorOf(record);
  return {
    ...summary,
    gsiSk: sortKeyOf(record),
    gsiAdmPk: administrationPartition(adm),
    gsiStatusPk: statusPartition(adm, String(record.status)),
    gsiConnectorPk: connectorPartition(adm, connector),
    ...(REVIEW_STATUSES.has(record.status) ? { gsiReviewPk: reviewPartition(adm) } : {}),
    searchTokens: tokensOf(record, summary),
  };
}

/** Summary fields a record may carry; a write removes those no longer derived. */
export const SUMMARY_ATTRIBUTES = [
  'itemKind',
  'title',
  'amountCents',
  'currency',
  'date',
  'relationName',
  'relationNumber',
  'reasons',
] as const;

/** The documents table with its indexes, for local emulators and tests (the stack defines the same). */
export function documentsTableDefinition(tableName: string): CreateTableCommandInput {
  const indexes = Object.values(DOCUMENT_INDEXES);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: GSI_SORT_KEY, AttributeType: 'S' },
      ...indexes.map((i) => ({ AttributeName: i.partitionKey, AttributeType: 'S' as const })),
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' },
        { AttributeName: GSI_SORT_KEY, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/** A status record as read: without the table's keys and the index keys (derived, never shown). */
export function recordFromItem(item: Record<string, unknown>): DocumentRecord {
  const { pk: _pk, sk: _sk, ...rest } = item;
  for (const field of GSI_ATTRIBUTES) delete rest[field];
  return rest as unknown as DocumentRecord;
}
