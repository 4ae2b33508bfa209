import { describe, expect, it } from 'vitest';
import {
  type DayCounts,
  isSilent,
  overviewRoutes,
  SqsDeadLetterDepth,
  TokenBucketBudget,
} from '../../../lib/app-api/overview/index.ts';
import type { RunReader, RunRecord } from '../../../lib/runs/index.ts';
import { call, rules, users } from './fixtures.ts';

const NOW = new Date('2026-12-02T10:00:00.000Z');

const lastRun: RunRecord = {
  id: 'run_000000000001',
  connector: 'bank-import',
  administration: 'DEMO',
  trigger: 'upload',
  source: 's3',
  startedAt: '2026-12-02T08:00:00.000Z',
  endedAt: '2026-12-02T08:00:01.000Z',
  status: 'ok',
  counts: { files: 1 },
  errors: [],
};

const runs: RunReader = {
  list: async () => ({ items: [] }),
  latest: async (connector, administration) =>
    connector === 'bank-import' && administration === 'DEMO' ? lastRun : undefined,
};

const row = (date: string, connector: string, booked: number, review = 0) => ({
  date,
  connector,
  booked,
  review,
  rejected: 0,
  failed: 0,
});

function setup() {
  const asked: unknown[][] = [];
  const counts: DayCounts = {
    countsByDay: async (...args) => {
      asked.push(args);
      return args[0] === 'DEMO'
        ? [
            row('2026-12-02', 'bank-import', 3, 1),
            row('2026-11-28', 'bank-import', 2),
            row('2026-11-10', 'invoice-mailbox', 5),
          ]
        : [row('2026-12-01', 'invoice-mailbox', 7)];
    },
  };
  const routes = overviewRoutes({
    connectors: async () => [
      { connector: 'bank-import', administrations: ['DEMO', 'ANDERS'], silentAfterHours: 96 },
      { connector: 'invoice-mailbox', administrations: ['DEMO'], silentAfterHours: 168 },
      { connector: 'cash-writer', administrations: ['DEMO', 'ANDERS'] },
    ],
    runs,
    counts,
    deadLetters: { depth: async () => 4 },
    cashBudget: { budget: async () => ({ used: 3, limit: 20, windowSeconds: 20 }) },
  });
  return { routes, asked };
}

describe('GET /v1/app/overview', () => {
  it('answers per connector and administration the last run, today and week, and whether it went silent', async () => {
    // Prepare
    const { routes, asked } = setup();
    // Act
    const { status, json } = await call(routes, 'GET', '/v1/app/overview', {
      user: users.bookkeeper,
      now: NOW,
    });
    // Assess
    expect(status).toBe(200);
    expect(asked).toEqual([['DEMO', undefined, '2026-11-03', '2026-12-02']]);
    const connectors = json.connectors as Record<string, unknown>[];
    expect(connectors.map((c) => [c.connector, c.administration, c.silent])).toEqual([
      ['bank-import', 'DEMO', false],
      ['invoice-mailbox', 'DEMO', true],
      ['cash-writer', 'DEMO', false],
    ]);
    expect(connectors[0]).toMatchObject({
      lastRun: { id: 'run_000000000001', status: 'ok' },
      today: { booked: 3, review: 1, rejected: 0, failed: 0 },
      week: { booked: 5, review: 1, rejected: 0, failed: 0 },
      expectedWithinHours: 96,
    });
    expect(json.deadLetters).toBe(4);
    expect(json.cashBudget).toEqual({ used: 3, limit: 20, windowSeconds: 20 });
    const chart = json.bookingsPerDay as { date: string; booked: number }[];
    expect(chart).toHaveLength(30);
    expect(chart[0]?.date).toBe('2026-11-03');
    expect(chart.at(-1)).toEqual({ date: '2026-12-02', booked: 3, review: 1, rejected: 0, failed: 0 });
  });

  it('covers every administration for an operator; the budget is only for one', async () => {
    // Prepare
    const { routes, asked } = setup();
    // Act
    const { json } = await call(routes, 'GET', '/v1/app/overview', { now: NOW });
    // Assess
    expect(asked.map((a) => a[0])).toEqual(['DEMO', 'ANDERS']);
    expect((json.connectors as unknown[]).length).toBe(5);
    expect(json.cashBudget).toBeNull();
  });

  it('refuses an administration not granted', async () => {
    // Prepare
    const { routes } = setup();
    // Act
    const answer = await call(routes, 'GET', '/v1/app/overview', {
      user: users.reader,
      query: { administration: 'ANDERS' },
    });
    // Assess
    expect(answer.status).toBe(403);
    expect(rules(answer.json)).toEqual(['administration-not-granted']);
  });
});

