import { createHash } from 'node:crypto';
import { DEFAULT_DENY_LIST, mergeDenyLists, sharedAccountReason } from './deny-list.ts';
import { normalizeIban } from './iban.ts';
import { nameKey, normalizeName } from './normalize.ts';
import { describeRule } from './rules.ts';
import type {
  DenyList,
  LearnedCounterparty,
  LearnedFact,
  LearnResult,
  MatchCorrection,
  MatchMemory,
  MatchRule,
  RuleAction,
  RuleConditions,
} from './types.ts';

/** Repeats of the same counterparty (without a usable IBAN) before a relation rule is suggested. */
const NAME_REPEATS_FOR_RULE = 2;

function ruleId(conditions: RuleConditions, action: RuleAction): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([conditions, action]))
    .digest('hex');
  return `s-${digest.slice(0, 10)}`;
}

function sameConditions(a: RuleConditions, b: RuleConditions): boolean {
  const keys: (keyof RuleConditions)[] = [
    'counterpartyIban',
    'nameContains',
    'textContains',
    'textRegex',
    'amountMinCents',
    'amountMaxCents',
    'direction',
  ];
  return keys.every((key) => a[key] === b[key]);
}

function bump(store: Map<string, LearnedCounterparty>, key: string, relation: string, date: string): number {
  const relations = new Map(store.get(key)?.relations);
  const previous = relations.get(relation);
  const count = (previous?.count ?? 0) + 1;
  const lastSeen = previous && previous.lastSeen > date ? previous.lastSeen : date;
  relations.set(relation, { count, lastSeen });
  store.set(key, { relations });
  return count;
}

/**
 * The first word of the remittance ("Kosten", "Omzetbelasting", "Mollie"): it tells recurring lines from
 * one payee apart (the Belastingdienst collects several taxes from one IBAN) without their variable parts.
 */
function stableText(remittance: string | undefined): string | undefined {
  const word = remittance?.split(/\s+/).find((candidate) => /^[A-Za-zÀ-ÿ]{3,}$/.test(candidate));
  return word?.toLowerCase();
}

/** Conditions a drafted rule would use for this line: the IBAN if there is one, else the name, else the text. */
function draftConditions(
  correction: MatchCorrection,
  iban: string | undefined,
  normalizedName: string,
): RuleConditions | undefined {
  const direction = correction.entry.amountCents >= 0 ? 'in' : 'out';
  const text = stableText(correction.entry.remittance);
  const withText = text ? { textContains: text } : {};
  if (iban) return { counterpartyIban: iban, ...withText, direction };
  if (normalizedName.length >= 3) return { nameContains: normalizedName, ...withText, direction };
  return text ? { textContains: text, direction } : undefined;
}

function upsertSuggestedRule(
  rules: MatchRule[],
  conditions: RuleConditions,
  action: RuleAction,
  date: string,
  draftedFrom: string,
  learned: LearnedFact[],
): MatchRule[] {
  const sameTarget = (rule: MatchRule) =>
    rule.action.ledgerAccount === action.ledgerAccount &&
    rule.action.relationNumber === action.relationNumber;
  const existing = rules.find((rule) => sameConditions(rule.conditions, conditions));
  if (existing && sameTarget(existing)) {
    if (existing.origin === 'user') return rules;
    const updated = { ...existing, confirmations: existing.confirmations + 1 };
    learned.push({
      kind: 'rule-confirmed',
      detail: `suggested rule ${existing.id} confirmed ${updated.confirmations}× (${describeRule(updated)})`,
    });
    return rules.map((rule) => (rule === existing ? updated : rule));
  }
  if (existing?.origin === 'user') return rules; // a person's own rule is never overwritten by a draft
  const rule: MatchRule = {
    id: ruleId(conditions, action),
    origin: 'suggested',
    conditions,
    action,
    confirmations: 1,
    createdAt: date,
    draftedFrom,
  };
  const replaced = existing ? ` (replaces ${existing.id}, which pointed elsewhere)` : '';
  learned.push({
    kind: 'rule-suggested',
    detail: `suggested rule ${rule.id}: ${describeRule(rule)}${replaced}`,
  });
  return [...rules.filter((candidate) => candidate !== existing), rule];
}

