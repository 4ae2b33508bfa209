import type { PartyDirectory, PartyMatch, PartyQuery } from './party-directory.ts';
import { normaliseIban, normaliseKvk, normaliseName, normaliseVatId } from './party-directory.ts';

export interface KnownParty {
  relationNumber: string;
  name: string;
  vatId?: string;
  kvk?: string;
  ibans?: string[];
}

/** A PartyDirectory over a list held in memory (CLI, tests, a snapshot of the CASH mirror). */
export class InMemoryPartyDirectory implements PartyDirectory {
  readonly #byVat = new Map<string, KnownParty>();
  readonly #byKvk = new Map<string, KnownParty>();
  readonly #byIban = new Map<string, KnownParty>();
  readonly #byName = new Map<string, KnownParty>();

  constructor(parties: Iterable<KnownParty> = []) {
    for (const party of parties) this.add(party);
  }

  add(party: KnownParty): void {
    const vat = normaliseVatId(party.vatId);
    const kvk = normaliseKvk(party.kvk);
    const name = normaliseName(party.name);
    if (vat) this.#byVat.set(vat, party);
    if (kvk) this.#byKvk.set(kvk, party);
    for (const iban of party.ibans ?? []) {
      const normalised = normaliseIban(iban);
      if (normalised) this.#byIban.set(normalised, party);
    }
    if (name) this.#byName.set(name, party);
  }

  async find(query: PartyQuery): Promise<PartyMatch | null> {
    const attempts: [PartyMatch['matchedOn'], Map<string, KnownParty>, string | undefined][] = [
      ['vatId', this.#byVat, normaliseVatId(query.vatId)],
      ['kvk', this.#byKvk, normaliseKvk(query.kvk)],
      ['iban', this.#byIban, normaliseIban(query.iban)],
      ['name', this.#byName, normaliseName(query.name)],
    ];
    for (const [matchedOn, index, key] of attempts) {
      const party = key ? index.get(key) : undefined;
      if (party) return { relationNumber: party.relationNumber, name: party.name, matchedOn };
    }
    return null;
  }
}
