import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventId } from '../events/index.ts';
import { HubConsole } from '../hub/console/hub-console.ts';
import { LocalHub } from '../hub/local-hub.ts';
import { DocumentStore } from '../lib/documents/index.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** The demo tenant with another rate-limit algorithm (HUB_LATENCY_ALGORITHM). */
const ALGORITHM_TENANT = 'bench-latency';
const CONNECTOR = 'partner-api';
const FINAL = new Set(['booked', 'rejected', 'failed', 'review']);

/** What the writer logs per batch (functions/cash-writer/writer-handler.ts, `batch written`). */
interface BatchTimings {
  eventIds: string[];
  queueWaitMs?: number;
  writeMs: number;
  cashCalls?: number;
  cashMs?: number;
  limiterMs?: number;
}

interface Sample {
  id: string;
  type: string;
  status: string;
  postMs: number;
  totalMs: number;
  batch?: BatchTimings;
}

/**
 * Writes `infra/tenants/bench-latency.json`: the demo tenant with another rate-limit algorithm (a tenant
 * setting, so it needs a tenant file of its own); returns its path.
 */
function writeBenchTenant(algorithm: string): string {
  const demo = JSON.parse(readFileSync(join(repoRoot, 'infra', 'tenants', 'demo.json'), 'utf8')) as object;
  const tenant = { ...demo, tenant: ALGORITHM_TENANT, cashRateLimit: { algorithm } };
  const path = join(repoRoot, 'infra', 'tenants', `${ALGORITHM_TENANT}.json`);
  writeFileSync(path, `${JSON.stringify(tenant, null, 2)}\n`);
  return path;
}

function example(name: string): Record<string, unknown> & { data: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(repoRoot, 'events', 'examples', `${name}.json`), 'utf8'));
}

