import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  connectorRuns,
  MAX_RUN_ERROR_LENGTH,
  type RunContext,
  type RunRecord,
  type RunWriter,
  triggerOf,
} from '../../../lib/runs/index.ts';

class MemoryRuns implements RunWriter {
  readonly saved: RunRecord[] = [];
  async save(record: RunRecord): Promise<void> {
    this.saved.push(structuredClone(record));
  }
}

const context = () => ({ awsRequestId: 'req-1', getRemainingTimeInMillis: () => 1000 }) as unknown as Context;

const sqsEvent = {
  Records: [
    { messageId: 'm1', eventSource: 'aws:sqs', body: '{}' },
    { messageId: 'm2', eventSource: 'aws:sqs', body: '{}' },
  ],
};
const s3Event = {
  Records: [
    { eventSource: 'aws:s3', s3: { bucket: { name: 'mb' }, object: { key: 'DEMO/bank/a%20b.xml' } } },
  ],
};
const apiEvent = {
  rawPath: '/v1/administrations/DEMO/bank-rules',
  requestContext: { http: { method: 'GET', path: '/v1/administrations/DEMO/bank-rules' } },
};
const webhookEvent = { rawPath: '/webhooks/shop', requestContext: { http: { method: 'POST' } } };
const scheduleEvent = { source: 'cashlink.schedule', connector: 'cash-sync', administrations: ['DEMO'] };
const manualEvent = {
  source: 'cashlink.schedule',
  connector: 'cash-sync',
  run: { trigger: 'manual', id: 'run_0123456789abcdef' },
};

describe('triggerOf', () => {
  it.each([
    ['SQS', sqsEvent, { trigger: 'api', source: 'sqs', records: 2 }],
    ['S3', s3Event, { trigger: 'upload', source: 's3', records: 1, administration: 'DEMO' }],
    ['API Gateway', apiEvent, { trigger: 'api', source: 'api-gateway', administration: 'DEMO' }],
    ['webhook', webhookEvent, { trigger: 'webhook', source: 'api-gateway' }],
    [
      'EventBridge Scheduler',
      scheduleEvent,
      { trigger: 'schedule', source: 'scheduler', administration: 'DEMO' },
    ],
    ['run now', manualEvent, { trigger: 'manual', source: 'scheduler', runId: 'run_0123456789abcdef' }],
    [
      'direct invoke',
      { administration: 'DEMO' },
      { trigger: 'manual', source: 'direct', administration: 'DEMO' },
    ],
    ['nothing', null, { trigger: 'manual', source: 'direct' }],
    ['a string', 'hello', { trigger: 'manual', source: 'direct' }],
    ['empty records', { Records: [] }, { trigger: 'manual', source: 'direct' }],
  ])('%s', (_name, event, expected) => {
    // Prepare, Act
    const info = triggerOf(event);
    // Assess
    expect(info).toEqual(expected);
  });

  it('takes no run id that is not one of ours, and no administration that is not a code', () => {
    // Prepare
    const event = {
      source: 'cashlink.schedule',
      administrations: ['<script>'],
      run: { trigger: 'manual', id: 'x' },
    };
    // Act
    const info = triggerOf(event);
    // Assess
    expect(info).toEqual({ trigger: 'manual', source: 'scheduler' });
  });
});

describe('connectorRuns', () => {
  it('records a queue batch once, at its end, with the partial batch failures as counts', async () => {
    // Prepare
    const runs = new MemoryRuns();
    const handler = middy(async () => ({ batchItemFailures: [{ itemIdentifier: 'm2' }] })).use(
      connectorRuns({ connector: 'cash-writer', runs }),
    );
    // Act
    await handler(sqsEvent, context());
    // Assess
    expect(runs.saved).toHaveLength(1);
    expect(runs.saved[0]).toMatchObject({
      connector: 'cash-writer',
      trigger: 'api',
      status: 'partial',
      counts: { records: 2, failed: 1, ok: 1 },
      errors: [],
      requestId: 'req-1',
    });
    expect(runs.saved[0]?.endedAt).toBeDefined();
  });

  it('records a scheduled run as running, then ok with the counts the handler set on the context', async () => {
    // Prepare
    const runs = new MemoryRuns();
    const handler = middy(async (_event: unknown, ctx: Context) => {
      (ctx as RunContext).runCounts = { relations: 12, bad: 1.5 as number };
      return { results: [] };
    }).use(connectorRuns({ connector: 'cash-sync', runs }));
    // Act
    await handler(scheduleEvent, context());
    // Assess
    expect(runs.saved.map((r) => r.status)).toEqual(['running', 'ok']);
    expect(runs.saved[0]?.id).toBe(runs.saved[1]?.id);
    expect(runs.saved[1]).toMatchObject({
      trigger: 'schedule',
      administration: 'DEMO',
      counts: { relations: 12 },
    });
  });

  it('uses the run id of a "run now" request', async () => {
    // Prepare
    const runs = new MemoryRuns();
    const handler = middy(async () => ({})).use(connectorRuns({ connector: 'cash-sync', runs }));
    // Act
    await handler(manualEvent, context());
    // Assess
    expect(runs.saved.at(-1)).toMatchObject({ id: 'run_0123456789abcdef', trigger: 'manual', status: 'ok' });
  });

  it('records a failed invocation with its error cut short, and still throws it', async () => {
    // Prepare
    const runs = new MemoryRuns();
    const handler = middy(async () => {
      throw new Error(`storage down ${'x'.repeat(2000)}`);
    }).use(connectorRuns({ connector: 'bank-import', runs }));
    // Act
    const outcome = handler(s3Event, context());
    // Assess
    await expect(outcome).rejects.toThrow(/storage down/);
    const last = runs.saved.at(-1);
    expect(last).toMatchObject({ status: 'failed', trigger: 'upload', administration: 'DEMO' });
    expect(last?.errors[0]?.length).toBe(MAX_RUN_ERROR_LENGTH);
  });

  it('never fails the invocation when recording fails, and logs it', async () => {
    // Prepare
    const logged: string[] = [];
    const handler = middy(async () => ({ statusCode: 200 })).use(
      connectorRuns({
        connector: 'partner-api',
        runs: {
          save: async () => {
            throw new Error('table gone');
          },
        },
        log: (_level, message, details) => logged.push(`${message}: ${String(details?.error)}`),
      }),
    );
    // Act
    const answer = await handler(apiEvent, context());
    // Assess
    expect(answer).toEqual({ statusCode: 200 });
    expect(logged).toEqual(['run not recorded: table gone']);
  });

  it('marks an HTTP 5xx answer failed and handler-reported errors partial', async () => {
    // Prepare
    const runs = new MemoryRuns();
    const failing = middy(async () => ({ statusCode: 503 })).use(
      connectorRuns({ connector: 'partner-api', runs }),
    );
    const reporting = middy(async (_e: unknown, ctx: Context) => {
      (ctx as RunContext).runErrors = ['source bunq did not answer'];
      return {};
    }).use(connectorRuns({ connector: 'bank-import', runs }));
    // Act
    await failing(apiEvent, context());
    await reporting({ source: 'cashlink.schedule' }, context());
    // Assess
    expect(runs.saved.filter((r) => r.status !== 'running').map((r) => [r.status, r.errors])).toEqual([
      ['failed', []],
      ['partial', ['source bunq did not answer']],
    ]);
  });

  it('records nothing without a store', async () => {
    // Prepare
    const handler = middy(async () => 'done').use(connectorRuns({ connector: 'cash-sync' }));
    // Act
    const answer = await handler(scheduleEvent, context());
    // Assess
    expect(answer).toBe('done');
  });
});
