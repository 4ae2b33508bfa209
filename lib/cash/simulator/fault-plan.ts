import type { InjectedFault, SimulatorFaults } from './types.ts';

/** What the simulator does to one request beyond serving it. */
export interface FaultDecision {
  http5xx: boolean;
  latencyMs: number;
  timeoutAfterCommit: boolean;
  stuckPending: boolean;
}

/**
 * Decides faults per request: one-shot injected faults first (in order, each consumed by the first request it
 * applies to), then the configured rates drawn from a seeded generator so a chaos run can be replayed.
 */
export class FaultPlan {
  private random: () => number;
  private queue: InjectedFault[] = [];
  private settings: SimulatorFaults;

  constructor(
    private readonly seed: number,
    faults: SimulatorFaults = {},
  ) {
    this.random = mulberry32(seed);
    this.settings = { ...faults };
  }

  get faults(): SimulatorFaults {
    return { ...this.settings };
  }

  /** Merges new settings into the current ones (`{ http5xxRate: 0 }` switches one off). */
  set(faults: SimulatorFaults): void {
    this.settings = { ...this.settings, ...faults };
  }

  inject(fault: InjectedFault): void {
    this.queue.push(fault);
  }

  get queued(): readonly InjectedFault[] {
    return this.queue;
  }

  reset(faults: SimulatorFaults): void {
    this.random = mulberry32(this.seed);
    this.queue = [];
    this.settings = { ...faults };
  }

  decide(isImport: boolean): FaultDecision {
    const decision: FaultDecision = {
      http5xx: this.roll(this.settings.http5xxRate),
      latencyMs: this.settings.latencyMs ?? 0,
      timeoutAfterCommit: isImport && this.roll(this.settings.timeoutAfterCommitRate),
      stuckPending: isImport && this.roll(this.settings.stuckPendingRate),
    };
    const index = this.queue.findIndex(
      (f) =>
        f.kind === '5xx' ||
        f.kind === 'latency' ||
        (isImport && (f.kind === 'timeout-after-commit' || f.kind === 'stuck-pending')),
    );
    if (index >= 0) {
      const [fault] = this.queue.splice(index, 1);
      if (fault?.kind === '5xx') decision.http5xx = true;
      if (fault?.kind === 'latency') decision.latencyMs = Math.max(decision.latencyMs, fault.ms ?? 1000);
      if (fault?.kind === 'timeout-after-commit') decision.timeoutAfterCommit = true;
      if (fault?.kind === 'stuck-pending') decision.stuckPending = true;
    }
    return decision;
  }

  private roll(rate: number | undefined): boolean {
    // Always draw, so the sequence of decisions does not depend on which rates are switched on.
    const draw = this.random();
    return rate !== undefined && rate > 0 && draw < rate;
  }
}

/** Small, well-known 32-bit seeded PRNG; good enough to spread faults, replayable from the seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
