import type { MirrorRelation } from '../../mirror/index.ts';
import { InMemoryPartyDirectory } from '../directory/in-memory-party-directory.ts';
import type { PartyDirectory, PartyMatch, PartyQuery } from '../directory/party-directory.ts';

/** The part of MirrorStore the directory needs (MirrorStore itself, or a fake in tests). */
export interface RelationSource {
  read(administration: string, kind: 'relations'): Promise<MirrorRelation[]>;
}

/**
 * A PartyDirectory over the CASH mirror of one administration. The relations are read once, on the first
 * lookup, and indexed by VAT id, KvK, IBAN and normalised name; create one per invocation so a refreshed
 * mirror is seen by the next one.
 */
export class MirrorPartyDirectory implements PartyDirectory {
  #index: Promise<InMemoryPartyDirectory> | undefined;

  constructor(
    private readonly mirror: RelationSource,
    private readonly administration: string,
  ) {}

  async find(query: PartyQuery): Promise<PartyMatch | null> {
    this.#index ??= this.load().catch((error: unknown) => {
      // A failed read is not cached: the next lookup (the caller's retry) reads again.
      this.#index = undefined;
      throw error;
    });
    return (await this.#index).find(query);
  }

  private async load(): Promise<InMemoryPartyDirectory> {
    const relations = await this.mirror.read(this.administration, 'relations');
    const directory = new InMemoryPartyDirectory();
    for (const relation of relations) {
      if (!relation?.relationNumber) continue;
      directory.add({
        relationNumber: String(relation.relationNumber),
        name: relation.name ?? '',
        ...(relation.vatId ? { vatId: relation.vatId } : {}),
        ...(relation.kvk ? { kvk: relation.kvk } : {}),
        ...(relation.iban ? { ibans: [relation.iban] } : {}),
      });
    }
    return directory;
  }
}
