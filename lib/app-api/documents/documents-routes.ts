import { DOCUMENT_STATUSES, type DocumentRecord } from '../../documents/index.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import { type HttpResponse, jsonResponse } from '../../partner-api/http.ts';
import { ADMINISTRATION_PARAM, administrationsToList, CONNECTOR_PARAM } from '../administration-scope.ts';
import type { AppRoute, AppRouteContext } from '../app-route.ts';
import { accessibleDocument } from '../document-access.ts';
import type { DocumentQueriesPort, DocumentReaderPort } from '../document-queries.ts';
import { documentSummary } from '../document-summary.ts';
import { QueryReader } from '../query-reader.ts';
import { appDocumentView } from './document-view.ts';
import { attachmentDisposition, contentTypeOf, originalLocation, originalName } from './original-file.ts';
import type { OriginalStore } from './original-store.ts';

/**
 * Lambda answers at most 6 MB; base64 makes a file a third larger. Larger originals are refused with a
 * problem that says so (they stay in the archive).
 */
export const MAX_ORIGINAL_BYTES = 4 * 1024 * 1024;

/** The most events of a file shown with it. */
const MAX_FILE_EVENTS = 100;

export interface DocumentsServices {
  tenant: string;
  queries: DocumentQueriesPort;
  documents: DocumentReaderPort;
  originals?: OriginalStore;
  maxOriginalBytes?: number;
}

/** Documenten: the searchable list, one document with its events, and its original file. */
export function documentsRoutes(services: DocumentsServices): AppRoute[] {
  return [
    {
      method: 'GET',
      path: '/v1/app/documents',
      action: 'read',
      handle: (ctx) => listDocuments(ctx, services),
    },
    {
      method: 'GET',
      path: '/v1/app/documents/{id}',
      action: 'read',
      handle: (ctx) => getDocument(ctx, services),
    },
    {
      method: 'GET',
      path: '/v1/app/documents/{id}/original',
      action: 'read',
      handle: (ctx) => getOriginal(ctx, services),
    },
  ];
}

async function listDocuments(ctx: AppRouteContext, services: DocumentsServices): Promise<HttpResponse> {
  const query = new QueryReader(ctx.request.query);
  const administration = query.text('administration', 20, ADMINISTRATION_PARAM);
  const status = query.oneOf('status', DOCUMENT_STATUSES);
  const connector = query.text('connector', 40, CONNECTOR_PARAM);
  const kind = query.oneOf('kind', ['file', 'event'] as const);
  const from = query.date('from');
  const to = query.date('to');
  const minCents = query.cents('minCents');
  const maxCents = query.cents('maxCents');
  const relation = query.text('relation', 100);
  const q = query.text('q', 100);
  const page = query.page();
  if (from && to) query.check(from <= to, 'to', 'date-order', 'to is on or after from', to);
  if (minCents !== undefined && maxCents !== undefined)
    query.check(
      minCents <= maxCents,
      'maxCents',
      'range-order',
      'maxCents is at least minCents',
      String(maxCents),
    );
  query.done();
  const administrations = administrationsToList(ctx, administration);
  if (administrations.length === 0) return jsonResponse(200, { items: [] });
  const found = await services.queries.list(
    {
      administrations,
      ...(status ? { status } : {}),
      ...(connector ? { connector } : {}),
      ...(kind ? { kind } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(minCents !== undefined ? { minCents } : {}),
      ...(maxCents !== undefined ? { maxCents } : {}),
      ...(relation ? { relation } : {}),
      ...(q ? { q } : {}),
    },
    page,
  );
  // The index answers for the administrations asked; a record of another slips through nowhere.
  const items = found.items.filter((r) => visible(r, services.tenant, administrations)).map(documentSummary);
  return jsonResponse(200, { items, ...(found.nextCursor ? { nextCursor: found.nextCursor } : {}) });
}

function visible(record: DocumentRecord, tenant: string, administrations: readonly string[]): boolean {
  return record.tenant === tenant && administrations.includes(record.administration);
}

async function getDocument(ctx: AppRouteContext, services: DocumentsServices): Promise<HttpResponse> {
  const record = await accessibleDocument(ctx, services.documents, services.tenant, ctx.params.id ?? '');
  const ids = (record.eventIds ?? []).slice(0, MAX_FILE_EVENTS);
  const events =
    record.kind === 'file'
      ? [...(await services.documents.getMany(ids)).values()].filter((e) =>
          visible(e, services.tenant, [record.administration]),
        )
      : undefined;
  return jsonResponse(200, appDocumentView(record, events));
}

async function getOriginal(ctx: AppRouteContext, services: DocumentsServices): Promise<HttpResponse> {
  const id = ctx.params.id ?? '';
  const record = await accessibleDocument(ctx, services.documents, services.tenant, id);
  const location = originalLocation(record);
  const noOriginal = new HttpProblem(404, 'Not Found', `document ${id} has no original file here`, [
    { path: 'id', rule: 'no-original', message: 'the document keeps no original file', value: id },
  ]);
  if (!location || !services.originals) throw noOriginal;
  const limit = services.maxOriginalBytes ?? MAX_ORIGINAL_BYTES;
  const object = await services.originals.get(location, limit);
  if (!object) throw noOriginal;
  if (!object.body) {
    throw new HttpProblem(
      422,
      'Unprocessable Content',
      `the original has ${object.size} bytes; at most ${limit} download here`,
      [{ path: 'id', rule: 'original-too-large', message: `at most ${limit} bytes`, value: object.size }],
    );
  }
  const name = originalName(location.key);
  return {
    statusCode: 200,
    headers: {
      'content-type': object.contentType ?? contentTypeOf(name),
      'content-disposition': attachmentDisposition(name),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    },
    body: Buffer.from(object.body).toString('base64'),
    isBase64Encoded: true,
  };
}
