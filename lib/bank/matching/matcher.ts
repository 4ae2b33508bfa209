import type { BankEntry } from '../statement.ts';
import { CandidateScorer } from './candidate-scorer.ts';
import { DEFAULT_DENY_LIST, mergeDenyLists, SharedAccountDetector } from './deny-list.ts';
import { normalizeIban } from './iban.ts';
import {
  addEvidence,
  euros,
  hasStrongEvidence,
  noteHit,
  type ReferenceHit,
  type RelationEvidence,
  round3,
} from './line-evidence.ts';
import { LineFindings } from './line-findings.ts';
import { type ResolvedOptions, resolveOptions } from './matcher-options.ts';
import { emptyMemory } from './memory.ts';
import {
  nameKey,
  nameSimilarity,
  nameTokens,
  normalizeInvoiceNumber,
  sharedNameTokens,
  significantNameTokens,
  splitTradeNames,
  textLookupTokens,
  typoKeys,
} from './normalize.ts';
import { addToIndex, type IndexedItem, OpenItemIndex } from './open-item-index.ts';
import { findPaymentReferences, normalizePaymentReference } from './references.ts';
import { type CompiledRule, compileRule, describeRule, RuleLine, ruleMatches } from './rules.ts';
import type {
  DenyList,
  LearnedCounterparty,
  MatchCandidate,
  MatchDecision,
  MatcherOptions,
  MatchMemory,
  OpenItem,
  RelationCount,
} from './types.ts';

/** A token hitting more open items than this is too generic to be a reference. */
const MAX_ITEMS_PER_TOKEN = 25;
/** A name token shared by more relations than this is too common to propose a fuzzy match from. */
const MAX_RELATIONS_PER_NAME_TOKEN = 200;
const MAX_CANDIDATE_RELATIONS = 12;
const MAX_RELATIONS_PER_EXACT_NAME = 10;
const MAX_FUZZY_CANDIDATES = 40;
const MAX_CANDIDATES_SHOWN = 6;
/** Distinct IBANs or names whose evidence is kept; beyond this the cache starts over (bounded memory). */
const EVIDENCE_CACHE_LIMIT = 100_000;
/*
 * Hot paths avoid closures assigned to names (`const note = () => …`): tsx and esbuild with keepNames wrap
 * each in a `__name()` call that redefines the function's name on every call (~0.3 s per 100,000 lines in
 * calls and garbage collection). Module functions and methods are named once.
 */

/** The line's searchable text: remittance, structured reference and end-to-end id, space-separated. */
function lineText(entry: BankEntry): string {
  let text = '';
  for (const part of [
    entry.remittance,
    entry.structuredReference,
    entry.endToEndId === 'NOTPROVIDED' ? undefined : entry.endToEndId,
  ]) {
    if (typeof part === 'string' && part.length > 0) text = text === '' ? part : `${text} ${part}`;
  }
  return text;
}

/** A `none` decision with only its reasons. */
export function noDecision(importId: string, reasons: string[]): MatchDecision {
  return {
    importId,
    decision: 'none',
    matches: [],
    differenceCents: 0,
    confidence: 0,
    reasons,
    candidates: [],
  };
}

/**
 * Matches bank entries to open items. Built once per run; every lookup goes through an index (relation,
 * invoice-number tokens, payment reference, amount, IBAN, name tokens), so the cost per entry does not grow
 * with the number of open items.
 *
 * Resolution order per entry: tenant rules → IBAN memory (and IBANs in CASH) → exact name → careful fuzzy
 * name; shared accounts (payment providers, factoring, collection) never identify a relation.
 */
export class Matcher {
  readonly options: ResolvedOptions;
  private readonly index: OpenItemIndex;
  private readonly scorer: CandidateScorer;
  /** Open items that could not be used, with the reason (field, rule, value). */
  readonly rejectedItems: string[];
  private readonly learnedIbans: Map<string, LearnedCounterparty>;
  private readonly learnedNames: Map<string, LearnedCounterparty>;
  private readonly rulesByIban = new Map<string, { compiled: CompiledRule; order: number }[]>();
  private readonly otherRules: { compiled: CompiledRule; order: number }[] = [];
  private readonly denyList: DenyList;
  private readonly shared: SharedAccountDetector;
  private readonly ibanEvidenceCache = new Map<string, [string, RelationEvidence][]>();
  private readonly nameEvidenceCache = new Map<string, [string, RelationEvidence][]>();

