import { RateWindowError } from './rate-window-error.ts';
import {
  checkTakeRequest,
  currentWindow,
  type WindowCounter,
  type WindowTake,
  type WindowTakeRequest,
} from './window-counter.ts';

export interface InMemoryWindowCounterOptions {
  /**
   * Most keys kept at once. Default 10 000. Beyond it the keys written longest ago go (ended windows first in
   * practice); a live key dropped that way starts its budget over, which errs on the generous side.
   */
  maxKeys?: number;
}

interface WindowSlot {
  windowStart: number;
  windowMs: number;
  count: number;
}

/**
 * The fixed-window counter inside one process (CLI, local runs, tests): one slot per key and window length,
 * replaced when its window has passed, so memory stays bounded by `maxKeys`.
 */
export class InMemoryWindowCounter implements WindowCounter {
  readonly #maxKeys: number;
  readonly #slots = new Map<string, WindowSlot>();

  constructor(options: InMemoryWindowCounterOptions = {}) {
    this.#maxKeys = options.maxKeys ?? 10_000;
    if (!Number.isSafeInteger(this.#maxKeys) || this.#maxKeys < 1)
      throw new RateWindowError('maxKeys', 'a positive integer', this.#maxKeys);
  }

  /** Keys currently held (at most `maxKeys`). */
  get size(): number {
    return this.#slots.size;
  }

  async take(request: WindowTakeRequest): Promise<WindowTake> {
    const { key, cost, limit, windowMs, nowMs } = checkTakeRequest(request);
    const { windowStart, resetMs } = currentWindow(nowMs, windowMs);
    const slotKey = `${windowMs}:${key}`;
    const existing = this.#slots.get(slotKey);
    // Any other window (an earlier one, or a later one when the caller's clock went back) starts from zero.
    const before = existing?.windowStart === windowStart ? existing.count : 0;
    if (before + cost > limit) return { granted: false, count: before, windowStart, resetMs };
    // Re-inserting keeps the map in order of last write, which is the order #evict drops keys in.
    this.#slots.delete(slotKey);
    this.#slots.set(slotKey, { windowStart, windowMs, count: before + cost });
    if (this.#slots.size > this.#maxKeys) this.#evict(nowMs);
    return { granted: true, count: before + cost, windowStart, resetMs };
  }

  /**
   * Drops slots from the front (least recently written): all that have ended, and live ones only while over
   * `maxKeys`. Stops at the first live slot once under, so a take costs O(1) on average.
   */
  #evict(nowMs: number): void {
    for (const [slotKey, slot] of this.#slots) {
      const ended = slot.windowStart + slot.windowMs <= nowMs;
      if (!ended && this.#slots.size <= this.#maxKeys) break;
      this.#slots.delete(slotKey);
    }
  }
}
