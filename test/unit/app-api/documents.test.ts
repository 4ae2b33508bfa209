import { describe, expect, it } from 'vitest';
import { documentsRoutes, type OriginalStore } from '../../../lib/app-api/documents/index.ts';
import { hex, InMemoryDocuments, parse, record, request, router, TENANT } from './fixtures.ts';
import { INVOICE_ID, invoiceFile } from './review-fixtures.ts';

const EVENT_ID = `evt_${hex(7)}`;
const TWEE_ID = `evt_${hex(8)}`;
const BYTES = Buffer.from('<Invoice>€ 121,00</Invoice>', 'utf8');

class InMemoryOriginals implements OriginalStore {
  readonly buckets = ['archive-bucket'];
  readonly objects = new Map<string, Uint8Array>([
    ['archive-bucket/originals/DEMO/2026-03/f-2026-014.xml', BYTES],
  ]);
  async get(location: { bucket: string; key: string }, maxBytes: number) {
    if (!this.buckets.includes(location.bucket)) return undefined;
    const body = this.objects.get(`${location.bucket}/${location.key}`);
    if (!body) return undefined;
    return body.byteLength > maxBytes
      ? { size: body.byteLength }
      : { size: body.byteLength, body, contentType: 'application/xml' };
  }
}

function documentsApi(maxOriginalBytes?: number) {
  const documents = new InMemoryDocuments().add(
    invoiceFile({ status: 'queued', eventIds: [EVENT_ID], createdAt: '2026-03-14T08:00:00.000Z' }),
    record({
      id: EVENT_ID,
      status: 'booked',
      fileDocumentId: INVOICE_ID,
      createdAt: '2026-03-14T08:00:01.000Z',
      plan: { reference: 'r', batchId: 'b' },
    }),
    record({ id: TWEE_ID, administration: 'TWEE', status: 'booked', createdAt: '2026-03-15T08:00:00.000Z' }),
  );
  const originals = new InMemoryOriginals();
  const api = router(
    documentsRoutes({
      tenant: TENANT,
      queries: documents,
      documents,
      originals,
      ...(maxOriginalBytes ? { maxOriginalBytes } : {}),
    }),
  );
  return { api, documents, originals };
}

describe('GET /v1/app/documents', () => {
  it('lists the granted administrations newest first with summaries', async () => {
    // Prepare
    const { api } = documentsApi();
    // Act
    const response = await api.handle(request('GET', '/v1/app/documents', { user: 'bookkeeper' }));
    // Assess
    expect(response.statusCode).toBe(200);
    const items = parse(response).items;
    expect(items.map((i: { id: string }) => i.id)).toEqual([EVENT_ID, INVOICE_ID]);
    expect(items[1]).toEqual({
      id: INVOICE_ID,
      kind: 'file',
      type: 'invoice-file',
      administration: 'DEMO',
      connector: 'invoice-mailbox',
      status: 'queued',
      title: 'Factuur F-2026-014',
      amountCents: 12_100,
      currency: 'EUR',
      date: '2026-03-14',
      relationName: 'Kantoorhandel Jansen B.V.',
      createdAt: '2026-03-14T08:00:00.000Z',
      updatedAt: '2026-03-01T09:00:00.000Z',
    });
  });

  it('passes the filters to the index', async () => {
    // Prepare
    const { api } = documentsApi();
    // Act
    const response = await api.handle(
      request('GET', '/v1/app/documents', {
        query: {
          kind: 'file',
          minCents: '12000',
          maxCents: '12100',
          from: '2026-03-01',
          to: '2026-03-31',
          q: 'f-2026',
        },
      }),
    );
    // Assess
    expect(parse(response).items.map((i: { id: string }) => i.id)).toEqual([INVOICE_ID]);
  });

  it.each([
    [{ from: '2026-03-31', to: '2026-03-01' }, 'to', 'date-order'],
    [{ minCents: '500', maxCents: '100' }, 'maxCents', 'range-order'],
    [{ status: 'lost' }, 'status', 'enum'],
    [{ administration: 'DEMO DEMO' }, 'administration', 'format'],
    [{ minCents: '1.5' }, 'minCents', 'cents'],
  ])('answers 400 for %o', async (query, path, rule) => {
    // Prepare
    const { api } = documentsApi();
    // Act
    const response = await api.handle(request('GET', '/v1/app/documents', { query }));
    // Assess
    expect(response.statusCode).toBe(400);
    expect(parse(response).errors[0]).toMatchObject({ path, rule });
  });

  it('answers 403 for an administration not granted or unknown, alike', async () => {
    // Prepare
    const { api } = documentsApi();
    // Act
    const twee = await api.handle(
      request('GET', '/v1/app/documents', { user: 'bookkeeper', query: { administration: 'TWEE' } }),
    );
    const nope = await api.handle(
      request('GET', '/v1/app/documents', { user: 'operator', query: { administration: 'NOPE' } }),
    );
    // Assess
    expect([twee.statusCode, nope.statusCode]).toEqual([403, 403]);
    expect(parse(nope).errors[0].rule).toBe('administration-not-granted');
  });
});

