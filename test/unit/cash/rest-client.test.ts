import { describe, expect, it } from 'vitest';
import {
  CashAuthError,
  CashError,
  CashImportRejectedError,
  CashRateLimitedError,
  CashRestClient,
  CashUnavailableError,
  CashUncertainOutcomeError,
  type ImportRequest,
  type RateLimiter,
  retryAfterMs,
} from '../../../lib/cash/index.ts';

type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>;

interface Harness {
  client: CashRestClient;
  requests: Array<{ method: string; url: URL; headers: Record<string, string>; body?: unknown }>;
  sleeps: number[];
  acquired: string[];
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function harness(handlers: Handler[], options: { maxPolls?: number; timeoutMs?: number } = {}): Harness {
  const requests: Harness['requests'] = [];
  const sleeps: number[] = [];
  const acquired: string[] = [];
  const queue = [...handlers];
  const rateLimiter: RateLimiter = {
    acquire: async (key) => {
      acquired.push(key);
    },
  };
  const fakeFetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input));
    requests.push({
      method: init.method ?? 'GET',
      url,
      headers: { ...(init.headers as Record<string, string>) },
      ...(init.body ? { body: JSON.parse(String(init.body)) } : {}),
    });
    const handler = queue.shift();
    if (!handler) throw new Error(`unexpected request ${init.method} ${url}`);
    return handler(url, init);
  }) as typeof fetch;
  const client = new CashRestClient({
    baseUrl: 'https://cash.example/api/4.0/',
    apiKey: 'secret-key',
    fetch: fakeFetch,
    rateLimiter,
    timeoutMs: options.timeoutMs ?? 1_000,
    pollIntervalMs: 2_000,
    maxPolls: options.maxPolls ?? 3,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { client, requests, sleeps, acquired };
}

const body: ImportRequest = { admin: 'DEMO', format: 0, content: { cash: [{ R301: [{ F0201: '8000' }] }] } };

const transaction = (status: 1 | 2 | 3, err = '') => ({
  transaction: { id: 'T1', status, creation: '', lastUpdate: '', administration: { admCode: 'DEMO' }, err },
});

/** A fetch that only ends when its signal aborts, like a server that never answers. */
const hang: Handler = (_url, init) =>
  new Promise((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('CashRestClient', () => {
  it('sends the documented headers and takes a rate-limit token keyed without the secret', async () => {
    // Prepare
    const h = harness([
      () =>
        json(200, {
          Dir: { Name: 'x', Adms: { Adm: [{ Code: 'DEMO', Name: 'Demo BV', ReadOnly: false }] } },
        }),
    ]);
    // Act
    const administrations = await h.client.administrations();
    // Assess
    expect(administrations).toEqual([{ code: 'DEMO', name: 'Demo BV', readOnly: false }]);
    expect(h.requests[0]?.url.href).toBe('https://cash.example/api/4.0/administrations');
    expect(h.requests[0]?.headers).toMatchObject({
      Authorization: 'secret-key',
      Accept: 'application/json',
      'Cache-Control': 'no-cache',
      'Sec-Fetch-Mode': 'cors',
    });
    expect(h.acquired).toHaveLength(1);
    expect(h.acquired[0]).not.toContain('secret-key');
  });

  it('imports with an immediate success', async () => {
    // Prepare
    const h = harness([() => json(200, { status: 'Success', transaction: 'T1' })]);
    // Act
    const result = await h.client.import('DEMO', body);
    // Assess
    expect(result).toEqual({ status: 'success', transaction: 'T1' });
    expect(h.requests[0]).toMatchObject({ method: 'POST', body });
    expect(h.requests[0]?.headers['Content-Type']).toBe('application/json');
  });

  it('polls a pending import until it succeeds', async () => {
    // Prepare
    const h = harness([
      () => json(202, { status: 'Pending', transaction: 'T1' }),
      () => json(200, transaction(1)),
      () => json(200, transaction(2)),
    ]);
    // Act
    const result = await h.client.import('DEMO', body);
    // Assess
    expect(result).toEqual({ status: 'success', transaction: 'T1' });
    expect(h.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      'POST /api/4.0/import',
      'GET /api/4.0/transaction/T1',
      'GET /api/4.0/transaction/T1',
    ]);
    expect(h.sleeps).toEqual([2_000, 2_000]);
  });

  it('reports a pending import after maxPolls, with its transaction id', async () => {
    // Prepare
    const h = harness(
      [
        () => json(202, { status: 'Pending', transaction: 'T1' }),
        () => json(200, transaction(1)),
        () => json(200, transaction(1)),
      ],
      {
        maxPolls: 2,
      },
    );
    // Act
    const result = await h.client.import('DEMO', body);
    // Assess
    expect(result).toEqual({ status: 'pending', transaction: 'T1' });
  });

  it('treats a failing poll as still pending, not as a lost write', async () => {
    // Prepare
    const h = harness([
      () => json(202, { status: 'Pending', transaction: 'T1' }),
      () => json(503, { error: 'busy' }),
    ]);
    // Act
    const result = await h.client.import('DEMO', body);
    // Assess
    expect(result).toEqual({ status: 'pending', transaction: 'T1' });
  });

  it('returns the errors of a rejected import (4xx)', async () => {
    // Prepare
    const h = harness([
      () =>
        json(400, {
          error: 'Error import',
          message: { errors: { error: [{ message: 'Ongeldige waarde 0201=8000', line: 1 }] } },
        }),
    ]);
    // Act
    const result = await h.client.import('DEMO', body);
    // Assess
    expect(result).toEqual({
      status: 'rejected',
      errors: [{ message: 'Ongeldige waarde 0201=8000', line: 1, rubriek: '0201', value: '8000' }],
    });
  });

  it('returns the errors of a transaction that failed (status 3)', async () => {
    // Prepare
    const err =
      '<cash><errors><error><message>Ongeldige waarde 0901=XX</message><line>1</line><source>301|0901=XX|</source></error></errors></cash>';
    const h = harness([
      () => json(202, { status: 'Pending', transaction: 'T1' }),
      () => json(200, transaction(3, err)),
    ]);
    // Act
    const result = await h.client.import('DEMO', body);
    // Assess
    expect(result).toEqual({
      status: 'rejected',
      transaction: 'T1',
      errors: [
        {
          message: 'Ongeldige waarde 0901=XX',
          line: 1,
          record: '0301',
          rubriek: '0901',
          value: 'XX',
          source: '301|0901=XX|',
        },
      ],
    });
  });

  it('waits Retry-After on 429 and retries, taking a new token each time', async () => {
    // Prepare
    const h = harness([
      () => json(429, { error: 'Too Many Requests' }, { 'Retry-After': '7' }),
      () => json(200, { status: 'Success', transaction: 'T9' }),
    ]);
    // Act
    const result = await h.client.import('DEMO', body);
    // Assess
    expect(result).toEqual({ status: 'success', transaction: 'T9' });
    expect(h.sleeps).toEqual([7_000]);
    expect(h.acquired).toHaveLength(2);
  });

  it('gives up after the bounded 429 retries with retryAfterMs', async () => {
    // Prepare
    const tooMany = () => json(429, { error: 'Too Many Requests' }, { 'Retry-After': '3' });
    const h = harness([tooMany, tooMany, tooMany, tooMany]);
    // Act
    const error = await caught(h.client.import('DEMO', body));
    // Assess
    expect(error).toBeInstanceOf(CashRateLimitedError);
    expect(error).toMatchObject({ retryAfterMs: 3_000, retryable: true });
    expect(h.requests).toHaveLength(4);
  });

  it.each([
    ['GET', 500],
    ['GET', 503],
    ['POST', 500],
    ['POST', 503],
  ])('%s answered %i is CashUnavailableError (retryable)', async (method, status) => {
    // Prepare
    const h = harness([() => json(status, { error: 'Service Unavailable' })]);
    // Act
    const error = await caught(method === 'GET' ? h.client.administrations() : h.client.import('DEMO', body));
    // Assess
    expect(error).toBeInstanceOf(CashUnavailableError);
    expect(error).toMatchObject({ status, retryable: true });
    expect(h.requests).toHaveLength(1);
  });

  it('a 404 on import is a configuration error, not a rejection of the data', async () => {
    // Prepare
    const h = harness([() => json(404, { error: 'Not Found' })]);
    // Act
    const error = await caught(h.client.import('DEMO', body));
    // Assess
    expect(error).toBeInstanceOf(CashError);
    expect(error).not.toBeInstanceOf(CashImportRejectedError);
  });

  it('a gateway timeout on import is an uncertain outcome', async () => {
    // Prepare
    const h = harness([() => json(504, { error: 'Gateway Timeout' })]);
    // Act
    const error = await caught(h.client.import('DEMO', body));
    // Assess
    expect(error).toBeInstanceOf(CashUncertainOutcomeError);
  });

  it('a timeout after sending an import is an uncertain outcome and is not retried', async () => {
    // Prepare
    const h = harness([hang], { timeoutMs: 20 });
    // Act
    const error = await caught(h.client.import('DEMO', body));
    // Assess
    expect(error).toBeInstanceOf(CashUncertainOutcomeError);
    expect(error).toMatchObject({ method: 'POST', path: '/import', retryable: false });
    expect((error as Error).cause).toBeDefined();
    expect(h.requests).toHaveLength(1);
  });

  it('a connection lost mid-import is uncertain, a refused connection is not', async () => {
    // Prepare
    const reset = harness([
      () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })),
    ]);
    const refused = harness([
      () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
    ]);
    // Act
    const resetError = await caught(reset.client.import('DEMO', body));
    const refusedError = await caught(refused.client.import('DEMO', body));
    // Assess
    expect(resetError).toBeInstanceOf(CashUncertainOutcomeError);
    expect(refusedError).toBeInstanceOf(CashUnavailableError);
  });

  it('a timeout on a read is CashUnavailableError: nothing can have been booked', async () => {
    // Prepare
    const h = harness([hang], { timeoutMs: 20 });
    // Act
    const error = await caught(h.client.exportRecords('DEMO', '0101'));
    // Assess
    expect(error).toBeInstanceOf(CashUnavailableError);
  });

  it.each([401, 403])('%i is CashAuthError', async (status) => {
    // Prepare
    const h = harness([() => json(status, { error: '1002 Unauthorized Access' })]);
    // Act
    const error = await caught(h.client.import('DEMO', body));
    // Assess
    expect(error).toBeInstanceOf(CashAuthError);
    expect(error).toBeInstanceOf(CashError);
    expect((error as Error).message).toContain('1002 Unauthorized Access');
  });

  it('asks 8504 for the next boekstuknummer', async () => {
    // Prepare
    const h = harness([() => json(200, { R8504: [{ Z0303: '000124' }] })]);
    // Act
    const next = await h.client.nextEntryNumber('DEMO', 2026, 'VRK');
    // Assess
    expect(next).toBe(124);
    expect(h.requests[0]?.url.pathname).toBe('/api/4.0/get/index/8504');
    expect(h.requests[0]?.url.searchParams.get('admin')).toBe('DEMO');
    expect(h.requests[0]?.url.searchParams.get('params')).toBe('26|VRK');
  });

  it('finds a booked journal entry among the period mutations, or null', async () => {
    // Prepare
    const mutations = {
      R0301: [
        { F0901: 'VRK', F0303: '000124', F0302: '31-03-2026', F0201: '1300', F0307: '145,20' },
        { F0901: 'VRK', F0303: '000124', F0302: '31-03-2026', F0201: '8000', F0307: '-145,20' },
        { F0901: 'VRK', F0303: '000125', F0302: '31-03-2026', F0201: '8000', F0307: '-1,00' },
        { F0901: 'INK', F0303: '000124', F0302: '31-03-2026', F0201: '1600', F0307: '-1,00' },
      ],
    };
    const h = harness([() => json(200, mutations), () => json(200, mutations)]);
    // Act
    const found = await h.client.findJournalEntry('DEMO', {
      journal: 'VRK',
      entryNumber: 124,
      date: '2026-03-31',
    });
    const missing = await h.client.findJournalEntry('DEMO', { journal: 'VRK', entryNumber: 126, year: 2026 });
    // Assess
    expect(found?.map((r) => r.named.amount)).toEqual([14_520, -14_520]);
    expect(missing).toBeNull();
    expect(h.requests.map((r) => r.url.searchParams.get('params'))).toEqual(['2603|2603', '2601|2613']);
  });

  it('finds a relation and a sales order by number', async () => {
    // Prepare
    const h = harness([
      () => json(200, { R0101: [{ F0101: '000100', F0103: 'Jansen' }] }),
      () => json(200, { R0101: [] }),
      () =>
        json(200, {
          R2400: [{ F2400: '5001', F2401: '02-03-2026' }],
          R2410: [{ F2400: '5001', F2426: '1', F2260: 'UUR' }],
        }),
    ]);
    // Act
    const relation = await h.client.findRelation('DEMO', '100');
    const none = await h.client.findRelation('DEMO', '101');
    const order = await h.client.findSalesOrder('DEMO', 5001);
    // Assess
    expect(relation?.named).toMatchObject({ relationNumber: '100', name: 'Jansen' });
    expect(none).toBeNull();
    expect(order?.header.named).toMatchObject({ orderNumber: '5001', orderDate: '2026-03-02' });
    expect(order?.lines).toHaveLength(1);
  });

  it('a 2xx import answer it cannot read is an uncertain outcome', async () => {
    // Prepare
    const h = harness([() => new Response('<html>ok</html>', { status: 200 })]);
    // Act
    const error = await caught(h.client.import('DEMO', body));
    // Assess
    expect(error).toBeInstanceOf(CashUncertainOutcomeError);
  });

  it('importOrThrow turns a rejection into CashImportRejectedError with the details', async () => {
    // Prepare
    const h = harness([
      () =>
        json(422, {
          error: 'Error import',
          message: { errors: { error: [{ message: 'Ongeldige waarde 0303=0' }] } },
        }),
    ]);
    // Act
    const error = await caught(h.client.importOrThrow('DEMO', body));
    // Assess
    expect(error).toBeInstanceOf(CashImportRejectedError);
    expect(error).toMatchObject({
      name: 'CashImportRejectedError',
      errors: [{ rubriek: '0303', value: '0' }],
    });
  });

  it.each([
    ['seconds', '12', 12_000],
    ['fractional seconds', '0.5', 500],
    ['an HTTP date', new Date(Date.UTC(2026, 0, 1, 0, 0, 30)).toUTCString(), 30_000],
    ['nothing', null, 1_000],
    ['garbage', 'soon', 1_000],
  ])('reads Retry-After as %s', (_name, header, expected) => {
    // Act
    const ms = retryAfterMs(header, Date.UTC(2026, 0, 1));
    // Assess
    expect(ms).toBe(expected);
  });
});

