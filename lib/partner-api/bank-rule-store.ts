import type { MatchMemory, RuleAction } from '../bank/matching/index.ts';
import { MatchMemoryConflictError, type VersionedMemory } from '../bank/stores/index.ts';
import type { MirrorStore } from '../mirror/index.ts';
import { MemoryVersionMismatchError } from './errors.ts';

/** The versioned match memory as DynamoMatchMemory keeps it (per administration). */
export interface VersionedMemoryStore {
  load(administration: string): Promise<VersionedMemory>;
  /** Saves on top of `expectedVersion`; throws MatchMemoryConflictError when someone saved first. */
  save(administration: string, memory: MatchMemory, expectedVersion: number): Promise<number>;
}

/** A rule target CASH does not know, by the field that names it. */
export interface UnknownRuleTarget {
  field: 'relationNumber' | 'ledgerAccount';
  value: string;
  message: string;
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
    /** The CASH mirror, to refuse rules that point at a relation or ledger account CASH does not have. */
    private readonly mirror?: Pick<MirrorStore, 'read'>,
    private readonly attempts = 8,
    private readonly pause: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /**
   * The rule's target as CASH knows it, or why not. A mirror that holds no relations (or no ledger
   * accounts) yet has not been synced: then nothing can be said and the rule is taken as given.
   */
  async unknownTarget(administration: string, action: RuleAction): Promise<UnknownRuleTarget | undefined> {
    if (!this.mirror) return undefined;
    if (action.relationNumber) {
      const wanted = Number(action.relationNumber);
      const relations = await this.mirror.read(administration, 'relations');
      if (relations.length > 0 && !relations.some((relation) => Number(relation.relationNumber) === wanted)) {
        return {
          field: 'relationNumber',
          value: action.relationNumber,
          message: `relation ${action.relationNumber} is not in the CASH mirror of ${administration}`,
        };
      }
    }
    if (action.ledgerAccount) {
      const accounts = await this.mirror.read(administration, 'ledgerAccounts');
      if (accounts.length > 0 && !accounts.some((account) => account.account === action.ledgerAccount)) {
        return {
          field: 'ledgerAccount',
          value: action.ledgerAccount,
          message: `ledger account ${action.ledgerAccount} is not in the CASH mirror of ${administration}`,
        };
      }
    }
    return undefined;
  }

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
        // Writers that lost together would collide again at once: each waits a random, growing while.
        await this.pause(Math.floor(Math.random() * 10 * 2 ** attempt));
      }
    }
  }
}