  constructor(
    openItems: readonly OpenItem[],
    memory: MatchMemory = emptyMemory(),
    options: MatcherOptions = {},
  ) {
    this.options = resolveOptions(options);
    this.learnedIbans = memory.ibans;
    this.learnedNames = memory.names;
    this.denyList = mergeDenyLists(DEFAULT_DENY_LIST, memory.denyList);
    this.shared = new SharedAccountDetector(this.denyList);
    // User rules first, in their own order; suggested rules after them.
    const ordered = [
      ...memory.rules.filter((rule) => rule.origin === 'user'),
      ...memory.rules.filter((rule) => rule.origin === 'suggested'),
    ].map(compileRule);
    // Rules on an IBAN are looked up by that IBAN; the others are checked one by one. Order is kept.
    ordered.forEach((compiled, order) => {
      if (compiled.iban) addToIndex(this.rulesByIban, compiled.iban, { compiled, order });
      else this.otherRules.push({ compiled, order });
    });
    this.index = new OpenItemIndex(openItems);
    this.rejectedItems = this.index.rejectedItems;
    this.scorer = new CandidateScorer(this.index, this.options);
  }

  /** Matches all entries in order (automatic matches consume open items for the entries after them). */
  matchAll(entries: readonly BankEntry[]): MatchDecision[] {
    return entries.map((entry) => this.match(entry));
  }

  /** Decides one entry. Never throws: a line that cannot be judged becomes `none` with the reason. */
  match(entry: BankEntry): MatchDecision {
    const importId = typeof entry?.importId === 'string' ? entry.importId : '';
    try {
      const decision = this.decide(entry);
      if (decision.decision === 'auto' && this.options.consumeMatchedItems) this.consume(decision);
      return decision;
    } catch (error) {
      return {
        importId,
        decision: 'none',
        matches: [],
        differenceCents: 0,
        confidence: 0,
        reasons: [`line could not be matched: ${error instanceof Error ? error.message : String(error)}`],
        candidates: [],
      };
    }
  }

  private consume(decision: MatchDecision): void {
    if (!decision.relationNumber) return;
    const items = this.index.byRelation.get(decision.relationNumber) ?? [];
    for (const match of decision.matches) {
      const indexed = items.find(
        (candidate) => candidate.item.invoiceNumber === match.invoiceNumber && candidate.remaining !== 0,
      );
      if (indexed) indexed.remaining -= match.amountCents;
    }
  }

  private decide(entry: BankEntry): MatchDecision {
    const amount = entry.amountCents;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
      return noDecision(entry.importId, [`amountCents ${String(amount)} is not a whole number of cents`]);
    }
    if (amount === 0) return noDecision(entry.importId, ['amount is zero: nothing to match']);

    const reasons: string[] = [];
    const blockers: string[] = [];
    if (entry.reversal) blockers.push('the bank reversed this line (storno): a person must review it');
    if (entry.currency && entry.currency.toUpperCase() !== 'EUR')
      blockers.push(`currency ${entry.currency} is not EUR`);

    const rawIban = typeof entry.counterpartyIban === 'string' ? entry.counterpartyIban : undefined;
    const iban = normalizeIban(rawIban);
    if (rawIban && rawIban.trim() !== '' && !iban)
      reasons.push(`counterparty account ${rawIban} is not a valid IBAN: not used`);
    const name = typeof entry.counterpartyName === 'string' ? entry.counterpartyName.trim() : '';
    const text = lineText(entry);
    const sharedReason = this.shared.reason(iban, name);

    // 1. Tenant rules.
    const evidence = new Map<string, RelationEvidence>();
    const ibanRules = iban ? (this.rulesByIban.get(iban) ?? []) : [];
    const applicable =
      ibanRules.length === 0
        ? this.otherRules
        : [...ibanRules, ...this.otherRules].sort((a, b) => a.order - b.order);
    // Most lines meet no rule at all: the rule subject is only put together when there is one to check.
    const subject = applicable.length === 0 ? undefined : new RuleLine(entry, iban, name, text);
    for (const { compiled } of applicable) {
      if (!subject || !ruleMatches(compiled, subject)) continue;
      const { rule } = compiled;
      const acts = rule.origin === 'user' || rule.confirmations >= this.options.suggestedRuleAutoAfter;
      const label =
        rule.origin === 'user'
          ? `rule ${rule.id} (${describeRule(rule)})`
          : `suggested rule ${rule.id} (${describeRule(rule)}, confirmed ${rule.confirmations}×${acts ? '' : ', not yet enough to act alone'})`;
      if (rule.action.ledgerAccount) {
        const decided = acts && blockers.length === 0;
        const candidate: MatchCandidate = {
          ledgerAccount: rule.action.ledgerAccount,
          matches: [],
          confidence: acts ? 1 : 0.6,
          reasons: [`${label} books to ledger account ${rule.action.ledgerAccount}`],
          differenceCents: 0,
          partial: false,
        };
        return {
          importId: entry.importId,
          decision: decided ? 'auto' : 'proposal',
          ledgerAccount: rule.action.ledgerAccount,
          ...(rule.action.vatCode ? { vatCode: rule.action.vatCode } : {}),
          ruleId: rule.id,
          matches: [],
          differenceCents: 0,
          confidence: candidate.confidence,
          reasons: [...reasons, ...candidate.reasons, ...blockers],
          candidates: decided ? [] : [candidate],
        };
      }
      if (rule.action.relationNumber) {
        evidence.set(rule.action.relationNumber, {
          weight: rule.origin === 'user' ? 0.95 : acts ? 0.9 : 0.6,
          source: 'rule',
          reasons: [`${label} points to relation ${rule.action.relationNumber}`],
        });
        break;
      }
    }

