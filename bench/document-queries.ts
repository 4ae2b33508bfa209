/**
 * The web app's document pages at scale, on the local hub (`npm run bench document`): BENCH_DOCUMENTS
 * (default 100,000) documents in the hub's own dynalite, the app API as the hub runs it (the app-api
 * function in its worker behind the local HTTP API), signed in as the demo operator at the hub's sign-in
 * provider. Steps:
 * 1. start a hub on a fresh state directory (it creates the tables with their GSIs), stop it;
 * 2. write the documents into its dynalite store offline (bench/document-queries-load.ts: the items the
 *    product's write path makes, a LevelDB batch per 1,000 documents);
 * 3. start the hub again on that state, sign in, and time the review queue and the document list (by
 *    status, by connector and dates, by search words, unfiltered): first page and the page after it,
 *    BENCH_REPEATS times (default 25) after three warm-up rounds; then the same reads through DocumentQueries
 *    directly for comparison.
 * Every DynamoDB request to the emulators is counted while the pages are timed, and Scan is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HubConsole } from '../hub/console/hub-console.ts';
import { LocalHub, type LocalHubOptions } from '../hub/local-hub.ts';
import { DocumentQueries } from '../lib/documents/index.ts';
import { ENV } from '../lib/runtime/env.ts';
import { loadBenchDocuments } from './document-queries-load.ts';
import { type MeasuredPage, measurePaged, timingRows } from './document-queries-measure.ts';
import { DynaliteStoreWriter } from './dynalite-store-writer.ts';
import { DynamoOperationLog } from './dynamo-operation-log.ts';
import { demoAccessToken } from './hub-sign-in.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const OPERATOR = 'beheer@demo.cashlink.local';

/** The app API calls of the pages (path and query; `cursor` is added for the next page). */
const APP_CALLS: Array<[string, string]> = [
  ['GET /v1/app/review', '/v1/app/review?limit=50'],
  ['GET /v1/app/documents?status=rejected', '/v1/app/documents?status=rejected&limit=50'],
  [
    'GET /v1/app/documents?connector=bank-import&from&to',
    '/v1/app/documents?connector=bank-import&from=2025-03-01&to=2025-05-31&limit=50',
  ],
  ['GET /v1/app/documents?q=slagerij visser', '/v1/app/documents?q=slagerij%20visser&limit=50'],
  ['GET /v1/app/documents (no filter)', '/v1/app/documents?limit=50'],
];

function hubOptions(stateDir: string, lines: string[]): LocalHubOptions {
  return {
    projectRoot: repoRoot,
    tenant: 'demo',
    stateDir,
    apiPort: 0,
    identityPort: 0,
    awsPort: 0,
    cashPort: 0,
    shopPort: 0,
    awsEndpoint: '',
    dynamo: 'dynalite',
    mailboxDir: join(stateDir, 'mailbox'),
    console: new HubConsole({ write: (chunk: string) => lines.push(chunk) > 0 } as never),
  };
}

interface HubFacts {
  table: string;
  tenant: string;
  administrations: string[];
}

/** The documents table and tenant the hub's app-api function is given. */
function appApiFacts(hub: LocalHub): HubFacts {
  const worker = [...hub.workers.values()].find((w) => /app-?api/i.test(w.options.name));
  const env = worker?.options.environment ?? {};
  const table = env[ENV.documentsTable];
  const config = JSON.parse(env[ENV.tenantConfig] ?? '{}') as { administrations?: Array<{ code: string }> };
  if (!table || !env[ENV.tenant]) throw new Error('the hub runs no app-api function with a documents table');
  return {
    table,
    tenant: env[ENV.tenant] as string,
    administrations: (config.administrations ?? []).map((a) => a.code),
  };
}

