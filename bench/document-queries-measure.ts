/**
 * Timing of paged reads: each repeat times the first page, then the next page from its cursor; p50 and
 * p95 over the repeats (nearest rank). Used for the app API calls on the hub and for DocumentQueries itself.
 */

/** One page of whatever is measured: how many items it held and its cursor. */
export interface MeasuredPage {
  items: number;
  nextCursor?: string;
}

export interface PagedTimings {
  /** Milliseconds of each first page / each second page, sorted. */
  first: number[];
  second: number[];
  /** Items on the last first page and on the last second page seen. */
  firstItems: number;
  secondItems: number;
}

/** The p-th percentile (nearest rank) of sorted values; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** `p50 / p95 ms`, or what stands in for figures that were not taken. */
export function p50p95(sorted: readonly number[], none = 'no page 2'): string {
  if (sorted.length === 0) return none;
  return `${percentile(sorted, 50).toFixed(1)} / ${percentile(sorted, 95).toFixed(1)}`;
}

/** Times `repeats` first pages and the second page after each; `clock` is for tests. */
export async function measurePaged(
  run: (cursor?: string) => Promise<MeasuredPage>,
  repeats: number,
  clock: () => number = () => performance.now(),
): Promise<PagedTimings> {
  const first: number[] = [];
  const second: number[] = [];
  let firstItems = 0;
  let secondItems = 0;
  for (let i = 0; i < repeats; i++) {
    let t = clock();
    const page = await run();
    first.push(clock() - t);
    firstItems = page.items;
    if (page.nextCursor !== undefined) {
      t = clock();
      const next = await run(page.nextCursor);
      second.push(clock() - t);
      secondItems = next.items;
    }
  }
  const byValue = (a: number, b: number) => a - b;
  return { first: first.sort(byValue), second: second.sort(byValue), firstItems, secondItems };
}

/** The rows a measured case adds to the bench's table. */
export function timingRows(name: string, timings: PagedTimings): Record<string, string | number> {
  return {
    [`${name}: items on page 1 / page 2`]: `${timings.firstItems} / ${timings.second.length > 0 ? timings.secondItems : '-'}`,
    [`${name}: page 1 p50 / p95 ms`]: p50p95(timings.first, 'not measured'),
    [`${name}: page 2 p50 / p95 ms`]: p50p95(timings.second),
  };
}
