import type { DuplicateRegistry } from './party-directory.ts';

/** DuplicateRegistry held in memory (one CLI run, tests). The first document for a key wins. */
export class InMemoryDuplicateRegistry implements DuplicateRegistry {
  readonly #seen = new Map<string, string>();

  async seen(key: string): Promise<string | undefined> {
    return this.#seen.get(key);
  }

  async remember(key: string, documentId: string): Promise<void> {
    if (!this.#seen.has(key)) this.#seen.set(key, documentId);
  }
}
