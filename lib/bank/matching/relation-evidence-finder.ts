import { addEvidence, type RelationEvidence } from './line-evidence.ts';
import {
  nameKey,
  nameSimilarity,
  nameTokens,
  sharedNameTokens,
  significantNameTokens,
  splitTradeNames,
  typoKeys,
} from './normalize.ts';
import { addToIndex, type OpenItemIndex } from './open-item-index.ts';
import type { LearnedCounterparty, RelationCount } from './types.ts';

/** A name token shared by more relations than this is too common to propose a fuzzy match from. */
const MAX_RELATIONS_PER_NAME_TOKEN = 200;
const MAX_RELATIONS_PER_EXACT_NAME = 10;
const MAX_FUZZY_CANDIDATES = 40;
/** Distinct IBANs or names whose evidence is kept; beyond this the cache starts over (bounded memory). */
const EVIDENCE_CACHE_LIMIT = 100_000;

/** Keeps what one finder found, in order; beyond the limit the cache starts over (bounded memory). */
function remember(
  cache: Map<string, [string, RelationEvidence][]>,
  key: string,
  found: Map<string, RelationEvidence>,
): [string, RelationEvidence][] {
  const entries = [...found];
  if (cache.size >= EVIDENCE_CACHE_LIMIT) cache.clear();
  cache.set(key, entries);
  return entries;
}

/**
 * What a counterparty IBAN or name says about the relation: the IBAN memory and the IBANs in CASH, exact
 * names (learned and in CASH), then a careful fuzzy name match. Worked out once per IBAN or name and kept.
 */
export class RelationEvidenceFinder {
  private readonly ibanEvidenceCache = new Map<string, [string, RelationEvidence][]>();
  /** By name, per direction of the line: money in (and zero), money out. */
  private readonly nameEvidenceCacheIn = new Map<string, [string, RelationEvidence][]>();
  private readonly nameEvidenceCacheOut = new Map<string, [string, RelationEvidence][]>();

  constructor(
    private readonly index: OpenItemIndex,
    private readonly learnedIbans: Map<string, LearnedCounterparty>,
    private readonly learnedNames: Map<string, LearnedCounterparty>,
  ) {}

  /*
   * What an IBAN or a name says about the relation depends only on the open items and the memory, which do
   * not change while matching (consuming items changes amounts, not relations). The same counterparty comes
   * back on many lines, so the evidence is worked out once per IBAN or name and added again from the cache,
   * in the same order, exactly as the first time. Evidence objects are never changed after they are made.
   * Looked up without a callback or a composed key: a closure per line costs more than the lookup.
   */

  /** Adds what the IBAN says to `evidence`. */
  addIbanEvidence(iban: string, evidence: Map<string, RelationEvidence>): void {
    let found = this.ibanEvidenceCache.get(iban);
    if (!found) {
      // Each finder adds a relation at most once, so a fresh map records its additions in order.
      const into = new Map<string, RelationEvidence>();
      this.ibanEvidence(iban, into);
      found = remember(this.ibanEvidenceCache, iban, into);
    }
    for (const [relation, one] of found) addEvidence(evidence, relation, one);
  }

  /** Adds what the name says to `evidence`, for a line of this sign (money in > 0, out < 0). */
  addNameEvidence(name: string, sign: number, evidence: Map<string, RelationEvidence>): void {
    const cache = sign < 0 ? this.nameEvidenceCacheOut : this.nameEvidenceCacheIn;
    let found = cache.get(name);
    if (!found) {
      const into = new Map<string, RelationEvidence>();
      this.nameEvidence(name, sign, into);
      found = remember(cache, name, into);
    }
    for (const [relation, one] of found) addEvidence(evidence, relation, one);
  }

  private ibanEvidence(iban: string, evidence: Map<string, RelationEvidence>): void {
    const learned = this.learnedIbans.get(iban)?.relations;
    const master = this.index.byIban.get(iban);
    if (!learned && !master) return;
    const all = new Set<string>(learned ? learned.keys() : []);
    if (master) for (const relation of master) all.add(relation);
    if (all.size === 0) return;
    let total = 0;
    if (learned) for (const seen of learned.values()) total += seen.count;
    for (const relation of all) {
      const seen = learned?.get(relation);
      const reasons: string[] = [];
      let weight = 0;
      if (seen && seen.count > 0) {
        const share = total > 0 ? seen.count / total : 0;
        weight =
          share >= 0.999 ? Math.min(0.95, 0.8 + 0.05 * seen.count) : share >= 0.8 && total >= 3 ? 0.75 : 0.4;
        reasons.push(
          `IBAN ${iban} confirmed for relation ${relation} (${seen.count}×${share < 0.999 ? ` of ${total}` : ''})`,
        );
      }
      if (master?.has(relation)) {
        weight = Math.max(weight, 0.85);
        reasons.push(`IBAN ${iban} is a bank account of relation ${relation} in CASH`);
      }
      if (all.size > 1) {
        weight = Math.min(weight, 0.5);
        reasons.push(`IBAN ${iban} is used by ${all.size} relations (${[...all].sort().join(', ')})`);
      }
      addEvidence(evidence, relation, { weight, source: 'iban', reasons });
    }
  }

