/**
 * Invocation slots of one event source mapping (its ScalingConfig.MaximumConcurrency): a poller takes a
 * slot before it receives, so with every slot taken nothing more is received and the messages stay in the
 * queue, visible to nobody's timeout. The limit can change while slots are taken (an UpdateEventSourceMapping);
 * a lowered limit applies as slots come back.
 */
export class InvocationSlots {
  private taken = 0;
  private readonly waiting: Array<() => void> = [];
  private limitValue: number;

  constructor(limit: number) {
    this.limitValue = checkedLimit(limit);
  }

  get limit(): number {
    return this.limitValue;
  }

  /** Slots in use right now. */
  get inUse(): number {
    return this.taken;
  }

  set limit(value: number) {
    this.limitValue = checkedLimit(value);
    this.wakeWaiting();
  }

  /** Resolves once a slot is free and taken; give it back with `release`. */
  acquire(): Promise<void> {
    if (this.taken < this.limitValue) {
      this.taken += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting.push(() => {
        this.taken += 1;
        resolve();
      });
    });
  }

  release(): void {
    if (this.taken === 0) throw new RangeError('released a slot that was not taken');
    this.taken -= 1;
    this.wakeWaiting();
  }

  private wakeWaiting(): void {
    while (this.taken < this.limitValue && this.waiting.length > 0) this.waiting.shift()?.();
  }
}

function checkedLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`maximum concurrency must be a whole number of at least 1, got ${limit}`);
  return limit;
}