    // 2–4. IBAN memory, exact name, fuzzy name — skipped for shared accounts.
    if (sharedReason) reasons.push(`${sharedReason}: not used to identify the relation`);
    else if (!hasStrongEvidence(evidence)) {
      // A rule that may not act alone yet does not stop the next steps; the strongest evidence counts.
      const ruleEvidence = evidence.size;
      if (iban)
        this.cachedEvidence(this.ibanEvidenceCache, iban, evidence, (into) => this.ibanEvidence(iban, into));
      if (evidence.size === ruleEvidence && name !== '')
        this.cachedEvidence(this.nameEvidenceCache, `${amount < 0 ? '-' : '+'}${name}`, evidence, (into) =>
          this.nameEvidence(name, Math.sign(amount), into),
        );
    }

    // References in the text: payment references and invoice numbers found through the index, and all
    // that the text cites as an invoice (to see when it names another one than a candidate).
    const hits = this.referenceHits(entry, text);

    const relations = new Set<string>(evidence.keys());
    for (const [indexed] of hits) relations.add(indexed.item.relationNumber);

    const candidates: MatchCandidate[] = [];
    const strongRelations = [...evidence.entries()]
      .filter(([, e]) => e.weight >= 0.7)
      .map(([relation]) => relation);
    const ranked = [...relations]
      .map((relation) => ({ relation, weight: evidence.get(relation)?.weight ?? 0 }))
      .sort((a, b) => b.weight - a.weight || a.relation.localeCompare(b.relation))
      .slice(0, MAX_CANDIDATE_RELATIONS);
    const line = new LineFindings(entry, text, hits, strongRelations, this.index.invoiceShapes);
    for (const { relation } of ranked)
      candidates.push(...this.scorer.relationCandidates(line, relation, evidence.get(relation)));

    if (relations.size === 0) {
      // Nothing identifies a relation: only an equal amount is left, never enough to book alone.
      const sameAmount = (this.index.byAmount.get(amount) ?? [])
        .filter((indexed) => indexed.remaining === amount)
        .slice(0, MAX_CANDIDATES_SHOWN);
      for (const indexed of sameAmount) {
        candidates.push({
          relationNumber: indexed.item.relationNumber,
          matches: [{ invoiceNumber: indexed.item.invoiceNumber, amountCents: indexed.remaining }],
          confidence: 0.3,
          reasons: [
            `amount ${euros(amount)} equals invoice ${indexed.item.invoiceNumber} of relation ${indexed.item.relationNumber}, nothing else links them`,
          ],
          differenceCents: 0,
          partial: false,
        });
      }
    }

