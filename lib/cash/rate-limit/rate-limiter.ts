/** Shared budget of requests, e.g. CASH's ~100 requests per minute per API key. */
export interface RateLimiter {
  /** Resolves when `cost` requests (default 1) may be made for `key`; waits as long as needed (or throws when it may not). */
  acquire(key: string, cost?: number): Promise<void>;
}

export type Clock = () => number;
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
