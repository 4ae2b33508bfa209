import type { MatchMemory, MatchRule, RuleAction, RuleConditions } from '../../bank/matching/index.ts';
import type { BankRuleStore, MemoryChange } from '../../partner-api/bank-rule-store.ts';
import {
  type BankRuleInput,
  MAX_USER_RULES,
  sameConditions,
  userRuleConditions,
  userRuleId,
} from '../../partner-api/bank-rules.ts';
import { HttpProblem } from '../../partner-api/errors.ts';

/** A person's rule as checked: normalized conditions and the target, with the id they give. */
export interface UserRuleDraft {
  id: string;
  conditions: RuleConditions;
  action: RuleAction;
}

/**
 * The rule from a parsed `BankRuleInput`, its target known to CASH's mirror (a 400 naming the field
 * otherwise). `at` is where the rule sits in the request body (`''` for POST …/bank-rules, `makeRule.` for
 * the review's match), so the problem's path points at what the person sent.
 */
export async function checkedUserRule(
  store: Pick<BankRuleStore, 'unknownTarget'>,
  administration: string,
  input: BankRuleInput,
  at = '',
): Promise<UserRuleDraft> {
  const conditions = userRuleConditions(input.conditions);
  const { relationNumber, ledgerAccount, vatCode, description } = input.action;
  const action: RuleAction = {
    ...(relationNumber ? { relationNumber } : {}),
    ...(ledgerAccount ? { ledgerAccount } : {}),
    ...(vatCode ? { vatCode } : {}),
    ...(description ? { description } : {}),
  };
  const unknown = await store.unknownTarget(administration, action);
  if (unknown)
    throw new HttpProblem(400, 'Bad Request', unknown.message, [
      {
        path: `${at}action.${unknown.field}`,
        rule: unknown.field === 'relationNumber' ? 'unknown-relation' : 'unknown-ledger-account',
        message: unknown.message,
        value: unknown.value,
      },
    ]);
  return { id: userRuleId({ conditions, action }), conditions, action };
}

const users = (memory: MatchMemory) => memory.rules.filter((rule) => rule.origin === 'user');

/**
 * The change that adds the rule after the person's own rules (pure: the store may run it again on a newer
 * memory). The same rule again changes nothing; another rule on the same conditions is 409 `rule-conflict`,
 * more than MAX_USER_RULES 409 `max-rules`; a suggestion on the same conditions is replaced.
 */
export function addUserRule(
  memory: MatchMemory,
  draft: UserRuleDraft,
  createdAt: string,
  at = '',
): MemoryChange<MatchRule> {
  const existing = memory.rules.find((rule) => rule.id === draft.id && rule.origin === 'user');
  if (existing) return { value: existing };
  const clash = users(memory).find((rule) => sameConditions(rule.conditions, draft.conditions));
  if (clash)
    throw new HttpProblem(409, 'Conflict', `rule ${clash.id} already holds for these conditions`, [
      {
        path: `${at}conditions`,
        rule: 'rule-conflict',
        message: `rule ${clash.id} has the same conditions`,
        value: clash.id,
      },
    ]);
  if (users(memory).length >= MAX_USER_RULES)
    throw new HttpProblem(409, 'Conflict', `at most ${MAX_USER_RULES} rules per administration`, [
      {
        path: at === '' ? '(body)' : at.replace(/\.$/, ''),
        rule: 'max-rules',
        message: 'delete rules first',
        value: MAX_USER_RULES,
      },
    ]);
  const rule: MatchRule = {
    id: draft.id,
    origin: 'user',
    conditions: draft.conditions,
    action: draft.action,
    confirmations: 0,
    createdAt,
  };
  // A suggestion on the same conditions is replaced: the person decided.
  const rest = memory.rules.filter(
    (r) => !(r.origin === 'suggested' && sameConditions(r.conditions, draft.conditions)),
  );
  return {
    memory: {
      ...memory,
      rules: [...rest.filter((r) => r.origin === 'user'), rule, ...rest.filter((r) => r.origin !== 'user')],
    },
    value: rule,
  };
}
