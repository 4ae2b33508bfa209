/**
 * The web app's document reads at scale: loads BENCH_DOCUMENTS (default 100,000) status records into an
 * in-process dynalite, each with exactly the index attributes and search token items DocumentStore writes
 * (lib/documents/indexed-write.ts), in batch writes; then measures p50/p95 of the review queue's first page,
 * the list filtered by status, by connector and dates, search by a word, and the second page of each.
 */
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import {
  DocumentQueries,
  type DocumentRecord,
  type DocumentStatus,
  documentsTableDefinition,
  type Page,
} from '../lib/documents/index.ts';
import { indexedWrite, itemOf } from '../lib/documents/indexed-write.ts';
import { LOOPBACK_HOST } from '../lib/local/loopback.ts';
import { ensureTable } from '../lib/local/provision.ts';
import { batchWriteAll, type WriteRequest } from '../lib/runtime/batch-write.ts';

const TABLE = 'bench-documents';
const ADMINISTRATIONS = ['DEMO', 'ANDERS'];
const CONNECTORS = ['invoice-mailbox', 'bank-import', 'partner-api'];
const NAMES = [
  'Bakkerij',
  'Drukkerij',
  'Garage',
  'Kapsalon',
  'Slagerij',
  'Installatie',
  'Advies',
  'Transport',
];
const PLACES = [
  'Jansen',
  'de Vries',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'Mulder',
  'de Boer',
  'Bos',
  'Vos',
];
const REPEATS = Number(process.env.BENCH_REPEATS ?? 25);

