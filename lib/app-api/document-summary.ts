import type { DocumentRecord, DocumentStatus } from '../documents/index.ts';

/** What a list shows of a document; money in integer cents, dates ISO. */
export interface DocumentSummary {
  id: string;
  kind: 'file' | 'event';
  type: string;
  administration: string;
  connector: string;
  status: DocumentStatus;
  title: string;
  amountCents?: number;
  currency?: string;
  date?: string;
  relationName?: string;
  createdAt: string;
  updatedAt: string;
}

type Loose = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;
const cents = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
const object = (value: unknown): Loose | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : undefined;

/**
 * The summary fields of a document: the index keeps them on the record (`title`, `amountCents`, `date`,
 * `relationName`, `reasons`); a record written before the index is read from what its connector stored
 * (an invoice's number, party and total, a bank line's counterparty and amount).
 */
export function documentSummary(record: DocumentRecord): DocumentSummary {
  const loose = record as unknown as Loose;
  const result = object(record.result) ?? {};
  const entry = object(result.entry);
  const party = object(result.party);
  const totals = object(result.totals);
  const invoiceNumber = text(result.invoiceNumber);
  const amountCents =
    cents(loose.amountCents) ??
    cents(totals?.payableCents) ??
    cents(totals?.grossCents) ??
    cents(entry?.amountCents);
  const date = text(loose.date) ?? text(result.issueDate) ?? text(entry?.bookingDate);
  const relationName = text(loose.relationName) ?? text(party?.name) ?? text(entry?.counterpartyName);
  const currency = text(loose.currency) ?? text(result.currency) ?? text(entry?.currency);
  const title =
    text(loose.title) ??
    (invoiceNumber ? `Factuur ${invoiceNumber}` : undefined) ??
    text(entry?.remittance)?.slice(0, 120) ??
    `${record.type} ${record.source.externalId}`.slice(0, 120);
  return {
    id: record.id,
    kind: record.kind ?? 'event',
    type: record.type,
    administration: record.administration,
    connector: record.source.connector,
    status: record.status,
    title,
    ...(amountCents !== undefined ? { amountCents } : {}),
    ...(currency ? { currency } : {}),
    ...(date ? { date } : {}),
    ...(relationName ? { relationName } : {}),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** Why a document waits for a person: the index's `reasons`, the connector's, or its errors. */
export function documentReasons(record: DocumentRecord): string[] {
  const loose = record as unknown as Loose;
  const result = object(record.result) ?? {};
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const listed = strings(loose.reasons);
  if (listed.length > 0) return listed;
  const own = text(result.reason);
  const connector = [...(own ? [own] : []), ...strings(result.reviewReasons), ...strings(result.reasons)];
  if (connector.length > 0) return connector;
  return (record.errors ?? []).map((e) => e.message);
}
