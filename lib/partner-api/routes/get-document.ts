import type { DocumentRecord } from '../../documents/index.ts';
import { mayReadDocument } from '../authorization.ts';
import { DocumentId } from '../correction.ts';
import { HttpProblem } from '../errors.ts';
import { type HttpResponse, jsonResponse, quoted } from '../http.ts';
import { documentLocation, type RouteContext } from './route-context.ts';

/** What a partner sees of a document: its status and history, what CASH made of it, and what went wrong. */
export interface DocumentView {
  id: string;
  /** `event` for a normalized event, `file` for an incoming file (an invoice, a statement). */
  kind: 'event' | 'file';
  type: string;
  administration: string;
  status: string;
  source: DocumentRecord['source'];
  attempts: number;
  createdAt: string;
  updatedAt: string;
  history: DocumentRecord['history'];
  /** The CASH transaction and boekstuk (journal, entry number), relation or order number, once booked. */
  cash: DocumentRecord['cash'] | null;
  errors: NonNullable<DocumentRecord['errors']>;
  /** For a file: the events it gave rise to, each with its own document. */
  eventIds?: string[];
  /** For a file: what the connector made of it (counts, review reasons). */
  result?: DocumentRecord['result'];
  /** For a file waiting for review: the prefilled booking a person can confirm or correct. */
  proposal?: DocumentRecord['proposal'];
  links: { self: string };
}

export function documentView(record: DocumentRecord): DocumentView {
  return {
    id: record.id,
    kind: record.kind ?? 'event',
    type: record.type,
    administration: record.administration,
    status: record.status,
    source: record.source,
    attempts: record.attempts,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    history: record.history,
    cash: record.cash ?? null,
    errors: record.errors ?? [],
    ...(record.eventIds ? { eventIds: record.eventIds } : {}),
    ...(record.result !== undefined ? { result: record.result } : {}),
    ...(record.proposal !== undefined ? { proposal: record.proposal } : {}),
    links: { self: documentLocation(record.id) },
  };
}

/** GET /v1/documents/{id}: 404 for an unknown id and equally for one the key may not see. */
export async function getDocument(id: string, ctx: RouteContext): Promise<HttpResponse> {
  const notFound = new HttpProblem(404, 'Not Found', `no document ${quoted(id)} for this API key`, [
    { path: 'id', rule: 'unknown-document', message: 'no such document for this API key', value: quoted(id) },
  ]);
  if (!DocumentId.safeParse(id).success) throw notFound;
  const record = await ctx.documents.get(id);
  // Another tenant's or administration's document is reported as absent, so ids cannot be probed.
  if (!record || !mayReadDocument(ctx.identity, record, ctx.scope)) throw notFound;
  return jsonResponse(200, documentView(record));
}
