import { describe, expect, it } from 'vitest';
import { type ReplayDocuments, type ReplaySender, runsRoutes } from '../../../lib/app-api/runs/index.ts';
import type { DocumentRecord } from '../../../lib/documents/index.ts';
import {
  type ConnectorInvoker,
  LambdaConnectorInvoker,
  type RunFilter,
  type RunReader,
  type RunRecord,
  triggerOf,
} from '../../../lib/runs/index.ts';
import { call, rules, users } from './fixtures.ts';

const run = (id: string, administration?: string): RunRecord => ({
  id: `run_${id.padEnd(12, '0')}`,
  connector: 'bank-import',
  ...(administration ? { administration } : {}),
  trigger: 'schedule',
  source: 'scheduler',
  startedAt: '2026-12-01T10:00:00.000Z',
  status: 'ok',
  counts: { files: 1 },
  errors: [],
  requestId: 'secret-ish',
});

class FakeRuns implements RunReader {
  filters: RunFilter[] = [];
  async list(filter: RunFilter) {
    this.filters.push(filter);
    return { items: [run('a', 'DEMO'), run('b')], nextCursor: 'next' };
  }
  async latest() {
    return undefined;
  }
}

class FakeInvoker implements ConnectorInvoker {
  readonly connectors = ['bank-import', 'cash-sync'];
  calls: { connector: string; payload: Record<string, unknown> }[] = [];
  async invoke(connector: string, payload: Record<string, unknown>) {
    this.calls.push({ connector, payload });
  }
}

function doc(id: string, status: DocumentRecord['status']): DocumentRecord {
  return {
    id,
    tenant: 'demo',
    administration: 'DEMO',
    type: 'journal-entry.book',
    source: { connector: 'bank-import', externalId: id },
    status,
    payloadHash: 'h',
    attempts: 1,
    history: [],
    createdAt: '2026-11-03T10:00:00.000Z',
    updatedAt: '2026-11-03T10:00:00.000Z',
  };
}

class FakeDocuments implements ReplayDocuments {
  asked: unknown[] = [];
  constructor(private readonly pages: DocumentRecord[][]) {}
  async list(filter: unknown, page: { cursor?: string }) {
    this.asked.push(filter);
    const index = page.cursor ? Number(page.cursor) : 0;
    const items = this.pages[index] ?? [];
    return { items, ...(index + 1 < this.pages.length ? { nextCursor: String(index + 1) } : {}) };
  }
}

function setup(options: { replay?: ReplaySender; pages?: DocumentRecord[][] } = {}) {
  const runs = new FakeRuns();
  const invoker = new FakeInvoker();
  const documents = new FakeDocuments(
    options.pages ?? [
      [doc('d1', 'booked'), doc('d2', 'rejected')],
      [doc('d3', 'failed'), doc('d4', 'queued')],
    ],
  );
  const routes = runsRoutes({
    tenant: 'demo',
    connectors: ['bank-import', 'cash-sync', 'cash-writer'],
    runs,
    invoker,
    documents,
    ...(options.replay ? { replay: options.replay } : {}),
  });
  return { routes, runs, invoker, documents };
}

describe('GET /v1/app/runs', () => {
  it('answers run summaries without internal fields, with the next cursor', async () => {
    // Prepare
    const { routes } = setup();
    // Act
    const { status, json } = await call(routes, 'GET', '/v1/app/runs');
    // Assess
    expect(status).toBe(200);
    expect(json.nextCursor).toBe('next');
    expect((json.items as object[])[0]).toEqual({
      id: 'run_a00000000000',
      connector: 'bank-import',
      administration: 'DEMO',
      trigger: 'schedule',
      startedAt: '2026-12-01T10:00:00.000Z',
      status: 'ok',
      counts: { files: 1 },
      errors: [],
    });
  });

  it('lists only the granted administrations for a bookkeeper, all for an operator', async () => {
    // Prepare
    const { routes, runs } = setup();
    // Act
    await call(routes, 'GET', '/v1/app/runs', { user: users.bookkeeper });
    await call(routes, 'GET', '/v1/app/runs', { user: users.operator, query: { connector: 'cash-sync' } });
    // Assess
    expect(runs.filters).toEqual([{ administrations: ['DEMO'] }, { connector: 'cash-sync' }]);
  });

  it.each([
    ['an administration not granted', { administration: 'ANDERS' }, 403, 'administration-not-granted'],
    ['an administration the tenant lacks', { administration: 'NOPE' }, 403, 'administration-not-granted'],
    ['an unknown connector', { connector: 'x' }, 404, 'unknown-connector'],
    ['a limit out of range', { limit: '500' }, 400, 'range'],
    ['a broken cursor', { cursor: '{"a"}' }, 400, 'cursor'],
  ])('refuses %s', async (_name, query, status, rule) => {
    // Prepare
    const { routes } = setup();
    // Act
    const answer = await call(routes, 'GET', '/v1/app/runs', { user: users.bookkeeper, query });
    // Assess
    expect(answer.status).toBe(status);
    expect(rules(answer.json)).toEqual([rule]);
  });
});

