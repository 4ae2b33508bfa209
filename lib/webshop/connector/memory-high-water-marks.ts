import type { HighWaterMarks } from './high-water-mark-store.ts';

/** High-water marks in memory (tests, the bench). */
export class MemoryHighWaterMarks implements HighWaterMarks {
  readonly marks = new Map<string, string>();

  async get(platform: string, shop: string): Promise<string | undefined> {
    return this.marks.get(`${platform}#${shop}`);
  }

  async advance(platform: string, shop: string, mark: string): Promise<void> {
    const key = `${platform}#${shop}`;
    const current = this.marks.get(key);
    if (current === undefined || current < mark) this.marks.set(key, mark);
  }
}
