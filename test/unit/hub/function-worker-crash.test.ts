import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionWorker } from '../../../hub/functions/function-worker.ts';
import { ThreadReserve } from '../../../hub/functions/thread-reserve.ts';
import { FunctionInvocationError } from '../../../hub/hub-error.ts';

/** Far beyond what a crash may take to surface: an invocation that waits this long hung. */
const TIMEOUT_MS = 20_000;

describe('FunctionWorker when the function thread crashes', () => {
  const work = mkdtempSync(join(tmpdir(), 'hub-crash-'));
  const module = join(work, 'index.mjs');
  // A small bundle that brings its own thread down in the ways a real one can (tesseract.js's nested
  // worker failing to start is the first case); every crash leaves the handler's promise pending forever.
  writeFileSync(
    module,
    `import { Worker } from 'node:worker_threads';
let invocations = 0;
const never = () => new Promise(() => {});
export const handler = async (event) => {
  invocations += 1;
  switch (event.crash) {
    case 'nested-worker':
      new Worker("throw new Error('nested worker failed to start')", { eval: true });
      return never();
    case 'uncaught':
      setTimeout(() => { throw new RangeError('uncaught in a timer'); }, 5);
      return never();
    case 'unhandled-rejection':
      Promise.reject(new Error('nobody awaited this'));
      return never();
    case 'exit':
      setTimeout(() => process.exit(3), 5);
      return never();
    default:
      return { invocations };
  }
};`,
  );
  const workers: FunctionWorker[] = [];
  const reserves: ThreadReserve[] = [];
  const worker = (name: string, reserve?: ThreadReserve) => {
    const created = new FunctionWorker({
      name,
      modulePath: module,
      exportName: 'handler',
      timeoutMs: TIMEOUT_MS,
      memoryMb: 128,
      environment: {},
      logPath: join(work, `${name}.log`),
      ...(reserve ? { reserve } : {}),
    });
    workers.push(created);
    return created;
  };

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(reserves.map((r) => r.stop()));
    rmSync(work, { recursive: true, force: true });
  });

  it.each([
    { crash: 'nested-worker', says: 'nested worker failed to start' },
    { crash: 'uncaught', says: 'uncaught in a timer' },
    { crash: 'unhandled-rejection', says: 'nobody awaited this' },
    { crash: 'exit', says: 'exit status 3' },
  ])(
    '$crash: the invocation ends with Runtime.ExitError, the next one runs in a fresh environment',
    async ({ crash, says }) => {
      // Prepare
      const fn = worker(`fn-${crash}`);
      const warmBefore = await fn.invoke({});
      const started = Date.now();
      // Act
      const failure = await fn.invoke({ crash }).catch((error: unknown) => error);
      const tookMs = Date.now() - started;
      const after = await fn.invoke({});
      // Assess
      expect(warmBefore).toEqual({ invocations: 1 });
      expect(failure).toBeInstanceOf(FunctionInvocationError);
      expect((failure as FunctionInvocationError).kind).toBe('crash');
      expect((failure as Error).message).toContain('Runtime.ExitError');
      expect((failure as Error).message).toContain(says);
      expect(tookMs).toBeLessThan(TIMEOUT_MS / 2);
      // A fresh environment: the module was loaded again, its counter starts over.
      expect(after).toEqual({ invocations: 1 });
    },
  );

  it('a crash in one of several environments fails only its own invocation', async () => {
    // Prepare
    const fn = worker('fn-side-by-side');
    fn.setConcurrency(2);
    // Act
    const [crashed, fine] = await Promise.allSettled([fn.invoke({ crash: 'uncaught' }), fn.invoke({})]);
    // Assess
    expect(crashed.status).toBe('rejected');
    expect(fine).toEqual({ status: 'fulfilled', value: { invocations: 1 } });
  });

  it('a reserved thread that dies before it is adopted neither ends the hub nor takes the invocation down', async () => {
    // Prepare
    const preload = join(work, 'bad-preload.mjs');
    writeFileSync(preload, `setTimeout(() => { throw new Error('preload failed'); }, 1);\n`);
    const reserve = new ThreadReserve();
    reserves.push(reserve);
    reserve.reserve('fn-reserved', preload, 128);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const fn = worker('fn-reserved', reserve);
    // Act
    await fn.warm();
    const result = await fn.invoke({});
    // Assess
    expect(result).toEqual({ invocations: 1 });
  });

  it('an event the thread cannot receive fails that invocation only; the environment stays warm', async () => {
    // Prepare
    const fn = worker('fn-uncloneable');
    await fn.invoke({});
    // Act
    const failure = await fn.invoke({ callback: () => undefined }).catch((error: unknown) => error);
    const after = await fn.invoke({});
    // Assess
    expect((failure as FunctionInvocationError).kind).toBe('error');
    expect((failure as Error).message).toContain('the event cannot be sent');
    expect(after).toEqual({ invocations: 2 });
  });
});
