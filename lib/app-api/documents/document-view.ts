import type { DocumentRecord } from '../../documents/index.ts';
import { type DocumentSummary, documentSummary } from '../document-summary.ts';
import { type OriginalLink, originalLink } from './original-file.ts';

/** A document as the app shows it: the record without the writer's internal fields, with its summary. */
export type AppDocumentView = Omit<DocumentRecord, 'plan' | 'payloadHash'> & {
  summary: DocumentSummary;
  original?: OriginalLink;
  /** For a file: the events it gave rise to. */
  events?: DocumentSummary[];
};

const INDEX_ATTRIBUTES = /^gsi|^search/;

export function appDocumentView(record: DocumentRecord, events?: DocumentRecord[]): AppDocumentView {
  const { plan: _plan, payloadHash: _hash, ...rest } = record;
  // The index's own attributes (GSI keys, search tokens) are not part of what a person reads.
  const visible = Object.fromEntries(
    Object.entries(rest).filter(([name]) => !INDEX_ATTRIBUTES.test(name)),
  ) as Omit<DocumentRecord, 'plan' | 'payloadHash'>;
  const original = originalLink(record);
  return {
    ...visible,
    summary: documentSummary(record),
    ...(original ? { original } : {}),
    ...(events ? { events: events.map(documentSummary) } : {}),
  };
}
