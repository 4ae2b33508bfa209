/**
 * How hard the property and fuzz tests push: `FUZZ_RUNS` (set by `npm run fuzz`) overrides every count;
 * without it each test runs its own small default so `npm test` stays quick.
 */
export const FUZZ_RUNS_VARIABLE = 'FUZZ_RUNS';

/** The number of fast-check runs for one property: `FUZZ_RUNS` when set to a positive integer, else `fallback`. */
export function fuzzRuns(fallback = 50): number {
  const configured = Number.parseInt(process.env[FUZZ_RUNS_VARIABLE] ?? '', 10);
  return Number.isInteger(configured) && configured > 0 ? configured : fallback;
}

/** fast-check parameters with `fuzzRuns(fallback)` runs. */
export function fuzzParameters(fallback = 50): { numRuns: number } {
  return { numRuns: fuzzRuns(fallback) };
}

/** A stack frame in printed output (`    at fn (file:1:2)`): hostile input must never surface one. */
export const STACK_FRAME = /^\s+at .+/m;
