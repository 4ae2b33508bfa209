import type { MatchMemory } from '../bank/matching/index.ts';
import { MatchMemoryConflictError, type VersionedMemory } from '../bank/stores/index.ts';
import { MemoryVersionMismatchError } from './errors.ts';

/** The versioned match memory as DynamoMatchMemory keeps it (per administration). */
export interface VersionedMemoryStore {
  load(administration: string): Promise<VersionedMemory>;
  /** Saves on top of `expectedVersion`; throws MatchMemoryConflictError when someone saved first. */
  save(administration: string, memory: MatchMemory, expectedVersion: number): Promise<number>;
}

/** What a change decided: a new memory to save (or none: nothing to change) and the answer for the caller. */
export interface MemoryChange<T> {
  memory?: MatchMemory;
  value: T;
}

/**
 * The bank matcher's rules and deny-list as people change them through the partner API, in the same
 * memory the bank import reads. Every change is load → change → save on top of the loaded version; when
 * another writer (a correction, an import learning, another person) saved in between, the change is made
 * again on the newer memory, so no one's update is lost. With `expectedVersion` (If-Match) the caller
 * asks for the change only on the version they looked at: a newer memory is refused instead.
 */
export class BankRuleStore {
  constructor(
    private readonly memory: VersionedMemoryStore,
    private readonly attempts = 5,
  ) {}

  load(administration: string): Promise<VersionedMemory> {
    return this.memory.load(administration);
  }

  /** `change` must be pure: it may run more than once. Errors it throws leave the memory as it was. */
  async change<T>(
    administration: string,
    change: (memory: MatchMemory) => MemoryChange<T>,
    expectedVersion?: number,
  ): Promise<{ value: T; version: number; changed: boolean }> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.memory.load(administration);
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw new MemoryVersionMismatchError(expectedVersion, current.version);
      }
      const result = change(current.memory);
      if (!result.memory) return { value: result.value, version: current.version, changed: false };
      try {
        const version = await this.memory.save(administration, result.memory, current.version);
        return { value: result.value, version, changed: true };
      } catch (error) {
        if (!(error instanceof MatchMemoryConflictError)) throw error;
        if (expectedVersion !== undefined) {
          throw new MemoryVersionMismatchError(expectedVersion, current.version + 1, { cause: error });
        }
        if (attempt >= this.attempts) throw error;
      }
    }
  }
}
