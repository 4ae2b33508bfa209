import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { PollLoop, type PollLoopOptions } from '../../../hub/polling/poll-loop.ts';
import { deferred, settle, settlesOnItsOwn } from './async-probes.ts';

/** The smallest watcher: a pass is whatever function the test gives. */
class FunctionPoller extends PollLoop {
  constructor(private readonly options: PollLoopOptions & { scan: () => Promise<void> }) {
    super(options);
  }

  protected scanOnce(): Promise<void> {
    return this.options.scan();
  }
}

/** A scan that counts passes and how many ran at once; each pass waits for `gate()` when given. */
function countingScan(gate?: (pass: number) => Promise<void>) {
  const state = { passes: 0, active: 0, maxActive: 0 };
  const scan = async () => {
    state.passes++;
    state.active++;
    state.maxActive = Math.max(state.maxActive, state.active);
    try {
      await gate?.(state.passes);
    } finally {
      state.active--;
    }
  };
  return { state, scan };
}

describe('PollLoop', () => {
  it('runs passes one after another until stopped', async () => {
    // Prepare
    const { state, scan } = countingScan();
    const loop = new FunctionPoller({ scan, intervalMs: 1, onError: () => {} });
    // Act
    loop.start();
    await vi.waitFor(() => expect(state.passes).toBeGreaterThanOrEqual(3));
    await loop.stop();
    const passesAtStop = state.passes;
    await settle();
    // Assess
    expect(loop.running).toBe(false);
    expect(state.maxActive).toBe(1);
    expect(state.passes).toBe(passesAtStop);
  });

  it('never runs two passes at once, whatever mix of loop and direct scans (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ ticks: fc.nat(4), callers: fc.integer({ min: 1, max: 3 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        async (rounds) => {
          // Prepare: passes that take a few turns each
          let ticks = 0;
          const { state, scan } = countingScan(async () => settle(ticks));
          const loop = new FunctionPoller({ scan, intervalMs: 0, onError: () => {} });
          loop.start();
          // Act: callers ask for passes while the loop's own passes run
          for (const round of rounds) {
            ticks = round.ticks;
            const asked = state.passes;
            const answers = await Promise.all(
              Array.from({ length: round.callers }, () => loop.scan().then(() => state.passes)),
            );
            // Assess: every caller's pass started after it asked
            for (const passesWhenDone of answers) expect(passesWhenDone).toBeGreaterThan(asked);
          }
          await loop.stop();
          expect(state.maxActive).toBe(1);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('shares one follow-up pass among callers that ask while a pass runs', async () => {
    // Prepare
    const gates = [deferred(), deferred()];
    const { state, scan } = countingScan((pass) => gates[pass - 1]?.promise ?? Promise.resolve());
    const loop = new FunctionPoller({ scan, onError: () => {} });
    const first = loop.scan();
    // Act
    const second = loop.scan();
    const third = loop.scan();
    gates[0]?.resolve();
    await first;
    await settle();
    gates[1]?.resolve();
    await Promise.all([second, third]);
    // Assess
    expect(second).toBe(third);
    expect(state.passes).toBe(2);
    expect(state.maxActive).toBe(1);
  });

  it.each([
    ["the loop's own pass", (loop: PollLoop) => loop.start()],
    ['a pass asked for directly', (loop: PollLoop) => void loop.scan()],
  ])('stop() waits for %s, and no pass starts after it', async (_, begin) => {
    // Prepare
    const gate = deferred();
    const { state, scan } = countingScan(() => gate.promise);
    const loop = new FunctionPoller({ scan, intervalMs: 1, onError: () => {} });
    begin(loop);
    await vi.waitFor(() => expect(state.active).toBe(1));
    // Act
    const stopping = loop.stop();
    const stoppedBeforeThePassEnded = await settlesOnItsOwn(stopping);
    gate.resolve();
    await stopping;
    await settle();
    // Assess
    expect(stoppedBeforeThePassEnded).toBe(false);
    expect(state.active).toBe(0);
    expect(state.passes).toBe(1);
  });

  it('reports failed passes, thrown or rejected, and keeps polling', async () => {
    // Prepare: the first pass throws before any await, the second rejects later, the rest succeed
    const errors: unknown[] = [];
    let passes = 0;
    const scan = (): Promise<void> => {
      passes++;
      if (passes === 1) throw new Error('listing failed');
      if (passes === 2) return Promise.reject(new Error('bucket gone'));
      return Promise.resolve();
    };
    const loop = new FunctionPoller({ scan, intervalMs: 1, onError: (error) => errors.push(error) });
    // Act
    loop.start();
    await vi.waitFor(() => expect(passes).toBeGreaterThanOrEqual(4));
    await loop.stop();
    // Assess
    expect(errors.map((error) => (error as Error).message)).toEqual(['listing failed', 'bucket gone']);
  });

  it('keeps polling when the error reporter itself throws', async () => {
    // Prepare
    let passes = 0;
    const loop = new FunctionPoller({
      scan: async () => {
        passes++;
        throw new Error(`pass ${passes}`);
      },
      intervalMs: 1,
      onError: () => {
        throw new Error('reporter broke');
      },
    });
    // Act
    loop.start();
    await vi.waitFor(() => expect(passes).toBeGreaterThanOrEqual(3));
    await loop.stop();
    // Assess
    expect(loop.running).toBe(false);
  });

  it("gives a direct caller the pass's error and the loop carries on", async () => {
    // Prepare
    let fail = true;
    const loop = new FunctionPoller({
      scan: async () => {
        if (fail) throw new Error('S3 unreachable');
      },
      onError: () => {},
    });
    // Act
    const failed = loop.scan();
    // Assess
    await expect(failed).rejects.toThrow('S3 unreachable');
    fail = false;
    await expect(loop.scan()).resolves.toBeUndefined();
  });

  it('can be started again after a stop, and a second start() while running adds no loop', async () => {
    // Prepare
    const { state, scan } = countingScan();
    const loop = new FunctionPoller({ scan, intervalMs: 1, onError: () => {} });
    loop.start();
    await vi.waitFor(() => expect(state.passes).toBeGreaterThanOrEqual(1));
    const stopping = loop.stop();
    // Act: restart while the first session is still winding down
    loop.start();
    loop.start();
    await stopping;
    const before = state.passes;
    await vi.waitFor(() => expect(state.passes).toBeGreaterThan(before + 2));
    await loop.stop();
    // Assess
    expect(state.maxActive).toBe(1);
    expect(loop.running).toBe(false);
  });

  it('stop() without start() resolves at once', async () => {
    // Prepare
    const loop = new FunctionPoller({ scan: async () => {}, onError: () => {} });
    // Act / Assess
    await expect(loop.stop()).resolves.toBeUndefined();
    expect(loop.running).toBe(false);
  });
});
