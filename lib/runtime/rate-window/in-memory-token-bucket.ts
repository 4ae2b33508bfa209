import { RateWindowError } from './rate-window-error.ts';
import {
  type BucketTake,
  type BucketTakeRequest,
  bucketStep,
  checkBucketRequest,
  type TokenBucket,
} from './token-bucket.ts';

export interface InMemoryTokenBucketOptions {
  /**
   * Most keys kept at once. Default 10 000. Beyond it the keys written longest ago go (full buckets first in
   * practice); a live key dropped that way starts full again, which errs on the generous side.
   */
  maxKeys?: number;
}

/** The token bucket inside one process (CLI, local runs, tests): one theoretical arrival time per key. */
export class InMemoryTokenBucket implements TokenBucket {
  readonly #maxKeys: number;
  readonly #tats = new Map<string, number>();

  constructor(options: InMemoryTokenBucketOptions = {}) {
    this.#maxKeys = options.maxKeys ?? 10_000;
    if (!Number.isSafeInteger(this.#maxKeys) || this.#maxKeys < 1)
      throw new RateWindowError('maxKeys', 'a positive integer', this.#maxKeys);
  }

  /** Keys currently held (at most `maxKeys`). */
  get size(): number {
    return this.#tats.size;
  }

  async take(request: BucketTakeRequest): Promise<BucketTake> {
    const checked = checkBucketRequest(request);
    const step = bucketStep(this.#tats.get(checked.key) ?? 0, checked);
    if (!step.granted) return { granted: false, tat: step.tat, waitMs: step.waitMs };
    // Re-inserting keeps the map in order of last write, the order in which #evict drops keys.
    this.#tats.delete(checked.key);
    this.#tats.set(checked.key, step.tat);
    if (this.#tats.size > this.#maxKeys) this.#evict(checked.nowMs);
    return { granted: true, tat: step.tat, waitMs: 0 };
  }

  /** Drops full buckets (`tat` passed) from the front, and live ones only while over `maxKeys`. */
  #evict(nowMs: number): void {
    for (const [key, tat] of this.#tats) {
      if (tat > nowMs && this.#tats.size <= this.#maxKeys) break;
      this.#tats.delete(key);
    }
  }
}
