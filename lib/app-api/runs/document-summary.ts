import type { DocumentRecord } from '../../documents/index.ts';

/** A document as the app's lists show it (contract `DocumentSummary`). */
export interface OpsDocumentSummary {
  id: string;
  kind: string;
  type: string;
  administration: string;
  connector: string;
  status: string;
  title: string;
  amountCents?: number;
  date?: string;
  relationName?: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * The summary of a record. The summary fields (`title`, `amountCents`, `date`, `relationName`) are the ones
 * the document store keeps current for the index; a record written before them gets its type and source id.
 */
export function documentSummary(record: DocumentRecord): OpsDocumentSummary {
  const extra = record as DocumentRecord & {
    title?: unknown;
    amountCents?: unknown;
    date?: unknown;
    relationName?: unknown;
  };
  return {
    id: record.id,
    kind: record.kind ?? 'event',
    type: record.type,
    administration: record.administration,
    connector: record.source?.connector ?? 'unknown',
    status: record.status,
    title:
      typeof extra.title === 'string'
        ? extra.title
        : `${record.type} ${record.source?.externalId ?? record.id}`,
    ...(Number.isSafeInteger(extra.amountCents) ? { amountCents: extra.amountCents as number } : {}),
    ...(typeof extra.date === 'string' ? { date: extra.date } : {}),
    ...(typeof extra.relationName === 'string' ? { relationName: extra.relationName } : {}),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
