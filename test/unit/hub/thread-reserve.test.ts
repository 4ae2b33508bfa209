import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionWorker } from '../../../hub/functions/function-worker.ts';
import { ThreadReserve } from '../../../hub/functions/thread-reserve.ts';
import { connectors } from '../../../lib/tenant/index.ts';

describe('ThreadReserve', () => {
  const work = mkdtempSync(join(tmpdir(), 'hub-reserve-'));
  const preload = join(work, 'preload.mjs');
  // Stands for the SDK: loaded by the thread as it starts, before it has a function.
  writeFileSync(preload, `globalThis.preloadSaw = { at: Date.now() };\n`);
  const module = join(work, 'index.mjs');
  writeFileSync(
    module,
    `const loadedWith = process.env.WHO;
export const handler = async () => ({
  loadedWith,
  who: process.env.WHO,
  home: process.env.HOME ?? null,
  preloadSaw: globalThis.preloadSaw ?? null,
});`,
  );
  const workers: FunctionWorker[] = [];
  const reserves: ThreadReserve[] = [];
  const worker = (reserve: ThreadReserve, memoryMb = 128) => {
    const created = new FunctionWorker({
      name: 'fn-reserved',
      modulePath: module,
      exportName: 'handler',
      timeoutMs: 5_000,
      memoryMb,
      environment: { WHO: 'the function' },
      logPath: join(work, 'fn.log'),
      reserve,
    });
    workers.push(created);
    return created;
  };
  const newReserve = () => {
    const reserve = new ThreadReserve();
    reserves.push(reserve);
    return reserve;
  };

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(reserves.map((r) => r.stop()));
    rmSync(work, { recursive: true, force: true });
  });

  it('the adopted thread has the preload loaded, and loads the bundle with exactly the function environment', async () => {
    // Prepare
    const reserve = newReserve();
    reserve.reserve('fn-reserved', preload, 128);
    const fn = worker(reserve);

    // Act
    const result = (await fn.invoke({})) as Record<string, unknown>;

    // Assess
    expect(result.preloadSaw).toMatchObject({ at: expect.any(Number) });
    expect(result.loadedWith).toBe('the function');
    expect(result.who).toBe('the function');
    // The reserve's own start-up environment (PATH, HOME) is gone once the function's is set.
    expect(result.home).toBeNull();
    expect(reserve.take('fn-reserved', 128)).toBeUndefined();
  });

  it('a thread started with another memory limit is not adopted: the environment starts its own', async () => {
    // Prepare
    const reserve = newReserve();
    reserve.reserve('fn-reserved', preload, 256);
    const fn = worker(reserve, 128);

    // Act
    const result = (await fn.invoke({})) as Record<string, unknown>;

    // Assess
    expect(result.preloadSaw).toBeNull();
    expect(result.who).toBe('the function');
  });

  it('stop() ends unused threads, and a stopped reserve starts none', async () => {
    // Prepare
    const reserve = newReserve();
    reserve.reserve('unused', preload, 128);

    // Act
    await reserve.stop();
    reserve.reserve('late', preload, 128);

    // Assess
    expect(reserve.take('unused', 128)).toBeUndefined();
    expect(reserve.take('late', 128)).toBeUndefined();
  });

  it('before a template exists, reserves threads for the core connectors on the request path only', async () => {
    // Prepare: every connector's bundle has a preload file
    const reserve = newReserve();
    const bundles = new Map(
      Object.keys(connectors).map((name) => {
        const folder = join(work, 'bundles', name);
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, 'preload.mjs'), '');
        return [name, join(folder, 'index.mjs')];
      }),
    );

    // Act
    reserve.prepareFromRegistry(bundles);

    // Assess: the writer (event queue) and the partner API (partner routes); not app-api (signed-in users
    // only), not the scheduled or mailbox-triggered ones
    const memory = (name: keyof typeof connectors) => connectors[name].memorySizeMb;
    expect(reserve.take('cash-writer', memory('cash-writer'))).toBeDefined();
    expect(reserve.take('partner-api', memory('partner-api'))).toBeDefined();
    for (const name of ['app-api', 'cash-sync', 'bank-import', 'invoice-mailbox'] as const)
      expect(reserve.take(name, memory(name))).toBeUndefined();
  });
});
