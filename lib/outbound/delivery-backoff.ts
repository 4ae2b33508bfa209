/** SQS refuses a visibility timeout above 12 hours. */
export const MAX_VISIBILITY_SECONDS = 43_200;

export interface BackoffOptions {
  /** The first retry's ceiling (ms). Default 2 000. */
  baseMs?: number;
  /** No retry waits longer than this unless the target asked for more (ms). Default 15 minutes. */
  capMs?: number;
}

/**
 * How long a retryable delivery waits before its next attempt, in whole seconds for ChangeMessageVisibility:
 * "full jitter" (a uniform draw from 0 to `min(cap, base × 2^(attempt-1))`), so retries of many messages
 * spread out instead of hitting the target together; never shorter than the target's `Retry-After`, never
 * negative, never above SQS's 12 hours. `attempt` counts from 1; `random` draws from [0, 1).
 */
export function retryDelaySeconds(
  attempt: number,
  retryAfterMs: number | undefined,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const baseMs = options.baseMs ?? 2_000;
  const capMs = options.capMs ?? 15 * 60_000;
  const exponent = Math.min(Math.max(0, Math.floor(Number.isFinite(attempt) ? attempt : 1) - 1), 30);
  const ceilingMs = Math.min(capMs, baseMs * 2 ** exponent);
  const draw = Math.min(Math.max(random(), 0), 1);
  const jitteredMs = draw * ceilingMs;
  const askedMs = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) ? Math.max(0, retryAfterMs) : 0;
  const seconds = Math.ceil(Math.max(jitteredMs, askedMs) / 1000);
  return Math.min(Math.max(seconds, 0), MAX_VISIBILITY_SECONDS);
}
