import type { BankEntry } from '../statement.ts';
import { CandidateScorer } from './candidate-scorer.ts';
import { DEFAULT_DENY_LIST, mergeDenyLists, SharedAccountDetector } from './deny-list.ts';
import { normalizeIban } from './iban.ts';
import {
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
import { normalizeInvoiceNumber, textLookupTokens } from './normalize.ts';
import { addToIndex, type IndexedItem, OpenItemIndex } from './open-item-index.ts';
import { findPaymentReferences, normalizePaymentReference } from './references.ts';
import { RelationEvidenceFinder } from './relation-evidence-finder.ts';
import { type CompiledRule, compileRule, describeRule, RuleLine, ruleMatches } from './rules.ts';
import { alreadySettled } from './settled-items.ts';
import type {
  DenyList,
  MatchCandidate,
  MatchDecision,
  MatcherOptions,
  MatchMemory,
  OpenItem,
} from './types.ts';

/** A token hitting more open items than this is too generic to be a reference. */
const MAX_ITEMS_PER_TOKEN = 25;
const MAX_CANDIDATE_RELATIONS = 12;
const MAX_CANDIDATES_SHOWN = 6;
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
  private readonly evidenceFinder: RelationEvidenceFinder;
  private readonly rulesByIban = new Map<string, { compiled: CompiledRule; order: number }[]>();
  private readonly otherRules: { compiled: CompiledRule; order: number }[] = [];
  private readonly denyList: DenyList;
  private readonly shared: SharedAccountDetector;

  constructor(
    openItems: readonly OpenItem[],
    memory: MatchMemory = emptyMemory(),
    options: MatcherOptions = {},
  ) {
    this.options = resolveOptions(options);
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
    this.evidenceFinder = new RelationEvidenceFinder(this.index, memory.ibans, memory.names);
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
      if (indexed) this.index.settle(indexed, match.amountCents, `line ${decision.importId}`);
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
      if (iban) this.evidenceFinder.addIbanEvidence(iban, evidence);
      if (evidence.size === ruleEvidence && name !== '')
        this.evidenceFinder.addNameEvidence(name, Math.sign(amount), evidence);
    }

    // References in the text: payment references and invoice numbers found through the index, and all
    // that the text cites as an invoice (to see when it names another one than a candidate).
    const hits = this.referenceHits(entry, text);

    const relations = new Set<string>(evidence.keys());
    for (const [indexed] of hits) relations.add(indexed.item.relationNumber);
    blockers.push(...alreadySettled(this.index, this.options, amount, relations, hits));

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
          ...(indexed.item.relationName ? { relationName: indexed.item.relationName } : {}),
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