/** The i-th single event: relation.upsert and journal-entry.book taking turns, each with its own source id. */
function eventFor(
  tenant: string,
  i: number,
  run: string,
): Record<string, unknown> & { id: string; type: string } {
  const relation = i % 2 === 0;
  const base = example(relation ? 'relation.upsert' : 'journal-entry.book');
  const type = relation ? 'relation.upsert' : 'journal-entry.book';
  const externalId = `bench-${run}-${i}`;
  const data = relation
    ? { ...base.data, name: `Bench relatie ${i}`, searchName: `BENCH${i}` }
    : { ...base.data, description: `Bench memoriaal ${i}` };
  const { relationNumber: _fixed, ...rest } = data as Record<string, unknown>;
  return {
    ...base,
    tenant,
    id: eventId(tenant, CONNECTOR, externalId, type),
    type,
    source: { connector: CONNECTOR, externalId },
    data: rest,
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

function batchesOf(logPath: string): BatchTimings[] {
  const batches: BatchTimings[] = [];
  let text = '';
  try {
    text = readFileSync(logPath, 'utf8');
  } catch {
    return batches;
  }
  for (const line of text.split('\n')) {
    if (!line.includes('batch written')) continue;
    try {
      const entry = JSON.parse(line) as BatchTimings & { message?: string };
      if (entry.message === 'batch written') batches.push(entry);
    } catch {
      // Not a JSON log line.
    }
  }
  return batches;
}

/**
 * POST → booked latency of single events on the local hub (`npm start`'s LocalHub, in this process, on free
 * ports, with its own state directory): the first event right after the ready line, then `count` events one at
 * a time, each awaited in the documents table. The breakdown comes from the client (POST) and from the
 * writer's per-batch log line (queue wait, writer time, CASH calls, limiter).
 */
export async function benchHubLatency(
  count = Number(process.env.HUB_LATENCY_EVENTS ?? 40),
): Promise<Record<string, number | string>> {
  const pauseMs = Number(process.env.HUB_LATENCY_PAUSE_MS ?? 1_000);
  const stateDir = mkdtempSync(join(tmpdir(), 'hub-latency-'));
  // HUB_LATENCY_ALGORITHM=fixed-window measures the earlier 1-second windows for comparison.
  const algorithm = process.env.HUB_LATENCY_ALGORITHM;
  const tenantFile = algorithm ? writeBenchTenant(algorithm) : undefined;
  const tenant = algorithm ? ALGORITHM_TENANT : 'demo';
  const lines: string[] = [];
  const quiet = new HubConsole({ write: (chunk: string) => lines.push(chunk) > 0 } as never);
  const hub = new LocalHub({
    projectRoot: repoRoot,
    tenant,
    stateDir,
    apiPort: 0,
    identityPort: 0,
    awsPort: 0,
    // Another hub may hold the simulator's 4599: the functions are told the free port it gets.
    cashPort: 0,
    shopPort: 0,
    awsEndpoint: '',
    dynamo: 'dynalite',
    mailboxDir: join(stateDir, 'mailbox'),
    console: quiet,
  });
  const startedAt = performance.now();
  try {
    const addresses = await hub.start();
    const readyMs = performance.now() - startedAt;
    const apiKey = (
      JSON.parse(readFileSync(join(stateDir, 'partner-api-key.json'), 'utf8')) as { apiKey: string }
    ).apiKey;
    const writer = [...hub.workers.values()].find((w) => /cash-writer/i.test(w.options.name));
    const table = writer?.options.environment.DOCUMENTS_TABLE;
    if (!writer || !table || !addresses.api || !hub.clients) throw new Error('the hub runs no cash-writer');
    const documents = new DocumentStore(hub.clients.documents, table);
    const run = Date.now().toString(36);

    const book = async (i: number): Promise<Sample> => {
      const event = eventFor(tenant, i, run);
      const t0 = performance.now();
      const answer = await fetch(`${addresses.api}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(event),
      });
      const postMs = performance.now() - t0;
      const text = await answer.text();
      if (answer.status !== 202) throw new Error(`POST answered ${answer.status}: ${text.slice(0, 300)}`);
      for (;;) {
        const status = String((await documents.get(event.id))?.status ?? '');
        if (FINAL.has(status))
          return { id: event.id, type: event.type, status, postMs, totalMs: performance.now() - t0 };
        if (performance.now() - t0 > 30_000)
          throw new Error(`${event.id} not booked within 30 s (${status})`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };

    const first = await book(0);
    const samples: Sample[] = [];
    for (let i = 1; i <= count; i++) {
      samples.push(await book(i));
      // A pause like a user's or a partner's between single events. It keeps the stream (about 50 a minute)
      // under the CASH budget's refill rate (60 a minute by default): a faster stream is paced by the budget
      // itself, about one CASH request a second, whatever the hub does (HUB_LATENCY_PAUSE_MS=200 shows it).
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    const batches = batchesOf(writer.options.logPath);
    for (const sample of [first, ...samples])
      sample.batch = batches.find((b) => b.eventIds?.includes(sample.id));
    if (process.env.HUB_LATENCY_VERBOSE)
      for (const sample of [first, ...samples]) console.error(JSON.stringify(sample));
    const notBooked = samples.filter((s) => s.status !== 'booked').length;
    const totals = samples.map((s) => s.totalMs).sort((a, b) => a - b);
    const measured = samples.filter((s) => s.batch);
    const pick = (f: (s: Sample) => number | undefined) =>
      median(measured.map(f).filter((v): v is number => typeof v === 'number'));
    const ms = (v: number) => `${Math.round(v)} ms`;
    const writeMs = pick((s) => s.batch?.writeMs);
    const cashMs = pick((s) => s.batch?.cashMs);
    const limiterMs = pick((s) => s.batch?.limiterMs);
    return {
      'rate limiter': process.env.HUB_LATENCY_ALGORITHM || 'token-bucket (default)',
      'hub ready (in-process, synthesis cache as found)': ms(readyMs),
      'first event after ready: POST → booked': `${ms(first.totalMs)} (${first.status})`,
      '… its POST / queue wait / writer / limiter / CASH calls': [
        ms(first.postMs),
        ms(first.batch?.queueWaitMs ?? Number.NaN),
        ms(first.batch?.writeMs ?? Number.NaN),
        ms(first.batch?.limiterMs ?? Number.NaN),
        `${first.batch?.cashCalls ?? '?'} in ${ms(first.batch?.cashMs ?? Number.NaN)}`,
      ].join(' / '),
      [`single events (${count}, relation.upsert / journal-entry.book, ${pauseMs} ms apart): p50`]: ms(
        percentile(totals, 50),
      ),
      'single events: p99': ms(percentile(totals, 99)),
      'single events: max': ms(totals.at(-1) ?? Number.NaN),
      'not booked': notBooked,
      'median POST /v1/events → 202': ms(median(samples.map((s) => s.postMs))),
      'median queue wait (SQS send inside the POST → writer handler)': ms(pick((s) => s.batch?.queueWaitMs)),
      'median writer handler': ms(writeMs),
      '… CASH calls (count / time)': `${pick((s) => s.batch?.cashCalls)} / ${ms(cashMs)}`,
      '… rate-limiter acquires (DynamoDB + waits)': ms(limiterMs),
      '… DynamoDB and the rest of the writer': ms(writeMs - cashMs - limiterMs),
    };
  } finally {
    await hub.stop();
    if (process.env.HUB_LATENCY_KEEP) console.error(`state kept in ${stateDir}`);
    else rmSync(stateDir, { recursive: true, force: true });
    if (tenantFile) rmSync(tenantFile, { force: true });
  }
}
