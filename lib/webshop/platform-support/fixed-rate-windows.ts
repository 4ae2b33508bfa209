/** A counting window: at most `limit` requests per `seconds`, reset at fixed boundaries. */
export interface RateWindowSpec {
  limit: number;
  seconds: number;
}

export interface RateWindowState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

/**
 * Fixed request windows per key, for the platform simulators (Lightspeed's 5 min / hour / day per API key, CCV's
 * per minute per resource and in total), on a clock the tests set. A refused request does not count.
 */
export class FixedRateWindows {
  readonly #counts = new Map<string, number>();

  constructor(
    readonly windows: RateWindowSpec[],
    private readonly clock: () => number,
  ) {}

  /** Counts a request for `key` when every window has room; the windows' state after it either way. */
  take(key: string): { allowed: boolean; windows: RateWindowState[] } {
    const now = this.clock();
    const slots = this.windows.map((window, index) => {
      const start = Math.floor(now / (window.seconds * 1000));
      return { window, id: `${key}|${index}|${start}`, resetMs: (start + 1) * window.seconds * 1000 - now };
    });
    this.#forgetPast(now);
    const allowed = slots.every((slot) => (this.#counts.get(slot.id) ?? 0) < slot.window.limit);
    if (allowed) for (const slot of slots) this.#counts.set(slot.id, (this.#counts.get(slot.id) ?? 0) + 1);
    return {
      allowed,
      windows: slots.map((slot) => ({
        limit: slot.window.limit,
        remaining: Math.max(0, slot.window.limit - (this.#counts.get(slot.id) ?? 0)),
        resetSeconds: Math.max(1, Math.ceil(slot.resetMs / 1000)),
      })),
    };
  }

  /** Drops the counts of windows that have ended, so a long-running simulator does not grow. */
  #forgetPast(now: number): void {
    if (this.#counts.size < 1000) return;
    for (const id of this.#counts.keys()) {
      const [, index, start] = id.split('|').slice(-3);
      const window = this.windows[Number(index)];
      if (!window || (Number(start) + 1) * window.seconds * 1000 <= now) this.#counts.delete(id);
    }
  }
}
