import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Cents, LedgerAccount, RelationNumber, VatCode } from '../../events/fields.ts';
import {
  DEFAULT_DENY_LIST,
  type DenyList,
  type MatchMemory,
  type MatchRule,
  normalizeIban,
  normalizeName,
  type RuleConditions,
} from '../bank/matching/index.ts';
import { describeRule } from '../bank/matching/rules.ts';
import { optionalOrNull } from '../runtime/optional-or-null.ts';
import { MAX_RULE_PATTERN_LENGTH, rulePatternProblem } from './rule-pattern.ts';

/** A tenant keeps its own rules bounded: the memory is one DynamoDB item and every line meets every rule. */
export const MAX_USER_RULES = 500;
export const MAX_DENY_LIST_ENTRIES = 500;

const Iban = z
  .string()
  .max(42)
  .refine((value) => normalizeIban(value) !== undefined, {
    message: 'not a valid IBAN (country, length and check digits)',
    params: { rule: 'iban' },
  })
  .describe('IBAN; spaces allowed');

const NameFragment = z
  .string()
  .min(2)
  .max(70)
  .refine((value) => normalizeName(value).length >= 2, {
    message: 'has no letters or digits left after name normalisation (legal forms, punctuation)',
    params: { rule: 'name-fragment' },
  });

const TextRegex = z
  .string()
  .max(MAX_RULE_PATTERN_LENGTH)
  .superRefine((pattern, ctx) => {
    const problem = rulePatternProblem(pattern);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { rule: problem.rule } });
  });

/** The conditions of a person's rule: every given condition must hold for a line. */
export const BankRuleConditionsInput = z
  .object({
    counterpartyIban: optionalOrNull(Iban).describe("the counterparty's IBAN"),
    nameContains: optionalOrNull(NameFragment).describe(
      'words of the counterparty name (compared after normalisation: case, legal forms and punctuation ignored)',
    ),
    textContains: optionalOrNull(z.string().min(2).max(140)).describe(
      'case-insensitive part of name + remittance',
    ),
    textRegex: optionalOrNull(TextRegex).describe(
      'regular expression over name + remittance (case-insensitive, at most 200 characters, no nested repetition)',
    ),
    amountMinCents: optionalOrNull(Cents.min(0)).describe(
      'smallest amount (size, whatever the direction) in cents',
    ),
    amountMaxCents: optionalOrNull(Cents.min(0)).describe('largest amount (size) in cents'),
    direction: optionalOrNull(z.enum(['in', 'out'])).describe('in: money received, out: money paid'),
  })
  .strict()
  .refine(
    (c) =>
      c.counterpartyIban !== undefined ||
      c.nameContains !== undefined ||
      c.textContains !== undefined ||
      c.textRegex !== undefined,
    {
      message:
        'give counterpartyIban, nameContains, textContains or textRegex: amounts and direction alone would catch unrelated lines',
      params: { rule: 'identifying-condition' },
      path: ['counterpartyIban'],
    },
  )
  .refine(
    (c) =>
      c.amountMinCents === undefined ||
      c.amountMaxCents === undefined ||
      c.amountMinCents <= c.amountMaxCents,
    {
      message: 'amountMinCents is above amountMaxCents',
      params: { rule: 'amount-range' },
      path: ['amountMinCents'],
    },
  )
  .refine((c) => c.textRegex === undefined || !matchesEmptyText(c.textRegex), {
    message: 'the pattern matches an empty text, so every line would meet it',
    params: { rule: 'regex-matches-everything' },
    path: ['textRegex'],
  });

/** Whether a pattern holds for an empty text (a pattern that does not compile is reported on its own). */
function matchesEmptyText(pattern: string): boolean {
  try {
    return new RegExp(pattern, 'i').test('');
  } catch {
    return false;
  }
}

/** What the rule does with a line it holds for: pay/receive for a relation, or book to a ledger account. */
export const BankRuleActionInput = z
  .object({
    relationNumber: optionalOrNull(RelationNumber).describe('debiteur/crediteur the line belongs to'),
    ledgerAccount: optionalOrNull(LedgerAccount).describe('grootboekrekening (bank costs, interest, taxes…)'),
    vatCode: optionalOrNull(VatCode).describe('BTW-code for a ledger account booking'),
    description: optionalOrNull(z.string().min(1).max(80)).describe(
      'what the rule is for, shown with its reason',
    ),
  })
  .strict()
  .refine((a) => (a.relationNumber === undefined) !== (a.ledgerAccount === undefined), {
    message: 'give either relationNumber or ledgerAccount',
    params: { rule: 'rule-target' },
    path: ['ledgerAccount'],
  })
  .refine((a) => a.vatCode === undefined || a.ledgerAccount !== undefined, {
    message: 'a BTW-code only goes with a ledger account',
    params: { rule: 'vat-needs-ledger-account' },
    path: ['vatCode'],
  });

/** POST /v1/administrations/{administration}/bank-rules. */
export const BankRuleInput = z
  .object({ conditions: BankRuleConditionsInput, action: BankRuleActionInput })
  .strict()
  .describe("a person's own bank matching rule (origin user): applied before anything the matcher learned");
export type BankRuleInput = z.infer<typeof BankRuleInput>;

const BankCode = z
  .string()
  .regex(/^[A-Za-z]{4}$/, 'a Dutch bank code: 4 letters (e.g. ADYB)')
  .describe('every account of this Dutch bank code is shared');

