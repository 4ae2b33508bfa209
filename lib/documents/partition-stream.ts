/** One page of a partition, in the partition's order, and where the next page starts. */
export interface PartitionPage<T> {
  items: T[];
  next?: Record<string, unknown>;
}

/**
 * A partition read lazily, a page at a time: `head()` is the next item in sort-key order (fetching a page
 * when the buffer is empty), `pop()` takes it.
 */
export class PartitionStream<T> {
  private buffer: T[] = [];
  private next: Record<string, unknown> | undefined;
  private started = false;

  constructor(private readonly fetch: (start?: Record<string, unknown>) => Promise<PartitionPage<T>>) {}

  /** Whether the partition may hold more (items buffered, or a page not yet read). */
  get mayHaveMore(): boolean {
    return this.buffer.length > 0 || !this.started || this.next !== undefined;
  }

  async head(): Promise<T | undefined> {
    while (this.buffer.length === 0 && (!this.started || this.next !== undefined)) {
      const page = await this.fetch(this.started ? this.next : undefined);
      this.started = true;
      this.next = page.next;
      this.buffer = page.items;
    }
    return this.buffer[0];
  }

  pop(): T | undefined {
    return this.buffer.shift();
  }
}

/**
 * Merges sorted partitions by `sortKey` (k-way): takes items in global order while `take` returns
 * 'more'; every item taken is passed to it, so it sees the merged sequence up to where it stopped.
 */
export async function mergePartitions<T>(
  streams: PartitionStream<T>[],
  sortKey: (item: T) => string,
  descending: boolean,
  take: (item: T) => 'more' | 'stop',
): Promise<{ exhausted: boolean }> {
  for (;;) {
    let best: { stream: PartitionStream<T>; key: string } | undefined;
    const heads = await Promise.all(streams.map((s) => s.head()));
    for (const [i, stream] of streams.entries()) {
      const item = heads[i];
      if (item === undefined) continue;
      const key = sortKey(item);
      if (!best || (descending ? key > best.key : key < best.key)) best = { stream, key };
    }
    if (!best) return { exhausted: true };
    const item = best.stream.pop() as T;
    if (take(item) === 'stop') return { exhausted: !streams.some((s) => s.mayHaveMore) };
  }
}