    return this.finish(entry, candidates, evidence, reasons, blockers);
  }

  /**
   * What an IBAN or a name says about the relation depends only on the open items and the memory, which do
   * not change while matching (consuming items changes amounts, not relations). The same counterparty comes
   * back on many lines, so the evidence is worked out once per IBAN or name and added again from the cache,
   * in the same order, exactly as the first time. Evidence objects are never changed after they are made.
   */
  private cachedEvidence(
    cache: Map<string, [string, RelationEvidence][]>,
    key: string,
    evidence: Map<string, RelationEvidence>,
    find: (into: Map<string, RelationEvidence>) => void,
  ): void {
    let found = cache.get(key);
    if (!found) {
      // Each finder adds a relation at most once, so a fresh map records its additions in order.
      const into = new Map<string, RelationEvidence>();
      find(into);
      found = [...into];
      if (cache.size >= EVIDENCE_CACHE_LIMIT) cache.clear();
      cache.set(key, found);
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

  private referenceHits(entry: BankEntry, text: string): Map<IndexedItem, ReferenceHit> {
    const hits = new Map<IndexedItem, ReferenceHit>();
    const references = findPaymentReferences(text);
    if (typeof entry.structuredReference === 'string') {
      const structured = normalizePaymentReference(entry.structuredReference);
      if (structured && !references.some((ref) => ref.value === structured.value))
        references.push(structured);
    }
    for (const reference of references) {
      const items = this.index.byPaymentReference.get(reference.value) ?? [];
      if (items.length > MAX_ITEMS_PER_TOKEN) continue;
      for (const indexed of items) {
        noteHit(
          hits,
          indexed,
          'payment-reference',
          `payment reference ${reference.value} matches invoice ${indexed.item.invoiceNumber}`,
        );
      }
    }
    if (text === '') return hits;
    // A structured reference that is no payment reference is often the invoice number itself: say so first
    // (the text pass below keeps the first reason of equal weight).
    if (typeof entry.structuredReference === 'string') {
      const token = normalizeInvoiceNumber(entry.structuredReference);
      const found = this.index.byInvoiceToken.get(token);
      if (found && found.length <= MAX_ITEMS_PER_TOKEN) {
        for (const { item: indexed, kind } of found) {
          noteHit(
            hits,
            indexed,
            kind,
            `the structured reference ${entry.structuredReference} names invoice ${indexed.item.invoiceNumber}`,
          );
        }
      }
    }
    for (const token of textLookupTokens(text)) {
      const found = this.index.byInvoiceToken.get(token);
      if (!found || found.length > MAX_ITEMS_PER_TOKEN) continue;
      for (const { item: indexed, kind } of found) {
        const label =
          kind === 'invoice-digits'
            ? `the text cites ${token}, the digits of invoice ${indexed.item.invoiceNumber}`
            : `the text cites invoice ${indexed.item.invoiceNumber}`;
        noteHit(hits, indexed, kind, label);
      }
    }
    return hits;
  }

  private finish(
    entry: BankEntry,
    candidates: MatchCandidate[],
    evidence: Map<string, RelationEvidence>,
    reasons: string[],
    blockers: string[],
  ): MatchDecision {
    candidates.sort(
      (a, b) =>
        b.confidence - a.confidence ||
        a.matches.length - b.matches.length ||
        (a.relationNumber ?? '').localeCompare(b.relationNumber ?? '') ||
        (a.matches[0]?.invoiceNumber ?? '').localeCompare(b.matches[0]?.invoiceNumber ?? ''),
    );
    const best = candidates[0];
    if (!best) {
      const top = [...evidence.entries()].sort(
        (a, b) => b[1].weight - a[1].weight || a[0].localeCompare(b[0]),
      )[0];
      if (top) {
        const [relation, found] = top;
        return {
          importId: entry.importId,
          decision: 'proposal',
          relationNumber: relation,
          matches: [],
          differenceCents: 0,
          confidence: round3(found.weight * 0.5),
          reasons: [
            ...reasons,
            ...found.reasons,
            `no open item of relation ${relation} fits ${euros(entry.amountCents)}`,
            ...blockers,
          ],
          candidates: [],
        };
      }
      return {
        importId: entry.importId,
        decision: 'none',
        matches: [],
        differenceCents: 0,
        confidence: 0,
        reasons: [...reasons, 'no rule, known account, name or reference identifies this line', ...blockers],
        candidates: [],
      };
    }
    const second = candidates[1];
    const clearlyBest = !second || best.confidence - second.confidence >= this.options.autoMargin;
    const auto =
      best.confidence >= this.options.autoThreshold &&
      clearlyBest &&
      blockers.length === 0 &&
      (best.notAutomatic ?? []).length === 0 &&
      (!best.partial || this.options.autoBookPartialPayments);
    const explanation: string[] = [];
    if (!auto) {
      if (best.confidence < this.options.autoThreshold) {
        explanation.push(
          `confidence ${best.confidence.toFixed(2)} is below ${this.options.autoThreshold} needed to book automatically`,
        );
      } else if (!clearlyBest && second) {
        explanation.push(
          `${candidates.length} candidates are too close (${best.confidence.toFixed(2)} vs ${second.confidence.toFixed(2)})`,
        );
      }
    }
    return {
      importId: entry.importId,
      decision: auto ? 'auto' : 'proposal',
      ...(best.relationNumber ? { relationNumber: best.relationNumber } : {}),
      matches: best.matches,
      differenceCents: best.differenceCents,
      confidence: best.confidence,
      reasons: [...new Set([...reasons, ...best.reasons, ...explanation, ...blockers])],
      candidates: auto ? [] : candidates.slice(0, MAX_CANDIDATES_SHOWN),
    };
  }
}
