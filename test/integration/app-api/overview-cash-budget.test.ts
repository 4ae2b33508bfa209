import { beforeAll, describe, expect, it } from 'vitest';
import { cashLimiterBudget, overviewRoutes } from '../../../lib/app-api/overview/index.ts';
import {
  CashBucketDirectory,
  type CashRateLimiterTable,
  cashApiKeyId,
  createCashRateLimiter,
} from '../../../lib/cash/rate-limit/index.ts';
import { CashRestClient } from '../../../lib/cash/rest/index.ts';
import { call, users } from '../../unit/app-api-ops/fixtures.ts';
import { type TestResources, testResources } from '../helpers.ts';

const API_KEY = 'demo-cash-api-key-not-a-real-one';

let res: TestResources;
let table: CashRateLimiterTable;

beforeAll(async () => {
  res = await testResources();
  // The writer's and cash-sync's table layout (create-cash-writer.ts, functions/cash-sync).
  table = { client: res.clients.documents, tableName: res.mirrorTable, sortKey: 'sk' };
});

/** CASH answering an empty administration list; every call first takes a token of the shared limiter. */
function cashClient(): CashRestClient {
  return new CashRestClient({
    baseUrl: 'http://127.0.0.1:9/api/4.0',
    apiKey: API_KEY,
    rateLimiter: createCashRateLimiter(undefined, table),
    fetch: async () =>
      new Response(JSON.stringify({ Dir: { Adms: { Adm: [] } } }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      }),
  });
}

function routes(settings?: Parameters<typeof cashLimiterBudget>[0]) {
  const cashBudget = cashLimiterBudget(settings, table);
  return overviewRoutes({
    connectors: async () => [],
    runs: { list: async () => ({ items: [] }), latest: async () => undefined },
    counts: { countsByDay: async () => [] },
    deadLetters: { depth: async () => 0 },
    ...(cashBudget ? { cashBudget } : {}),
  });
}

describe('the overview reads the CASH budget the writer spends', () => {
  it('shows the tokens a client of the administration’s key took, of the burst, per refill window', async () => {
    // Prepare: the writer records the administration's key (hashed), then three CASH calls take tokens.
    await new CashBucketDirectory(table).record('DEMO', API_KEY);
    const client = cashClient();
    for (let i = 0; i < 3; i++) await client.administrations();
    // Act
    const { status, json } = await call(routes(), 'GET', '/v1/app/overview', {
      user: users.bookkeeper,
      now: new Date(),
    });
    // Assess
    expect(status).toBe(200);
    expect(json.cashBudget).toEqual({ used: 3, limit: 20, windowSeconds: 20 });
  });

  it('stores the key’s hashed name only, never the key', async () => {
    // Prepare
    const directory = new CashBucketDirectory(table);
    // Act
    await directory.record('DEMO', API_KEY);
    const keyId = await directory.keyIdOf('DEMO');
    // Assess
    expect(keyId).toBe(cashApiKeyId(API_KEY));
    expect(keyId).not.toContain(API_KEY);
    expect(await directory.bucketItemKey('DEMO')).toEqual({ pk: `rate-bucket#${keyId}`, sk: 'bucket' });
  });

  it('says null for an administration no writer recorded yet', async () => {
    // Prepare: ANDERS has no record in this table.
    const overview = routes();
    // Act
    const { json } = await call(overview, 'GET', '/v1/app/overview', {
      query: { administration: 'ANDERS' },
      now: new Date(),
    });
    // Assess
    expect(json.cashBudget).toBeNull();
  });

  it('follows the tenant’s burst and rate, and has no reader for the fixed-window limiter', async () => {
    // Prepare
    const settings = { burst: 30, requestsPerMinute: 60 };
    // Act
    const { json } = await call(routes(settings), 'GET', '/v1/app/overview', {
      user: users.bookkeeper,
      now: new Date(),
    });
    // Assess
    expect((json.cashBudget as { limit: number }).limit).toBe(30);
    expect((json.cashBudget as { windowSeconds: number }).windowSeconds).toBe(30);
    expect(cashLimiterBudget({ algorithm: 'fixed-window' }, table)).toBeUndefined();
  });
});