/** The tenant's additions to the built-in deny-list of shared accounts (payment providers, factoring, incasso). */
export const BankDenyListInput = z
  .object({
    ibans: optionalOrNull(z.array(Iban).max(MAX_DENY_LIST_ENTRIES)).describe('shared IBANs'),
    namePatterns: optionalOrNull(z.array(NameFragment).max(MAX_DENY_LIST_ENTRIES)).describe(
      'words of counterparty names that mark a shared account',
    ),
    bankCodes: optionalOrNull(z.array(BankCode).max(MAX_DENY_LIST_ENTRIES)),
  })
  .strict()
  .describe("the tenant's shared accounts: never learned as one relation");
export type BankDenyListInput = z.infer<typeof BankDenyListInput>;

export const BankRuleView = z.object({
  id: z.string(),
  origin: z
    .enum(['user', 'suggested'])
    .describe('user: made or accepted by a person; suggested: drafted by the matcher'),
  conditions: z.record(z.string(), z.unknown()),
  action: z.record(z.string(), z.unknown()),
  confirmations: z.number().int().describe('confirmed lines that agreed with the rule'),
  createdAt: z.string().optional(),
  draftedFrom: z.string().optional().describe('the line a suggested rule was drafted from'),
  summary: z.string().describe('the rule in words, as decisions quote it'),
  links: z.object({ self: z.string(), accept: z.string().optional() }),
});
export type BankRuleView = z.infer<typeof BankRuleView>;

export const BankRuleList = z.object({
  administration: z.string(),
  memoryVersion: z.number().int().describe('also the ETag; send it as If-Match to change only this version'),
  rules: z.array(BankRuleView),
});

export const BankDenyListView = z.object({
  administration: z.string(),
  memoryVersion: z.number().int(),
  ibans: z.array(z.string()),
  namePatterns: z.array(z.string()),
  bankCodes: z.array(z.string()),
  builtIn: z
    .object({ namePatterns: z.array(z.string()), bankCodes: z.array(z.string()) })
    .describe('always applied, whatever the tenant lists'),
});

export const bankRulesLocation = (administration: string): string =>
  `/v1/administrations/${encodeURIComponent(administration)}/bank-rules`;

export function bankRuleView(administration: string, rule: MatchRule): BankRuleView {
  const self = `${bankRulesLocation(administration)}/${encodeURIComponent(rule.id)}`;
  return {
    id: rule.id,
    origin: rule.origin,
    conditions: { ...rule.conditions },
    action: { ...rule.action },
    confirmations: rule.confirmations,
    ...(rule.createdAt ? { createdAt: rule.createdAt } : {}),
    ...(rule.draftedFrom ? { draftedFrom: rule.draftedFrom } : {}),
    summary: describeRule(rule),
    links: { self, ...(rule.origin === 'suggested' ? { accept: `${self}/accept` } : {}) },
  };
}

export function denyListView(administration: string, memoryVersion: number, memory: MatchMemory) {
  return {
    administration,
    memoryVersion,
    ibans: memory.denyList.ibans,
    namePatterns: memory.denyList.namePatterns,
    bankCodes: memory.denyList.bankCodes,
    builtIn: { namePatterns: DEFAULT_DENY_LIST.namePatterns, bankCodes: DEFAULT_DENY_LIST.bankCodes },
  };
}

/** The rule as the matcher stores it: IBANs without spaces, absent conditions left out. */
export function userRuleConditions(input: BankRuleInput['conditions']): RuleConditions {
  const conditions: RuleConditions = {};
  if (input.counterpartyIban) conditions.counterpartyIban = normalizeIban(input.counterpartyIban) as string;
  if (input.nameContains) conditions.nameContains = input.nameContains.trim();
  if (input.textContains) conditions.textContains = input.textContains;
  if (input.textRegex) conditions.textRegex = input.textRegex;
  if (input.amountMinCents !== undefined) conditions.amountMinCents = input.amountMinCents;
  if (input.amountMaxCents !== undefined) conditions.amountMaxCents = input.amountMaxCents;
  if (input.direction) conditions.direction = input.direction;
  return conditions;
}

/** Same conditions and target give the same id, so sending a rule twice does not make two. */
export function userRuleId(rule: Pick<MatchRule, 'conditions' | 'action'>): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([sorted(rule.conditions), sorted(rule.action)]))
    .digest('hex');
  return `u-${digest.slice(0, 10)}`;
}

function sorted(value: object): [string, unknown][] {
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
}

/** Whether two rules hold for exactly the same lines. */
export function sameConditions(a: RuleConditions, b: RuleConditions): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

/** The tenant deny-list normalized: IBANs without spaces, bank codes in capitals, no repeats. */
export function normalizeDenyList(input: BankDenyListInput, base: DenyList = emptyDenyList()): DenyList {
  const unique = (values: string[]) => [...new Set(values)];
  return {
    ibans: unique([...base.ibans, ...(input.ibans ?? []).map((iban) => normalizeIban(iban) as string)]),
    namePatterns: unique([...base.namePatterns, ...(input.namePatterns ?? []).map((p) => p.trim())]),
    bankCodes: unique([...base.bankCodes, ...(input.bankCodes ?? []).map((code) => code.toUpperCase())]),
  };
}

export function emptyDenyList(): DenyList {
  return { ibans: [], namePatterns: [], bankCodes: [] };
}
