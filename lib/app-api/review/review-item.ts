import type { DocumentRecord, DocumentStatus } from '../../documents/index.ts';
import { INVOICE_CONNECTOR } from '../../invoices/index.ts';
import { documentReasons, documentSummary } from '../document-summary.ts';

export const REVIEW_KINDS = ['invoice', 'bank-line', 'event'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** One entry of the review queue (Te beoordelen). */
export interface ReviewItem {
  id: string;
  kind: ReviewKind | string;
  administration: string;
  connector: string;
  status: DocumentStatus;
  reasons: string[];
  title: string;
  amountCents?: number;
  currency?: string;
  date?: string;
  relationName?: string;
  createdAt: string;
}

const BANK_CONNECTOR = 'bank-import';

/**
 * What a person does with a waiting document: an invoice file is booked (`book`), a bank line is matched
 * (`match`), a rejected or failed event is sent again (`resend`). Other files (a statement the bank import
 * could not read) are shown, with their reasons, but have no action here.
 */
export function reviewKindOf(record: DocumentRecord): ReviewKind | 'file' {
  if (record.kind === 'file') {
    return record.source.connector === INVOICE_CONNECTOR || record.type === 'invoice-file'
      ? 'invoice'
      : 'file';
  }
  const result = record.result as { importId?: unknown } | undefined;
  if (record.source.connector === BANK_CONNECTOR && typeof result?.importId === 'string') return 'bank-line';
  return 'event';
}

export function reviewItem(record: DocumentRecord): ReviewItem {
  const summary = documentSummary(record);
  return {
    id: record.id,
    kind: reviewKindOf(record),
    administration: record.administration,
    connector: record.source.connector,
    status: record.status,
    reasons: documentReasons(record),
    title: summary.title,
    ...(summary.amountCents !== undefined ? { amountCents: summary.amountCents } : {}),
    ...(summary.currency ? { currency: summary.currency } : {}),
    ...(summary.date ? { date: summary.date } : {}),
    ...(summary.relationName ? { relationName: summary.relationName } : {}),
    createdAt: record.createdAt,
  };
}
