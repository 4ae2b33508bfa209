import { emptyMemory, type MatchMemory } from '../../../lib/bank/matching/index.ts';
import { MatchMemoryConflictError, type VersionedMemory } from '../../../lib/bank/stores/index.ts';
import type { VersionedMemoryStore } from '../../../lib/partner-api/index.ts';

/** The match memory per administration with DynamoMatchMemory's optimistic versioning, in memory. */
export class InMemoryMatchMemory implements VersionedMemoryStore {
  readonly stored = new Map<string, VersionedMemory>();
  saves = 0;

  async load(administration: string): Promise<VersionedMemory> {
    await Promise.resolve();
    return structuredClone(this.stored.get(administration) ?? { memory: emptyMemory(), version: 0 });
  }

  async save(administration: string, memory: MatchMemory, expectedVersion: number): Promise<number> {
    await Promise.resolve();
    const current = this.stored.get(administration)?.version ?? 0;
    if (current !== expectedVersion)
      throw new MatchMemoryConflictError(`at ${current}, not ${expectedVersion}`);
    this.saves++;
    this.stored.set(administration, { memory: structuredClone(memory), version: current + 1 });
    return current + 1;
  }
}
