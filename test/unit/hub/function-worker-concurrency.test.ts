import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionWorker } from '../../../hub/functions/function-worker.ts';
import { FunctionInvocationError, HubError } from '../../../hub/hub-error.ts';

interface Run {
  thread: number;
  startedAt: number;
  endedAt: number;
  invocations: number;
}

describe('FunctionWorker with more than one environment', () => {
  const work = mkdtempSync(join(tmpdir(), 'hub-worker-concurrency-'));
  const module = join(work, 'index.mjs');
  writeFileSync(
    module,
    `import { threadId } from 'node:worker_threads';
let invocations = 0;
export const handler = async (event) => {
  invocations += 1;
  const startedAt = Date.now();
  await new Promise((r) => setTimeout(r, event.sleepMs ?? 0));
  return { thread: threadId, startedAt, endedAt: Date.now(), invocations };
};`,
  );
  const workers: FunctionWorker[] = [];
  const worker = (concurrency?: number) => {
    const created = new FunctionWorker({
      name: `fn-${workers.length}`,
      modulePath: module,
      exportName: 'handler',
      timeoutMs: 5_000,
      memoryMb: 128,
      environment: {},
      logPath: join(work, `${workers.length}.log`),
      ...(concurrency !== undefined ? { concurrency } : {}),
    });
    workers.push(created);
    return created;
  };
  const overlap = (a: Run, b: Run) => a.startedAt < b.endedAt && b.startedAt < a.endedAt;

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    rmSync(work, { recursive: true, force: true });
  });

  it('runs one invocation at a time by default, all in the same warm environment', async () => {
    // Prepare
    const fn = worker();
    // Act
    const runs = (await Promise.all([1, 2, 3].map(() => fn.invoke({ sleepMs: 100 })))) as Run[];
    // Assess
    expect(fn.concurrency).toBe(1);
    expect(new Set(runs.map((r) => r.thread)).size).toBe(1);
    expect(runs.map((r) => r.invocations)).toEqual([1, 2, 3]);
    expect(overlap(runs[0] as Run, runs[1] as Run)).toBe(false);
    expect(overlap(runs[1] as Run, runs[2] as Run)).toBe(false);
  });

  it('runs up to its concurrency side by side, each in its own environment, and queues the rest', async () => {
    // Prepare
    const fn = worker(2);
    // Act
    const runs = (await Promise.all([1, 2, 3, 4].map(() => fn.invoke({ sleepMs: 300 })))) as Run[];
    // Assess
    const [a, b, c, d] = runs as [Run, Run, Run, Run];
    expect(new Set(runs.map((r) => r.thread)).size).toBe(2);
    expect(a.thread).not.toBe(b.thread);
    expect(overlap(a, b)).toBe(true);
    // The third and fourth waited for a free environment and reused a warm one.
    expect(c.startedAt).toBeGreaterThanOrEqual(Math.min(a.endedAt, b.endedAt));
    expect(d.startedAt).toBeGreaterThanOrEqual(Math.min(a.endedAt, b.endedAt));
    expect([c.invocations, d.invocations]).toEqual([2, 2]);
  });

  it('keeps using one warm environment while invocations come one after another', async () => {
    // Prepare
    const fn = worker(3);
    // Act
    const runs: Run[] = [];
    for (let i = 0; i < 3; i++) runs.push((await fn.invoke({})) as Run);
    // Assess
    expect(new Set(runs.map((r) => r.thread)).size).toBe(1);
  });

  it('scales up when the concurrency is raised', async () => {
    // Prepare
    const fn = worker(1);
    fn.setConcurrency(3);
    // Act
    const runs = (await Promise.all([1, 2, 3].map(() => fn.invoke({ sleepMs: 300 })))) as Run[];
    // Assess
    expect(new Set(runs.map((r) => r.thread)).size).toBe(3);
  });

  it('refuses waiting invocations once stopped, and a concurrency below 1', async () => {
    // Prepare
    const fn = worker(1);
    const running = fn.invoke({ sleepMs: 200 });
    const waiting = fn.invoke({}).catch((error: unknown) => error);
    // Act
    await fn.stop();
    // Assess
    expect(await running).toMatchObject({ invocations: 1 });
    expect(await waiting).toBeInstanceOf(FunctionInvocationError);
    expect(() => worker(0)).toThrow(HubError);
  });
});