/** A deterministic pseudo-random sequence, so every run loads the same documents. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function statusOf(r: number): DocumentStatus {
  if (r < 0.8) return 'booked';
  if (r < 0.88) return 'review';
  if (r < 0.93) return 'rejected';
  if (r < 0.95) return 'failed';
  return 'queued';
}

function documentAt(i: number, next: () => number): DocumentRecord {
  const connector = CONNECTORS[i % CONNECTORS.length] as string;
  const createdAt = new Date(Date.UTC(2025, 0, 1) + Math.floor(next() * 365 * 86_400_000)).toISOString();
  const status = statusOf(next());
  const party = `${NAMES[i % NAMES.length]} ${PLACES[Math.floor(next() * PLACES.length)]} ${i % 97}`;
  const cents = Math.floor(next() * 500_000);
  const base = {
    id: `doc_bench_${String(i).padStart(7, '0')}`,
    tenant: 'bench',
    administration: ADMINISTRATIONS[i % ADMINISTRATIONS.length] as string,
    status,
    payloadHash: 'bench',
    attempts: 1,
    history: [{ status, at: createdAt }],
    createdAt,
    updatedAt: createdAt,
    ...(status === 'rejected'
      ? { errors: [{ source: 'cash' as const, message: 'CASH refused rubriek 0303' }] }
      : {}),
  };
  if (connector === 'invoice-mailbox') {
    return {
      ...base,
      kind: 'file',
      type: 'invoice-file',
      source: { connector, externalId: `${base.administration}/purchase/invoice-${i}.xml` },
      result: {
        invoiceNumber: `F-2025-${i}`,
        issueDate: createdAt.slice(0, 10),
        currency: 'EUR',
        party: { name: party },
        totals: { payableCents: cents, grossCents: cents },
        reviewReasons: status === 'review' ? ['unknown supplier'] : [],
      },
    };
  }
  if (connector === 'bank-import') {
    return {
      ...base,
      kind: 'event',
      type: 'journal-entry.book',
      source: { connector, externalId: `imp-${i}` },
      result: {
        entry: {
          amountCents: cents - 250_000,
          currency: 'EUR',
          bookingDate: createdAt.slice(0, 10),
          counterpartyName: party,
          remittance: `factuur ${i}`,
        },
        reasons: status === 'review' ? ['no open item matches'] : [],
      },
    };
  }
  return {
    ...base,
    type: 'relation.upsert',
    source: { connector, externalId: `rel-${i}` },
    event: { type: 'relation.upsert', data: { name: party, roles: ['customer'] } },
  };
}

async function load(client: DynamoDBDocumentClient, count: number): Promise<{ items: number; ms: number }> {
  const started = performance.now();
  const next = random(42);
  const now = new Date();
  let items = 0;
  const CHUNK = 500;
  for (let from = 0; from < count; from += CHUNK) {
    const requests: WriteRequest[] = [];
    for (let i = from; i < Math.min(count, from + CHUNK); i++) {
      const record = documentAt(i, next);
      const write = indexedWrite(record, undefined, now);
      requests.push({
        PutRequest: { Item: { pk: `DOC#${record.id}`, sk: 'STATUS', ...itemOf(record, write) } },
      });
      requests.push(...write.tokenRequests);
    }
    items += requests.length;
    // Eight batch writers at once, as a bulk import would run.
    const lanes = 8;
    const per = Math.ceil(requests.length / lanes / 25) * 25;
    await Promise.all(
      Array.from({ length: lanes }, (_, lane) =>
        batchWriteAll(client, TABLE, requests.slice(lane * per, (lane + 1) * per)),
      ),
    );
  }
  return { items, ms: Math.round(performance.now() - started) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(
  run: (cursor?: string) => Promise<Page<DocumentRecord>>,
): Promise<{ first: number[]; second: number[]; items: number }> {
  const first: number[] = [];
  const second: number[] = [];
  let items = 0;
  for (let i = 0; i < REPEATS; i++) {
    let t = performance.now();
    const page = await run();
    first.push(performance.now() - t);
    items = page.items.length;
    if (page.nextCursor) {
      t = performance.now();
      await run(page.nextCursor);
      second.push(performance.now() - t);
    }
  }
  return { first: first.sort((a, b) => a - b), second: second.sort((a, b) => a - b), items };
}

export async function benchDocumentQueries(): Promise<Record<string, number | string>> {
  const count = Number(process.env.BENCH_DOCUMENTS ?? 100_000);
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK_HOST, () => resolve()));
  try {
    const { port } = server.address() as AddressInfo;
    const raw = new DynamoDBClient({
      endpoint: `http://${LOOPBACK_HOST}:${port}`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    });
    const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    await ensureTable(raw, documentsTableDefinition(TABLE));
    const loaded = await load(client, count);
    const queries = new DocumentQueries(client, TABLE);
    const administrations = ADMINISTRATIONS;
    const cases: Array<[string, (cursor?: string) => Promise<Page<DocumentRecord>>]> = [
      ['reviewQueue', (cursor) => queries.reviewQueue({ administrations }, { limit: 50, cursor })],
      [
        'list status=rejected',
        (cursor) => queries.list({ administrations, status: 'rejected' }, { limit: 50, cursor }),
      ],
      [
        'list connector+dates',
        (cursor) =>
          queries.list(
            { administrations, connector: 'bank-import', from: '2025-03-01', to: '2025-05-31' },
            { limit: 50, cursor },
          ),
      ],
      [
        'search q=slagerij visser',
        (cursor) => queries.list({ administrations, q: 'slagerij visser' }, { limit: 50, cursor }),
      ],
    ];
    const result: Record<string, number | string> = {
      documents: count,
      'items written (records + search tokens)': loaded.items,
      'load ms': loaded.ms,
      'load documents/s': Math.round((count / loaded.ms) * 1000),
    };
    for (const [name, run] of cases) {
      const { first, second, items } = await measure(run);
      result[`${name}: items on page 1`] = items;
      result[`${name}: page 1 p50/p95 ms`] =
        `${percentile(first, 50).toFixed(1)} / ${percentile(first, 95).toFixed(1)}`;
      result[`${name}: page 2 p50/p95 ms`] =
        second.length > 0
          ? `${percentile(second, 50).toFixed(1)} / ${percentile(second, 95).toFixed(1)}`
          : 'no page 2';
    }
    raw.destroy();
    return result;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchDocumentQueries();
  for (const [key, value] of Object.entries(result)) console.log(`  ${key.padEnd(48)} ${value}`);
}
