import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { benchDocuments, seededRandom } from '../../../bench/document-queries-corpus.ts';
import { counterItems, loadBenchDocuments } from '../../../bench/document-queries-load.ts';
import { measurePaged, percentile } from '../../../bench/document-queries-measure.ts';
import { DynaliteStoreError, DynaliteStoreWriter } from '../../../bench/dynalite-store-writer.ts';
import { DynamoOperationLog } from '../../../bench/dynamo-operation-log.ts';
import { DocumentQueries, DocumentStore, documentsTableDefinition } from '../../../lib/documents/index.ts';
import { ensureTable } from '../../../lib/local/provision.ts';
import { fuzzParameters } from '../../support/fuzz.ts';

const TABLE = 'documents-bench';
const CORPUS = { tenant: 'demo', administrations: ['DEMO', 'TWEE'] };
const NOW = new Date('2026-04-01T12:00:00.000Z');
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** dynalite on a fresh directory with the documents table; `stop` closes it (its store can then be opened). */
async function dynaliteOnDisk(): Promise<{
  path: string;
  client: DynamoDBDocumentClient;
  stop: () => Promise<void>;
}> {
  const path = mkdtempSync(join(tmpdir(), 'bench-load-'));
  dirs.push(path);
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const raw = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await ensureTable(raw, documentsTableDefinition(TABLE));
  return {
    path,
    client: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    stop: async () => {
      raw.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function contentsOf(path: string): Promise<Map<string, unknown>> {
  const writer = new DynaliteStoreWriter(path);
  try {
    return await writer.contents(TABLE);
  } finally {
    await writer.close();
  }
}

describe('the bench loader (offline into dynalite’s store)', () => {
  it('leaves the store exactly as DocumentStore.putMany through dynalite does, index entries included', async () => {
    // Prepare: the same 300 documents through the product's write path and through the loader.
    const count = 300;
    const product = await dynaliteOnDisk();
    const records = benchDocuments(0, count, seededRandom(42), CORPUS);
    // putMany takes its clock for the counters' fallback day only: every bench document has an updatedAt.
    await new DocumentStore(product.client, TABLE).putMany(records.map((r) => structuredClone(r)));
    await product.stop();
    const loaded = await dynaliteOnDisk();
    await loaded.stop();

    // Act
    const writer = new DynaliteStoreWriter(loaded.path);
    const result = await loadBenchDocuments(writer, TABLE, count, { ...CORPUS, chunk: 70, now: NOW });
    await writer.close();
    const [expected, actual] = [await contentsOf(product.path), await contentsOf(loaded.path)];

    // Assess
    expect(result.documents).toBe(count);
    expect(actual.size).toBe(expected.size);
    expect(result.levelWrites).toBe(expected.size);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, value] of expected) expect(actual.get(key), key).toEqual(value);
  }, 60_000);

  it('serves the loaded documents to DocumentQueries once dynalite runs on the store again', async () => {
    // Prepare
    const store = await dynaliteOnDisk();
    await store.stop();
    const writer = new DynaliteStoreWriter(store.path);
    await loadBenchDocuments(writer, TABLE, 500, { ...CORPUS, now: NOW });
    await writer.close();
    const server = dynalite({ path: store.path });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const raw = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const queries = new DocumentQueries(DynamoDBDocumentClient.from(raw), TABLE);
    const expected = benchDocuments(0, 500, seededRandom(42), CORPUS);

    try {
      // Act
      const review = await queries.reviewQueue({ administrations: CORPUS.administrations }, { limit: 100 });
      const rejected = await queries.list(
        { administrations: CORPUS.administrations, status: 'rejected' },
        { limit: 100 },
      );
      const counts = await queries.countsByDay('DEMO', undefined, '2025-01-01', '2025-12-31');

      // Assess
      const waiting = expected.filter((r) => ['review', 'rejected', 'failed'].includes(r.status));
      expect(review.items.length).toBe(Math.min(100, waiting.length));
      expect(rejected.items.map((r) => r.id).sort()).toEqual(
        expected
          .filter((r) => r.status === 'rejected')
          .map((r) => r.id)
          .sort(),
      );
      const booked = counts.reduce((sum, day) => sum + day.booked, 0);
      expect(booked).toBe(
        expected.filter((r) => r.administration === 'DEMO' && r.status === 'booked').length,
      );
    } finally {
      raw.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);

  it.each([
    [
      'a table it does not hold',
      'documents-nowhere',
      [{ pk: 'DOC#a', sk: 'STATUS' }],
      'is not in the dynalite store',
    ],
    ['an item without its sort key', TABLE, [{ pk: 'DOC#a' }], 'Missing the key sk'],
    [
      'a key given twice',
      TABLE,
      [
        { pk: 'DOC#a', sk: 'STATUS' },
        { pk: 'DOC#a', sk: 'STATUS' },
      ],
      'given twice',
    ],
    [
      'a number the SDK cannot marshal',
      TABLE,
      [{ pk: 'DOC#a', sk: 'STATUS', n: 1e200 }],
      'cannot be marshalled',
    ],
    ['an empty sort key', TABLE, [{ pk: 'DOC#a', sk: '' }], 'not valid'],
  ])('refuses %s and writes nothing', async (_name, table, items, why) => {
    // Prepare
    const store = await dynaliteOnDisk();
    await store.stop();
    const writer = new DynaliteStoreWriter(store.path);

    // Act
    const attempt = writer.put(table, items);

    // Assess
    await expect(attempt).rejects.toThrow(DynaliteStoreError);
    await expect(writer.put(table, items)).rejects.toThrow(why);
    if (table === TABLE) expect((await writer.contents(TABLE)).size).toBe(0);
    await writer.close();
  });

  it('says a store is in use when dynalite still runs on it', async () => {
    // Prepare
    const store = await dynaliteOnDisk();
    const writer = new DynaliteStoreWriter(store.path);

    // Act
    const attempt = writer.put(TABLE, [{ pk: 'DOC#a', sk: 'STATUS' }]);

    // Assess
    await expect(attempt).rejects.toThrow(/is a hub running on it/);
    await writer.close().catch(() => undefined);
    await store.stop();
  });

  it('adds counter increments to the counts a counter item held (as the ADD update does)', () => {
    // Prepare
    const stored = new Map([
      [
        'COUNT#DEMO#bank-import#2025-03-01\u0000COUNT',
        { pk: 'COUNT#DEMO#bank-import#2025-03-01', booked: 4 },
      ],
    ]);
    const inc = { administration: 'DEMO', connector: 'bank-import', date: '2025-03-01', by: 1 };

    // Act
    const items = counterItems(
      [
        { ...inc, status: 'booked' },
        { ...inc, status: 'booked' },
        { ...inc, status: 'review' },
      ],
      stored,
    );

    // Assess
    expect(items).toEqual([
      {
        pk: 'COUNT#DEMO#bank-import#2025-03-01',
        sk: 'COUNT',
        administration: 'DEMO',
        connector: 'bank-import',
        date: '2025-03-01',
        gsiAdmPk: 'COUNTS#DEMO',
        gsiSk: '2025-03-01#bank-import',
        booked: 6,
        review: 1,
      },
    ]);
  });
});

describe('the bench measurement', () => {
  it('times first and second pages with the clock it is given and reports nearest-rank percentiles', async () => {
    // Prepare
    let now = 0;
    let calls = 0;
    const run = async (cursor?: string) => {
      calls++;
      now += cursor ? 5 : 10 + calls;
      return cursor ? { items: 3 } : { items: 50, nextCursor: 'c' };
    };

    // Act
    const timings = await measurePaged(run, 4, () => now);

    // Assess
    expect(timings.first).toEqual([11, 13, 15, 17]);
    expect(timings.second).toEqual([5, 5, 5, 5]);
    expect([timings.firstItems, timings.secondItems]).toEqual([50, 3]);
    expect([percentile(timings.first, 50), percentile(timings.first, 95)]).toEqual([13, 17]);
  });

  it('percentile is a value of the set, and p95 is at least p50', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
        // Prepare
        const sorted = [...values].sort((a, b) => a - b);

        // Act
        const [p50, p95] = [percentile(sorted, 50), percentile(sorted, 95)];

        // Assess
        expect(sorted).toContain(p50);
        expect(p95).toBeGreaterThanOrEqual(p50);
      }),
      fuzzParameters(100),
    );
  });

  it('counts DynamoDB operations by target and refuses Scan only while told to', () => {
    // Prepare
    const log = new DynamoOperationLog();
    const request = (target: string) =>
      ({ headers: { 'x-amz-target': target } }) as unknown as IncomingMessage;

    // Act
    const claimed = [
      log.matches(request('DynamoDB_20120810.Query')),
      log.matches(request('DynamoDB_20120810.Scan')),
      log.matches({ headers: {} } as IncomingMessage),
    ];
    log.denyScan = true;
    const refused = log.matches(request('DynamoDB_20120810.Scan'));
    let status = 0;
    let body = '';
    log.serve(
      { resume() {} } as unknown as IncomingMessage,
      {
        writeHead: (code: number) => {
          status = code;
        },
        end: (text: string) => {
          body = text;
        },
      } as unknown as ServerResponse,
    );

    // Assess
    expect(claimed).toEqual([false, false, false]);
    expect(refused).toBe(true);
    expect(log.snapshot()).toEqual({ Query: 1, Scan: 2 });
    expect(status).toBe(400);
    expect(JSON.parse(body).__type).toContain('AccessDeniedException');
  });
});