describe('GET /v1/app/documents/{id}', () => {
  it('shows a file with its events and without the writer internals', async () => {
    // Prepare
    const { api } = documentsApi();
    // Act
    const file = parse(
      await api.handle(request('GET', `/v1/app/documents/${INVOICE_ID}`, { user: 'reader' })),
    );
    const event = parse(
      await api.handle(request('GET', `/v1/app/documents/${EVENT_ID}`, { user: 'reader' })),
    );
    // Assess
    expect(file.summary.id).toBe(INVOICE_ID);
    expect(file.events.map((e: { id: string }) => e.id)).toEqual([EVENT_ID]);
    expect(file.original.href).toBe(`/v1/app/documents/${INVOICE_ID}/original`);
    expect(event).not.toHaveProperty('plan');
    expect(event).not.toHaveProperty('payloadHash');
  });

  it('answers 404 for a document of an administration not granted, the same as an unknown one', async () => {
    // Prepare
    const { api } = documentsApi();
    // Act
    const other = await api.handle(request('GET', `/v1/app/documents/${TWEE_ID}`, { user: 'bookkeeper' }));
    const unknown = await api.handle(
      request('GET', `/v1/app/documents/evt_${hex(99)}`, { user: 'bookkeeper' }),
    );
    // Assess
    expect(other.statusCode).toBe(404);
    expect(parse(other).errors).toEqual(
      parse(unknown).errors.map((e: { value: string }) => ({ ...e, value: TWEE_ID })),
    );
  });
});

describe('GET /v1/app/documents/{id}/original', () => {
  it('hands out the file as an attachment, base64 for API Gateway', async () => {
    // Prepare
    const { api } = documentsApi();
    // Act
    const response = await api.handle(
      request('GET', `/v1/app/documents/${INVOICE_ID}/original`, { user: 'reader' }),
    );
    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.isBase64Encoded).toBe(true);
    expect(Buffer.from(response.body, 'base64')).toEqual(BYTES);
    expect(response.headers['content-type']).toBe('application/xml');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="f-2026-014.xml"; filename*=UTF-8''f-2026-014.xml`,
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers 404 no-original for an event, and 422 for a file larger than a response may be', async () => {
    // Prepare
    const { api } = documentsApi();
    const small = documentsApi(10).api;
    // Act
    const event = await api.handle(request('GET', `/v1/app/documents/${EVENT_ID}/original`));
    const large = await small.handle(request('GET', `/v1/app/documents/${INVOICE_ID}/original`));
    // Assess
    expect(event.statusCode).toBe(404);
    expect(parse(event).errors[0].rule).toBe('no-original');
    expect(large.statusCode).toBe(422);
    expect(parse(large).errors[0]).toMatchObject({ rule: 'original-too-large', value: BYTES.byteLength });
  });

  it('reads nothing from a bucket that is not the archive or the mailbox', async () => {
    // Prepare
    const documents = new InMemoryDocuments().add(
      invoiceFile({
        source: {
          connector: 'invoice-mailbox',
          externalId: 'x',
          document: { bucket: 'someone-elses', key: 'originals/DEMO/2026-03/f-2026-014.xml' },
        },
      }),
    );
    const api = router(
      documentsRoutes({ tenant: TENANT, queries: documents, documents, originals: new InMemoryOriginals() }),
    );
    // Act
    const response = await api.handle(request('GET', `/v1/app/documents/${INVOICE_ID}/original`));
    // Assess
    expect(response.statusCode).toBe(404);
  });
});