describe('isSilent', () => {
  it.each([
    ['no window', undefined, undefined, undefined, false],
    ['never ran, no documents', 24, undefined, undefined, true],
    ['ran within the window', 24, '2026-12-01T12:00:00.000Z', undefined, false],
    ['ran before the window', 24, '2026-11-30T12:00:00.000Z', undefined, true],
    ['documents yesterday', 24, undefined, '2026-12-01', false],
  ])('%s', (_name, hours, run, document, expected) => {
    // Prepare, Act, Assess
    expect(isSilent(hours, NOW, run, document)).toBe(expected);
  });
});

describe('SqsDeadLetterDepth', () => {
  it('finds the DLQ through the redrive policy once and reads its depth', async () => {
    // Prepare
    const calls: string[] = [];
    const sqs = {
      send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        calls.push(command.constructor.name);
        if (command.constructor.name === 'GetQueueUrlCommand') {
          expect(command.input).toEqual({
            QueueName: 'events-dlq.fifo',
            QueueOwnerAWSAccountId: '123456789012',
          });
          return { QueueUrl: 'https://sqs/123456789012/events-dlq.fifo' };
        }
        if (command.input.QueueUrl === 'https://sqs/events.fifo')
          return {
            Attributes: {
              RedrivePolicy: JSON.stringify({
                deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:123456789012:events-dlq.fifo',
                maxReceiveCount: 5,
              }),
            },
          };
        return { Attributes: { ApproximateNumberOfMessages: '7' } };
      },
    };
    const depth = new SqsDeadLetterDepth(sqs as never, 'https://sqs/events.fifo');
    // Act
    const first = await depth.depth();
    const second = await depth.depth();
    // Assess
    expect([first, second]).toEqual([7, 7]);
    expect(calls.filter((c) => c === 'GetQueueUrlCommand')).toHaveLength(1);
  });

  it('answers 0 for a queue without a DLQ', async () => {
    // Prepare
    const depth = new SqsDeadLetterDepth({ send: async () => ({ Attributes: {} }) } as never, 'q');
    // Act, Assess
    expect(await depth.depth()).toBe(0);
  });
});

describe('TokenBucketBudget', () => {
  it.each([
    ['an idle bucket', 0, 0],
    ['three requests ahead', NOW.getTime() + 3_000, 3],
    ['more than the burst ahead', NOW.getTime() + 600_000, 20],
  ])('%s', async (_name, tat, used) => {
    // Prepare
    const budget = new TokenBucketBudget({
      client: { send: async () => ({ Item: tat ? { tat } : undefined }) } as never,
      tableName: 'mirror',
      itemKey: async () => ({ pk: 'rate-bucket#cash-key#x', sk: 'bucket' }),
      burst: 20,
      requestsPerMinute: 60,
    });
    // Act
    const answer = await budget.budget('DEMO', NOW);
    // Assess
    expect(answer).toEqual({ used, limit: 20, windowSeconds: 20 });
  });

  it('is null when the key is unknown', async () => {
    // Prepare
    const budget = new TokenBucketBudget({
      client: { send: async () => ({}) } as never,
      tableName: 'mirror',
      itemKey: async () => undefined,
      burst: 20,
      requestsPerMinute: 60,
    });
    // Act, Assess
    expect(await budget.budget('DEMO', NOW)).toBeNull();
  });
});