describe('POST /v1/app/runs/{connector}/run', () => {
  it('starts the function with a scheduler-shaped event carrying the run id it answers', async () => {
    // Prepare
    const { routes, invoker } = setup();
    // Act
    const { status, json } = await call(routes, 'POST', '/v1/app/runs/{connector}/run', {
      params: { connector: 'bank-import' },
      body: { administration: 'DEMO' },
    });
    // Assess
    expect(status).toBe(202);
    expect(invoker.calls).toHaveLength(1);
    const payload = invoker.calls[0]?.payload;
    expect(payload).toMatchObject({
      source: 'cashlink.schedule',
      connector: 'bank-import',
      administrations: ['DEMO'],
    });
    expect(triggerOf(payload)).toEqual({
      trigger: 'manual',
      source: 'scheduler',
      administration: 'DEMO',
      runId: json.runId,
    });
  });

  it('refuses a connector without a function to start, and a body with unknown fields', async () => {
    // Prepare
    const { routes, invoker } = setup();
    // Act
    const writer = await call(routes, 'POST', '/v1/app/runs/{connector}/run', {
      params: { connector: 'cash-writer' },
    });
    const extra = await call(routes, 'POST', '/v1/app/runs/{connector}/run', {
      params: { connector: 'cash-sync' },
      body: { administration: 'DEMO', force: true },
    });
    // Assess
    expect([writer.status, extra.status]).toEqual([404, 400]);
    expect(invoker.calls).toEqual([]);
  });
});

describe('POST /v1/app/runs/{connector}/replay', () => {
  it('previews the period: booked and in-progress documents are skipped with their reason', async () => {
    // Prepare
    const { routes, documents } = setup();
    // Act
    const { status, json } = await call(routes, 'POST', '/v1/app/runs/{connector}/replay', {
      params: { connector: 'bank-import' },
      body: { administration: 'DEMO', from: '2026-11-01', to: '2026-11-30', dryRun: true },
    });
    // Assess
    expect(status).toBe(200);
    expect((json.wouldSend as { id: string }[]).map((d) => d.id)).toEqual(['d2', 'd3']);
    expect(json.skipped).toEqual([
      { id: 'd1', reason: 'already-booked' },
      { id: 'd4', reason: 'in-progress' },
    ]);
    expect(documents.asked[0]).toEqual({
      administrations: ['DEMO'],
      connector: 'bank-import',
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(json.sent).toBeUndefined();
  });

  it('sends the rest when dryRun is false', async () => {
    // Prepare
    const sent: string[] = [];
    const { routes } = setup({
      replay: {
        send: async (_connector, docs) => {
          sent.push(...docs.map((d) => d.id));
          return docs.map((d) => ({ id: d.id, outcome: 'queued' }));
        },
      },
    });
    // Act
    const { json } = await call(routes, 'POST', '/v1/app/runs/{connector}/replay', {
      params: { connector: 'bank-import' },
      body: { administration: 'DEMO', from: '2026-11-01', to: '2026-11-30', dryRun: false },
    });
    // Assess
    expect(sent).toEqual(['d2', 'd3']);
    expect(json.sent).toHaveLength(2);
  });

  it.each([
    [
      'a period backwards',
      { administration: 'DEMO', from: '2026-11-30', to: '2026-11-01', dryRun: true },
      400,
    ],
    [
      'a date that does not exist',
      { administration: 'DEMO', from: '2026-02-30', to: '2026-03-01', dryRun: true },
      400,
    ],
    ['no dryRun', { administration: 'DEMO', from: '2026-11-01', to: '2026-11-30' }, 400],
    [
      'an administration not granted',
      { administration: 'NOPE', from: '2026-11-01', to: '2026-11-30', dryRun: true },
      403,
    ],
    [
      'sending without a sender',
      { administration: 'DEMO', from: '2026-11-01', to: '2026-11-30', dryRun: false },
      501,
    ],
  ])('refuses %s', async (_name, body, status) => {
    // Prepare
    const { routes } = setup();
    // Act
    const answer = await call(routes, 'POST', '/v1/app/runs/{connector}/replay', {
      params: { connector: 'bank-import' },
      body,
    });
    // Assess
    expect(answer.status).toBe(status);
  });
});

describe('LambdaConnectorInvoker', () => {
  it('invokes the named function asynchronously', async () => {
    // Prepare
    const sent: { input: Record<string, unknown> }[] = [];
    const invoker = new LambdaConnectorInvoker(
      {
        send: async (command: { input: Record<string, unknown> }) => {
          sent.push(command);
          return { StatusCode: 202 };
        },
      } as never,
      LambdaConnectorInvoker.functionNamesFrom('{"cash-sync":"demo-CashSync-abc"}'),
    );
    // Act
    await invoker.invoke('cash-sync', { source: 'cashlink.schedule' });
    // Assess
    expect(invoker.connectors).toEqual(['cash-sync']);
    expect(sent[0]?.input).toMatchObject({ FunctionName: 'demo-CashSync-abc', InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(sent[0]?.input.Payload as Uint8Array))).toEqual({
      source: 'cashlink.schedule',
    });
  });

  it.each(['not json', '[]', '{"cash-sync": 5}', '{"cash-sync": "bad name!"}'])(
    'refuses APP_FUNCTION_NAMES %s',
    (raw) => {
      // Prepare, Act, Assess
      expect(() => LambdaConnectorInvoker.functionNamesFrom(raw)).toThrow(/APP_FUNCTION_NAMES/);
    },
  );
});
