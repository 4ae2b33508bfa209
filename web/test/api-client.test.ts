import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, withQuery } from '../src/api/index.ts';
import { fakeFetch } from './harness.tsx';

describe('ApiClient', () => {
  it('sends the bearer token and JSON, and reads JSON', async () => {
    // Prepare
    const fake = fakeFetch(() => ({ status: 202, body: { documentId: 'd1' } }));
    const api = new ApiClient(
      '',
      { accessToken: async () => 'tok', unauthorized: () => undefined },
      fake.fetch,
    );
    // Act
    const answer = await api.post<{ documentId: string }>('/v1/app/review/x/book', { booking: {} });
    // Assess
    expect(answer.documentId).toBe('d1');
    expect(fake.calls[0]?.authorization).toBe('Bearer tok');
    expect(fake.calls[0]?.body).toEqual({ booking: {} });
  });

  it('turns a 401 into "sign in again"', async () => {
    // Prepare
    let told = 0;
    const fake = fakeFetch(() => ({ status: 401, body: { title: 'Unauthorized' } }));
    const api = new ApiClient(
      '',
      { accessToken: async () => 'expired', unauthorized: () => void told++ },
      fake.fetch,
    );
    // Act
    const attempt = api.get('/v1/app/me');
    // Assess
    await expect(attempt).rejects.toMatchObject({ status: 401 });
    expect(told).toBe(1);
  });

  it('does not call the API without a token', async () => {
    // Prepare
    let told = 0;
    const fake = fakeFetch(() => ({ status: 200, body: {} }));
    const api = new ApiClient(
      '',
      { accessToken: async () => undefined, unauthorized: () => void told++ },
      fake.fetch,
    );
    // Act / Assess
    await expect(api.get('/v1/app/me')).rejects.toBeInstanceOf(ApiError);
    expect(fake.calls).toHaveLength(0);
    expect(told).toBe(1);
  });

  it('keeps the problem of a 403 with its rule', async () => {
    // Prepare
    const fake = fakeFetch(() => ({
      status: 403,
      body: { status: 403, errors: [{ path: 'role', rule: 'role', message: 'operators only' }] },
    }));
    const api = new ApiClient(
      '',
      { accessToken: async () => 't', unauthorized: () => undefined },
      fake.fetch,
    );
    // Act
    const error = await api.get('/v1/app/users').catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).rule).toBe('role');
  });

  it('answers a network failure as status 0, an unreadable body as no problem', async () => {
    // Prepare
    const down = new ApiClient(
      '',
      { accessToken: async () => 't', unauthorized: () => undefined },
      async () => {
        throw new TypeError('fetch failed');
      },
    );
    const html = new ApiClient(
      '',
      { accessToken: async () => 't', unauthorized: () => undefined },
      async () => new Response('<html>', { status: 502 }),
    );
    // Act / Assess
    await expect(down.get('/v1/app/me')).rejects.toMatchObject({ status: 0 });
    await expect(html.get('/v1/app/me')).rejects.toMatchObject({ status: 502, problem: undefined });
  });

  it('leaves empty query values out and encodes the rest', () => {
    // Prepare / Act / Assess
    expect(withQuery('/v1/app/documents', { q: 'a&b', status: '', limit: 50, cursor: undefined })).toBe(
      '/v1/app/documents?q=a%26b&limit=50',
    );
  });
});
