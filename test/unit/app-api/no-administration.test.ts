import { describe, expect, it } from 'vitest';
import { documentsRoutes } from '../../../lib/app-api/documents/index.ts';
import { reviewRoutes } from '../../../lib/app-api/review/index.ts';
import { parse, request, router, TENANT } from './fixtures.ts';
import { BANK_LINE_ID, INVOICE_ID, reviewApi } from './review-fixtures.ts';

/** The demo user `buiten@…`: a bookkeeper granted only `adm:ANDERS`, an administration this tenant lacks. */
function outsiderApi() {
  const { documents, services } = reviewApi();
  let queried = 0;
  const queries = {
    reviewQueue: (...args: Parameters<typeof documents.reviewQueue>) => {
      queried++;
      return documents.reviewQueue(...args);
    },
    list: (...args: Parameters<typeof documents.list>) => {
      queried++;
      return documents.list(...args);
    },
  };
  const api = router([
    ...reviewRoutes({ ...services, queries }),
    ...documentsRoutes({
      tenant: TENANT,
      queries,
      documents,
      originals: { buckets: [], get: async () => undefined },
    }),
  ]);
  return { api, queried: () => queried };
}

describe('a user granted no administration of this tenant', () => {
  it.each([
    ['/v1/app/documents', {}],
    ['/v1/app/review', {}],
    ['/v1/app/review', { kind: 'invoice' }],
    ['/v1/app/documents', { status: 'review' }],
  ] as const)('gets an empty list from %s %j without the index being asked', async (path, query) => {
    // Prepare
    const { api, queried } = outsiderApi();
    // Act
    const response = await api.handle(request('GET', path, { user: 'outsider', query }));
    // Assess
    expect(response.statusCode).toBe(200);
    expect(parse(response)).toEqual({ items: [] });
    expect(queried()).toBe(0);
  });

  it.each([
    ['/v1/app/documents', 'DEMO'],
    ['/v1/app/documents', 'ANDERS'],
    ['/v1/app/review', 'DEMO'],
    ['/v1/app/review', 'ANDERS'],
  ] as const)('is refused %s?administration=%s with 403 administration-not-granted', async (path, adm) => {
    // Prepare
    const { api, queried } = outsiderApi();
    // Act
    const response = await api.handle(
      request('GET', path, { user: 'outsider', query: { administration: adm } }),
    );
    // Assess
    expect(response.statusCode).toBe(403);
    expect(parse(response).errors[0]).toMatchObject({
      path: 'administration',
      rule: 'administration-not-granted',
      value: adm,
    });
    expect(queried()).toBe(0);
  });

  it.each([
    ['GET', `/v1/app/review/${INVOICE_ID}`],
    ['GET', `/v1/app/documents/${INVOICE_ID}`],
    ['GET', `/v1/app/documents/${INVOICE_ID}/original`],
    ['POST', `/v1/app/review/${BANK_LINE_ID}/match`],
    ['POST', `/v1/app/review/${INVOICE_ID}/book`],
  ] as const)('cannot see or act on a document of the tenant: %s %s is 404', async (method, path) => {
    // Prepare
    const { api } = outsiderApi();
    // Act
    const response = await api.handle(
      request(method, path, { user: 'outsider', ...(method === 'POST' ? { body: {} } : {}) }),
    );
    // Assess
    expect(response.statusCode).toBe(404);
    expect(parse(response).errors[0].rule).toBe('unknown-document');
  });
});