describe('CashRestClient.acquireAhead', () => {
  it('takes the token of the next request once, ahead of it; later requests take their own', async () => {
    // Prepare
    const h = harness([() => json(200, { status: 'success', transaction: 'T1' }), () => json(200, {})]);
    // Act
    h.client.acquireAhead();
    h.client.acquireAhead();
    const takenBefore = h.acquired.length;
    const result = await h.client.import('DEMO', body);
    await h.client.exportRecords('DEMO', '0101');
    // Assess
    expect(takenBefore).toBe(1);
    expect(result).toEqual({ status: 'success', transaction: 'T1' });
    expect(h.acquired).toHaveLength(2);
    expect(h.requests).toHaveLength(2);
  });

  it('surfaces a token it could not take on the request that wanted it', async () => {
    // Prepare
    const refusing: RateLimiter = {
      acquire: async () => Promise.reject(new CashRateLimitedError('exhausted', 60_000)),
    };
    const client = new CashRestClient({
      baseUrl: 'https://cash.example/api/4.0',
      apiKey: 'k',
      rateLimiter: refusing,
      fetch: (async () => json(200, {})) as typeof fetch,
    });
    client.acquireAhead();
    // Act
    const attempt = client.exportRecords('DEMO', '0101');
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(CashRateLimitedError);
  });
});