  /**
   * What the counterparty name says. An exact name of one relation counts more for a name of two or more
   * words without initials ("Transport Evers B.V.") than for a person's ("J. Evers"). Relations with the same
   * name but no open item of the line's direction (a customer for a payment out) do not make it ambiguous.
   */
  private nameEvidence(name: string, sign: number, evidence: Map<string, RelationEvidence>): void {
    const parts = [name, ...splitTradeNames(name)];
    const exact = new Map<string, string[]>();
    for (const part of parts) {
      const key = nameKey(part);
      if (key.replace(/\b\w\b/g, '').trim().length < 3) continue; // initials alone identify nobody
      const sameName = this.index.byName.get(key);
      const learned = this.learnedNames.get(key)?.relations ?? new Map<string, RelationCount>();
      // "J. de Vries" shared by many relations identifies nobody: skip before building any reasons.
      if ((sameName?.size ?? 0) + learned.size > MAX_RELATIONS_PER_EXACT_NAME) return;
      for (const relation of sameName ?? []) {
        addToIndex(
          exact,
          relation,
          `name "${name}" equals relation ${relation} "${this.index.relationNames.get(relation) ?? ''}"`,
        );
      }
      for (const [relation, seen] of learned) {
        addToIndex(exact, relation, `name "${name}" confirmed for relation ${relation} (${seen.count}×)`);
      }
    }
    if (exact.size > MAX_RELATIONS_PER_EXACT_NAME) return;
    if (exact.size > 0) {
      const key = nameKey(name);
      const inDirection = [...exact.keys()].filter((relation) => this.index.hasItemsOfSign(relation, sign));
      const competing = inDirection.length > 0 ? inDirection.length : exact.size;
      const tokens = sharedNameTokens(name);
      const companyLike =
        significantNameTokens(name).length >= 2 && tokens.every((token) => token.length > 1);
      for (const [relation, reasons] of exact) {
        const learnedCount = this.learnedNames.get(key)?.relations.get(relation)?.count ?? 0;
        const alone = competing === 1 && (inDirection.length === 0 || inDirection.includes(relation));
        const weight = !alone ? 0.4 : learnedCount >= 2 ? 0.8 : companyLike ? 0.75 : 0.7;
        const shared =
          exact.size === 1
            ? []
            : alone
              ? [`name fits ${exact.size} relations, only this one has open items in this direction`]
              : [`name fits ${exact.size} relations`];
        addEvidence(evidence, relation, { weight, source: 'name', reasons: [...reasons, ...shared] });
      }
      return;
    }
    // Careful fuzzy match: typo-tolerant token lookup, then a similarity threshold and a clear lead.
    const tokens = nameTokens(name);
    const significant = significantNameTokens(name);
    if (significant.length === 0) return;
    // Count how many of the line's tokens hit each relation; only relations sharing most tokens are scored.
    const hitsPerRelation = new Map<string, number>();
    for (const token of significant) {
      const reached = new Set<string>();
      const exactHits = this.index.byNameToken.get(token);
      if (exactHits && exactHits.length <= MAX_RELATIONS_PER_NAME_TOKEN)
        for (const relation of exactHits) reached.add(relation);
      if (token.length >= 5) {
        for (const typoKey of typoKeys(token)) {
          const typoHits = this.index.byNameTypoKey.get(typoKey);
          if (typoHits && typoHits.length <= MAX_RELATIONS_PER_NAME_TOKEN)
            for (const relation of typoHits) reached.add(relation);
        }
      }
      for (const relation of reached) hitsPerRelation.set(relation, (hitsPerRelation.get(relation) ?? 0) + 1);
    }
    const needed = Math.max(1, Math.ceil(significant.length / 2));
    const scored = [...hitsPerRelation.entries()]
      .filter(([, count]) => count >= needed)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_FUZZY_CANDIDATES)
      .map(([relation]) => ({
        relation,
        similarity: Math.max(
          0,
          ...(this.index.relationTokens.get(relation) ?? []).map((variant) =>
            nameSimilarity(tokens, variant),
          ),
        ),
      }))
      .sort((a, b) => b.similarity - a.similarity || a.relation.localeCompare(b.relation));
    const best = scored[0];
    const second = scored[1];
    if (!best || best.similarity < 0.8) return;
    if (second && second.similarity > best.similarity - 0.15) return;
    addEvidence(evidence, best.relation, {
      weight: 0.45,
      source: 'fuzzy-name',
      reasons: [
        `name "${name}" resembles relation ${best.relation} "${this.index.relationNames.get(best.relation) ?? ''}" (similarity ${best.similarity.toFixed(2)})`,
      ],
    });
  }
}