interface WorkingMemory {
  ibans: Map<string, LearnedCounterparty>;
  names: Map<string, LearnedCounterparty>;
  rules: MatchRule[];
}

function applyCorrection(
  denyList: DenyList,
  work: WorkingMemory,
  correction: MatchCorrection,
  learned: LearnedFact[],
): void {
  const { entry } = correction;
  const date = (correction.confirmedAt ?? entry.bookingDate ?? '').slice(0, 10);
  const iban = normalizeIban(entry.counterpartyIban);
  const name = entry.counterpartyName?.trim() ?? '';
  const normalizedName = normalizeName(name);
  const shared = sharedAccountReason(denyList, iban, name);
  const draftedFrom = [entry.counterpartyName, entry.counterpartyIban, entry.remittance]
    .filter(Boolean)
    .join(' | ')
    .slice(0, 200);

  if (correction.relationNumber) {
    const relation = correction.relationNumber;
    if (shared) {
      learned.push({ kind: 'iban-refused', detail: `${shared}: not learned for relation ${relation}` });
      return;
    }
    if (iban) {
      const count = bump(work.ibans, iban, relation, date);
      learned.push({ kind: 'iban', detail: `IBAN ${iban} → relation ${relation} (${count}×)` });
      const others = [...(work.ibans.get(iban)?.relations.keys() ?? [])].filter(
        (other) => other !== relation,
      );
      if (others.length > 0) {
        learned.push({
          kind: 'iban-shared',
          detail: `IBAN ${iban} is now confirmed for relations ${[relation, ...others].sort().join(', ')}: treated as shared`,
        });
      }
    }
    if (normalizedName.length >= 3) {
      const count = bump(work.names, nameKey(name), relation, date);
      learned.push({ kind: 'name', detail: `name "${nameKey(name)}" → relation ${relation} (${count}×)` });
      // A repeating counterparty without a usable IBAN gets a rule a person can accept.
      if (!iban && count >= NAME_REPEATS_FOR_RULE) {
        work.rules = upsertSuggestedRule(
          work.rules,
          { nameContains: normalizedName, direction: entry.amountCents >= 0 ? 'in' : 'out' },
          { relationNumber: relation },
          date,
          draftedFrom,
          learned,
        );
      }
    }
  } else if (correction.ledgerAccount) {
    const conditions = draftConditions(correction, iban, normalizedName);
    if (conditions) {
      const action: RuleAction = {
        ledgerAccount: correction.ledgerAccount,
        ...(correction.vatCode ? { vatCode: correction.vatCode } : {}),
      };
      work.rules = upsertSuggestedRule(work.rules, conditions, action, date, draftedFrom, learned);
    }
  }
}

/**
 * Learns from a person's confirmation or correction of one line. Pure: returns a new memory and a list
 * of what was learned. Shared accounts (deny-list) are never learned as one relation.
 */
export function learn(memory: MatchMemory, correction: MatchCorrection): LearnResult {
  return learnAll(memory, [correction]);
}

/** Learns a list of corrections in order (one copy of the memory, however many corrections). */
export function learnAll(memory: MatchMemory, corrections: readonly MatchCorrection[]): LearnResult {
  const learned: LearnedFact[] = [];
  const work: WorkingMemory = {
    ibans: new Map(memory.ibans),
    names: new Map(memory.names),
    rules: [...memory.rules],
  };
  const denyList = mergeDenyLists(DEFAULT_DENY_LIST, memory.denyList);
  for (const correction of corrections) applyCorrection(denyList, work, correction, learned);
  return { memory: { ...memory, ibans: work.ibans, names: work.names, rules: work.rules }, learned };
}

/** A person accepts a suggested rule: from now on it acts like their own. */
export function acceptSuggestedRule(memory: MatchMemory, id: string): MatchMemory {
  return {
    ...memory,
    rules: memory.rules.map((rule) => (rule.id === id ? { ...rule, origin: 'user' as const } : rule)),
  };
}
