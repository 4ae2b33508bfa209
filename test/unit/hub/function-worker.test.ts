import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionWorker } from '../../../hub/functions/function-worker.ts';
import { FunctionInvocationError } from '../../../hub/hub-error.ts';

describe('FunctionWorker', () => {
  const work = mkdtempSync(join(tmpdir(), 'hub-worker-'));
  const module = join(work, 'index.mjs');
  writeFileSync(
    module,
    `let invocations = 0;
export const handler = async (event, context) => {
  invocations += 1;
  if (event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));
  if (event.fail) throw new TypeError('bad input: ' + event.fail);
  if (event.log) console.log(JSON.stringify({ level: 'ERROR', message: event.log }));
  return { who: process.env.WHO, invocations, remaining: context.getRemainingTimeInMillis() > 0, name: context.functionName };
};`,
  );
  const workers: FunctionWorker[] = [];
  const worker = (
    who: string,
    timeoutMs = 2_000,
    onLogLine?: (line: { level: string; message: string }) => void,
  ) => {
    const created = new FunctionWorker({
      name: `fn-${who}`,
      modulePath: module,
      exportName: 'handler',
      timeoutMs,
      memoryMb: 128,
      environment: { WHO: who },
      logPath: join(work, `${who}.log`),
      ...(onLogLine ? { onLogLine } : {}),
    });
    workers.push(created);
    return created;
  };

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    rmSync(work, { recursive: true, force: true });
  });

  it('warm() resolves once the bundle is loaded, and the load runs once (init phase, then warm invocations)', async () => {
    // Prepare
    const loads = join(work, 'loads.mjs');
    const marker = join(work, 'loaded.txt');
    writeFileSync(
      loads,
      `import { appendFileSync } from 'node:fs';
await new Promise((r) => setTimeout(r, 150));
appendFileSync(${JSON.stringify(marker)}, 'x');
export const handler = async () => 'ok';`,
    );
    const slow = new FunctionWorker({
      name: 'fn-slow-init',
      modulePath: loads,
      exportName: 'handler',
      timeoutMs: 2_000,
      memoryMb: 128,
      environment: {},
      logPath: join(work, 'slow-init.log'),
    });
    workers.push(slow);
    // Act
    await slow.warm();
    const loadedBeforeInvoke = readFileSync(marker, 'utf8');
    await slow.warm();
    const result = await slow.invoke({});
    // Assess
    expect(loadedBeforeInvoke).toBe('x');
    expect(result).toBe('ok');
    expect(readFileSync(marker, 'utf8')).toBe('x');
  });

  it('warm() resolves also when the bundle cannot load; the failure shows on the invocation', async () => {
    // Prepare
    const broken = new FunctionWorker({
      name: 'fn-broken',
      modulePath: join(work, 'missing.mjs'),
      exportName: 'handler',
      timeoutMs: 2_000,
      memoryMb: 128,
      environment: {},
      logPath: join(work, 'broken.log'),
    });
    workers.push(broken);
    // Act
    await broken.warm();
    const invoked = broken.invoke({});
    // Assess
    await expect(invoked).rejects.toBeInstanceOf(FunctionInvocationError);
  });

  it('gives each function its own environment and keeps the module warm between invocations', async () => {
    // Prepare
    const a = worker('a');
    const b = worker('b');
    // Act
    const first = await a.invoke({});
    const second = await a.invoke({});
    const other = await b.invoke({});
    // Assess
    expect(first).toEqual({ who: 'a', invocations: 1, remaining: true, name: 'fn-a' });
    expect(second).toMatchObject({ who: 'a', invocations: 2 });
    expect(other).toMatchObject({ who: 'b', invocations: 1 });
    expect(process.env.WHO).toBeUndefined();
  });

  it('rejects with the handler error and stays usable', async () => {
    // Prepare
    const fn = worker('c');
    // Act
    const failure = await fn.invoke({ fail: 'x' }).catch((error: unknown) => error);
    const after = await fn.invoke({});
    // Assess
    expect(failure).toBeInstanceOf(FunctionInvocationError);
    expect((failure as FunctionInvocationError).kind).toBe('error');
    expect((failure as Error).message).toContain('TypeError: bad input: x');
    expect(after).toMatchObject({ invocations: 2 });
  });

  it('times out like Lambda and starts a fresh environment for the next invocation', async () => {
    // Prepare
    const fn = worker('d', 200);
    await fn.invoke({});
    // Act
    const failure = await fn.invoke({ sleepMs: 5_000 }).catch((error: unknown) => error);
    const after = await fn.invoke({});
    // Assess
    expect((failure as FunctionInvocationError).kind).toBe('timeout');
    expect(after).toMatchObject({ invocations: 1 });
  });

  it("does not count a cold start's init phase (the bundle's load) against the function's timeout", async () => {
    // Prepare: a bundle that takes 600 ms to load, a function with a 300 ms timeout.
    const slowLoad = join(work, 'slow-load.mjs');
    writeFileSync(
      slowLoad,
      `await new Promise((r) => setTimeout(r, 600));
export const handler = async (event, context) => ({ remaining: context.getRemainingTimeInMillis() });`,
    );
    const fn = new FunctionWorker({
      name: 'fn-slow-load',
      modulePath: slowLoad,
      exportName: 'handler',
      timeoutMs: 300,
      memoryMb: 128,
      environment: {},
      logPath: join(work, 'slow-load.log'),
    });
    workers.push(fn);
    // Act
    const result = (await fn.invoke({})) as { remaining: number };
    // Assess: answered, and the handler's clock started after the load.
    expect(result.remaining).toBeGreaterThan(0);
    expect(result.remaining).toBeLessThanOrEqual(300);
  });

  it('writes the function log to its file and passes ERROR lines on', async () => {
    // Prepare
    const seen: string[] = [];
    const fn = worker('e', 2_000, (line) => seen.push(`${line.level} ${line.message}`));
    // Act
    await fn.invoke({ log: 'CASH unreachable' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Assess
    expect(seen).toContain('ERROR CASH unreachable');
    expect(readFileSync(join(work, 'e.log'), 'utf8')).toContain('CASH unreachable');
  });
});