async function appPage(api: string, token: string, path: string, cursor?: string): Promise<MeasuredPage> {
  const url = cursor === undefined ? path : `${path}&cursor=${encodeURIComponent(cursor)}`;
  const answer = await fetch(`${api}${url}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await answer.text();
  if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { items: unknown[]; nextCursor?: string };
  return { items: body.items.length, ...(body.nextCursor ? { nextCursor: body.nextCursor } : {}) };
}

export async function benchDocumentQueries(): Promise<Record<string, number | string>> {
  const count = Number(process.env.BENCH_DOCUMENTS ?? 100_000);
  const repeats = Number(process.env.BENCH_REPEATS ?? 25);
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-documents-'));
  const lines: string[] = [];
  const result: Record<string, number | string> = { documents: count };
  let hub: LocalHub | undefined;
  try {
    // 1. The tables as the hub provisions them.
    hub = new LocalHub(hubOptions(stateDir, lines));
    await hub.start();
    const facts = appApiFacts(hub);
    await hub.stop();
    hub = undefined;

    // 2. The documents, offline.
    const writer = new DynaliteStoreWriter(join(stateDir, 'dynamodb'));
    const loaded = await loadBenchDocuments(writer, facts.table, count, {
      tenant: facts.tenant,
      administrations: facts.administrations,
    }).finally(() => writer.close());
    Object.assign(result, {
      'items written (records, search tokens, counters)': loaded.items,
      'LevelDB entries written (items + GSI entries)': loaded.levelWrites,
      'load s': (loaded.ms / 1000).toFixed(1),
      'load documents/s': Math.round((count / loaded.ms) * 1000),
    });

    // 3. The hub again, on that state.
    const restartedAt = performance.now();
    hub = new LocalHub(hubOptions(stateDir, lines));
    const addresses = await hub.start();
    result['hub start on the loaded state s'] = ((performance.now() - restartedAt) / 1000).toFixed(1);
    if (!addresses.api || !addresses.identity || !hub.emulators || !hub.clients) {
      throw new Error('the hub has no HTTP API, sign-in provider or emulators');
    }
    // Every function loaded (the hub loads those off the request path 2 s after ready): a quiet machine.
    await Promise.all([...hub.workers.values()].map((worker) => worker.warm()));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const log = new DynamoOperationLog();
    hub.emulators.serve(log);
    const token = await demoAccessToken(addresses.identity, OPERATOR);
    const api = addresses.api;

    const queries = new DocumentQueries(hub.clients.documents, facts.table);
    const administrations = facts.administrations;
    const direct: Array<[string, (cursor?: string) => Promise<MeasuredPage>]> = [
      [
        'DocumentQueries.reviewQueue',
        (cursor) => paged(queries.reviewQueue({ administrations }, { cursor })),
      ],
      [
        'DocumentQueries.list status',
        (cursor) => paged(queries.list({ administrations, status: 'rejected' }, { cursor })),
      ],
      [
        'DocumentQueries.list connector+dates',
        (cursor) =>
          paged(
            queries.list(
              { administrations, connector: 'bank-import', from: '2025-03-01', to: '2025-05-31' },
              { cursor },
            ),
          ),
      ],
      [
        'DocumentQueries.list q',
        (cursor) => paged(queries.list({ administrations, q: 'slagerij visser' }, { cursor })),
      ],
    ];
    const app: Array<[string, (cursor?: string) => Promise<MeasuredPage>]> = APP_CALLS.map(([name, path]) => [
      name,
      (cursor) => appPage(api, token, path, cursor),
    ]);

    log.denyScan = true;
    let appCalls = 0;
    let scans = 0;
    for (const [name, run] of app) {
      await measurePaged(run, 3); // warm-up: the function's first token check, dynalite's first reads
      log.reset();
      const timings = await measurePaged(run, repeats);
      const calls = timings.first.length + timings.second.length;
      appCalls += calls;
      Object.assign(result, timingRows(name, timings));
      result[`${name}: DynamoDB requests per call`] = (
        (log.count('Query') + log.count('BatchGetItem') + log.count('GetItem')) /
        calls
      ).toFixed(1);
      result[`${name}: Scan`] = log.count('Scan');
      scans += log.count('Scan');
    }
    log.reset();
    for (const [name, run] of direct) {
      await measurePaged(run, 3);
      Object.assign(result, timingRows(name, await measurePaged(run, repeats)));
    }
    scans += log.count('Scan');
    result['app API calls timed'] = appCalls;
    result['Scan requests while timing (every client of the hub; refused)'] = scans;
    return result;
  } catch (error) {
    if (process.env.BENCH_VERBOSE) console.error(lines.join(''));
    throw error;
  } finally {
    await hub?.stop();
    if (process.env.BENCH_KEEP) console.error(`state kept in ${stateDir}`);
    else rmSync(stateDir, { recursive: true, force: true });
  }
}

async function paged(page: Promise<{ items: unknown[]; nextCursor?: string }>): Promise<MeasuredPage> {
  const { items, nextCursor } = await page;
  return { items: items.length, ...(nextCursor ? { nextCursor } : {}) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchDocumentQueries();
  for (const [key, value] of Object.entries(result)) console.log(`  ${key.padEnd(56)} ${value}`);
}
