import type { BankEntry } from '../statement.ts';
import { normalizeIban } from './iban.ts';
import { normalizeName } from './normalize.ts';
import { NEVER_MATCHES, TextPattern } from './text-pattern.ts';
import type { MatchRule } from './types.ts';

/** A rule prepared once per run: regex compiled, fragments normalized. */
export interface CompiledRule {
  rule: MatchRule;
  iban?: string;
  name?: string;
  text?: string;
  regex?: Pick<TextPattern, 'test'>;
}

export function compileRule(rule: MatchRule): CompiledRule {
  const { conditions } = rule;
  const compiled: CompiledRule = { rule };
  if (conditions.counterpartyIban)
    compiled.iban =
      normalizeIban(conditions.counterpartyIban) ??
      conditions.counterpartyIban.replace(/\s+/g, '').toUpperCase();
  if (conditions.nameContains) compiled.name = normalizeName(conditions.nameContains);
  if (conditions.textContains) compiled.text = conditions.textContains.toLowerCase();
  if (conditions.textRegex) {
    const pattern = TextPattern.compile(conditions.textRegex);
    // A pattern RE2 refuses (a rule stored before patterns were checked with RE2) never matches.
    compiled.regex = pattern instanceof TextPattern ? pattern : NEVER_MATCHES;
  }
  return compiled;
}

/** What rules look at on a bank line. */
export interface RuleSubject {
  entry: BankEntry;
  iban?: string;
  /** The counterparty name normalized (`normalizeName`). */
  readonly normalizedName: string;
  /** Name and text of the line. */
  text: string;
  /** `text` in lower case. */
  readonly textLower: string;
}

/**
 * A bank line as rules see it. The normalized name and the lower-case text are worked out on first use and
 * kept: most lines fail a rule on its direction, IBAN or amount before either is needed.
 */
export class RuleLine implements RuleSubject {
  readonly entry: BankEntry;
  readonly iban?: string;
  readonly text: string;
  readonly #name: string;
  #normalizedName: string | undefined;
  #textLower: string | undefined;

  constructor(entry: BankEntry, iban: string | undefined, name: string, text: string) {
    this.entry = entry;
    if (iban) this.iban = iban;
    this.#name = name;
    this.text = `${name} ${text}`;
  }

  get normalizedName(): string {
    this.#normalizedName ??= normalizeName(this.#name);
    return this.#normalizedName;
  }

  get textLower(): string {
    this.#textLower ??= this.text.toLowerCase();
    return this.#textLower;
  }
}

/** True when every condition the rule gives holds for the line; cheap conditions are checked first. */
export function ruleMatches(compiled: CompiledRule, subject: RuleSubject): boolean {
  const { conditions } = compiled.rule;
  const amount = subject.entry.amountCents;
  if (conditions.direction && conditions.direction !== (amount >= 0 ? 'in' : 'out')) return false;
  if (compiled.iban && compiled.iban !== subject.iban) return false;
  // Amount bounds apply to the size of the amount, whatever its direction.
  if (conditions.amountMinCents !== undefined && Math.abs(amount) < conditions.amountMinCents) return false;
  if (conditions.amountMaxCents !== undefined && Math.abs(amount) > conditions.amountMaxCents) return false;
  if (
    compiled.name !== undefined &&
    (compiled.name === '' || !` ${subject.normalizedName} `.includes(` ${compiled.name} `))
  ) {
    return false;
  }
  if (compiled.text && !subject.textLower.includes(compiled.text)) return false;
  if (compiled.regex && !compiled.regex.test(subject.text)) return false;
  return true;
}

export function describeRule(rule: MatchRule): string {
  const c = rule.conditions;
  const parts: string[] = [];
  if (c.counterpartyIban) parts.push(`IBAN ${c.counterpartyIban}`);
  if (c.nameContains) parts.push(`name contains "${c.nameContains}"`);
  if (c.textContains) parts.push(`text contains "${c.textContains}"`);
  if (c.textRegex) parts.push(`text matches /${c.textRegex}/`);
  if (c.amountMinCents !== undefined) parts.push(`amount ≥ ${c.amountMinCents} cents`);
  if (c.amountMaxCents !== undefined) parts.push(`amount ≤ ${c.amountMaxCents} cents`);
  if (c.direction) parts.push(c.direction === 'in' ? 'money in' : 'money out');
  const target = rule.action.ledgerAccount
    ? `ledger account ${rule.action.ledgerAccount}`
    : `relation ${rule.action.relationNumber}`;
  return `${parts.join(', ')} → ${target}`;
}
