import { z } from 'zod';
import { acceptSuggestedRule, type MatchMemory, type MatchRule } from '../../bank/matching/index.ts';
import { MatchMemoryConflictError } from '../../bank/stores/index.ts';
import type { BankRuleStore } from '../../partner-api/bank-rule-store.ts';
import {
  BankDenyListInput,
  BankRuleInput,
  bankRuleView,
  denyListView,
  emptyDenyList,
  MAX_DENY_LIST_ENTRIES,
  MAX_USER_RULES,
  normalizeDenyList,
  sameConditions,
} from '../../partner-api/bank-rules.ts';
import { HttpProblem, MemoryVersionMismatchError } from '../../partner-api/errors.ts';
import { header, jsonResponse, quoted } from '../../partner-api/http.ts';
import type { AppRoute, AppRouteContext } from '../app-route.ts';
import { parseBody } from '../runs/route-input.ts';
import { reorderUserRules } from './rule-order.ts';
import { addUserRule, checkedUserRule, type UserRuleDraft } from './user-rule-creation.ts';

export interface BankRulesServices {
  /** The bank matcher's memory per administration (the same store the partner API's bank-rules use). */
  bankRules: BankRuleStore;
}

const BASE = '/v1/app/administrations/{administration}';
const RULE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;
export const OrderInput = z.object({ ids: z.array(z.string().min(1).max(100)).max(MAX_USER_RULES) }).strict();
const etag = (version: number) => ({ etag: `"${version}"` });

function unknownRule(administration: string, id: string): HttpProblem {
  return new HttpProblem(404, 'Not Found', `no bank rule ${quoted(id)} in ${administration}`, [
    { path: 'id', rule: 'unknown-rule', message: 'no such rule', value: quoted(id) },
  ]);
}

/** `If-Match: "7"` asks for the change only on version 7; absent or `*`: on whatever is current. */
function expectedVersion(context: AppRouteContext): number | undefined {
  const value = header(context.request, 'if-match')?.trim();
  if (value === undefined || value === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,12})"?$/.exec(value);
  if (!match)
    throw new HttpProblem(400, 'Bad Request', 'If-Match must be the ETag of the bank rules, e.g. "7"', [
      { path: 'if-match', rule: 'if-match', message: 'an ETag as answered by GET', value: quoted(value) },
    ]);
  return Number(match[1]);
}

/** load → change → save on the version loaded (again on a newer one when someone saved first). */
async function change<T>(
  services: BankRulesServices,
  context: AppRouteContext,
  apply: (memory: MatchMemory) => { memory?: MatchMemory; value: T },
): Promise<{ value: T; version: number; changed: boolean }> {
  const expected = expectedVersion(context);
  try {
    return await services.bankRules.change(context.params.administration as string, apply, expected);
  } catch (error) {
    if (error instanceof MemoryVersionMismatchError)
      throw new HttpProblem(
        412,
        'Precondition Failed',
        `${error.message}; load the rules again and repeat the change`,
        [
          {
            path: 'if-match',
            rule: 'version',
            message: `the current version is ${error.currentVersion}`,
            value: expected,
          },
        ],
        {},
        { cause: error },
      );
    if (error instanceof MatchMemoryConflictError)
      throw new HttpProblem(
        503,
        'Service Unavailable',
        'the bank rules were changed by others at the same moment too often; try again',
        [{ path: '(body)', rule: 'concurrent-change', message: 'send the request again' }],
        { 'retry-after': '1' },
        { cause: error },
      );
    throw error;
  }
}

function ruleOf(memory: MatchMemory, context: AppRouteContext, origin?: MatchRule['origin']): MatchRule {
  const id = context.params.id ?? '';
  const rule = RULE_ID.test(id) ? memory.rules.find((r) => r.id === id) : undefined;
  if (!rule || (origin && rule.origin !== origin))
    throw unknownRule(context.params.administration as string, id);
  return rule;
}

function clashProblem(clash: MatchRule, path: string): HttpProblem {
  return new HttpProblem(409, 'Conflict', `rule ${clash.id} already holds for these conditions`, [
    { path, rule: 'rule-conflict', message: `rule ${clash.id} has the same conditions`, value: clash.id },
  ]);
}

/** A person's rule from the body: conditions and target checked (and the target known to CASH's mirror). */
function ruleInput(services: BankRulesServices, context: AppRouteContext): Promise<UserRuleDraft> {
  const input = parseBody(context, BankRuleInput, 'bank rule');
  return checkedUserRule(services.bankRules, context.params.administration as string, input);
}

function rulesAnswer(administration: string, version: number, rules: MatchRule[], status = 200) {
  return jsonResponse(
    status,
    {
      administration,
      memoryVersion: version,
      rules: rules.map((rule) => bankRuleView(administration, rule)),
    },
    etag(version),
  );
}

const users = (memory: MatchMemory) => memory.rules.filter((rule) => rule.origin === 'user');
const suggestions = (memory: MatchMemory) => memory.rules.filter((rule) => rule.origin === 'suggested');

/**
 * The Bank rules page: the administration's own rules in the order the matcher applies them (reorder
 * with `…/bank-rules/order`), edit and delete, the matcher's suggestions to accept or decline, and the
 * deny-list of shared accounts. Every change goes through the partner API's `BankRuleStore`, the memory
 * the bank import reads at its next run.
 */
export function bankRulesRoutes(services: BankRulesServices): AppRoute[] {
  const adm = (context: AppRouteContext) => context.params.administration as string;
  return [
    {
      method: 'GET',
      path: `${BASE}/bank-rules`,
      action: 'read',
      async handle(context) {
        const { memory, version } = await services.bankRules.load(adm(context));
        return rulesAnswer(adm(context), version, users(memory));
      },
    },
    {
      method: 'POST',
      path: `${BASE}/bank-rules`,
      action: 'act',
      async handle(context) {
        const draft = await ruleInput(services, context);
        const result = await change(services, context, (memory) =>
          addUserRule(memory, draft, context.now.toISOString()),
        );
        return jsonResponse(
          result.changed ? 201 : 200,
          { ...bankRuleView(adm(context), result.value), memoryVersion: result.version },
          etag(result.version),
        );
      },
    },
    {
      method: 'POST',
      path: `${BASE}/bank-rules/order`,
      action: 'act',
      async handle(context) {
        const { ids } = parseBody(context, OrderInput, 'rule order');
        const result = await change(services, context, (memory) => {
          const reordered = reorderUserRules(memory, ids);
          if ('problems' in reordered)
            throw new HttpProblem(
              400,
              'Bad Request',
              'the order must name every rule once',
              reordered.problems,
            );
          const same = users(memory).every((rule, i) => rule.id === ids[i]);
          return same ? { value: memory } : { memory: reordered.memory, value: reordered.memory };
        });
        return rulesAnswer(adm(context), result.version, users(result.value));
      },
    },
    {
      method: 'GET',
      path: `${BASE}/bank-rules/suggestions`,
      action: 'read',
      async handle(context) {
        const { memory, version } = await services.bankRules.load(adm(context));
        return rulesAnswer(adm(context), version, suggestions(memory));
      },
    },
    {
      method: 'POST',
      path: `${BASE}/bank-rules/suggestions/{id}/accept`,
      action: 'act',
      async handle(context) {
        const result = await change(services, context, (memory) => {
          const rule = ruleOf(memory, context, 'suggested');
          const clash = users(memory).find((other) => sameConditions(other.conditions, rule.conditions));
          if (clash) throw clashProblem(clash, 'id');
          const accepted = acceptSuggestedRule(memory, rule.id);
          const own = accepted.rules.find((r) => r.id === rule.id) as MatchRule;
          // An accepted rule applies after the rules the person already ordered.
          const others = accepted.rules.filter((r) => r.id !== rule.id);
          const ordered = [
            ...others.filter((r) => r.origin === 'user'),
            own,
            ...others.filter((r) => r.origin !== 'user'),
          ];
          return { memory: { ...accepted, rules: ordered }, value: own };
        });
        return jsonResponse(
          200,
          { ...bankRuleView(adm(context), result.value), memoryVersion: result.version },
          etag(result.version),
        );
      },
    },
    {
      method: 'POST',
      path: `${BASE}/bank-rules/suggestions/{id}/decline`,
      action: 'act',
      async handle(context) {
        const result = await change(services, context, (memory) => {
          const rule = ruleOf(memory, context, 'suggested');
          return {
            memory: { ...memory, rules: memory.rules.filter((r) => r.id !== rule.id) },
            value: rule.id,
          };
        });
        return {
          statusCode: 204,
          headers: { 'cache-control': 'no-store', ...etag(result.version) },
          body: '',
        };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/bank-rules/{id}`,
      action: 'read',
      async handle(context) {
        const { memory, version } = await services.bankRules.load(adm(context));
        return jsonResponse(200, bankRuleView(adm(context), ruleOf(memory, context)), etag(version));
      },
    },
    {
      method: 'PUT',
      path: `${BASE}/bank-rules/{id}`,
      action: 'act',
      async handle(context) {
        const { conditions, action } = await ruleInput(services, context);
        const result = await change(services, context, (memory) => {
          const rule = ruleOf(memory, context, 'user');
          const clash = users(memory).find(
            (other) => other.id !== rule.id && sameConditions(other.conditions, conditions),
          );
          if (clash) throw clashProblem(clash, 'conditions');
          // The rule keeps its id and its place in the order; its confirmations were for what it was.
          const edited: MatchRule = { ...rule, conditions, action, confirmations: 0 };
          return {
            memory: { ...memory, rules: memory.rules.map((r) => (r.id === rule.id ? edited : r)) },
            value: edited,
          };
        });
        return jsonResponse(
          200,
          { ...bankRuleView(adm(context), result.value), memoryVersion: result.version },
          etag(result.version),
        );
      },
    },
    {
      method: 'DELETE',
      path: `${BASE}/bank-rules/{id}`,
      action: 'act',
      async handle(context) {
        const result = await change(services, context, (memory) => {
          const rule = ruleOf(memory, context);
          return {
            memory: { ...memory, rules: memory.rules.filter((r) => r.id !== rule.id) },
            value: rule.id,
          };
        });
        return {
          statusCode: 204,
          headers: { 'cache-control': 'no-store', ...etag(result.version) },
          body: '',
        };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/bank-deny-list`,
      action: 'read',
      async handle(context) {
        const { memory, version } = await services.bankRules.load(adm(context));
        return jsonResponse(200, denyListView(adm(context), version, memory), etag(version));
      },
    },
    {
      method: 'PUT',
      path: `${BASE}/bank-deny-list`,
      action: 'act',
      async handle(context) {
        const input = parseBody(context, BankDenyListInput, 'deny-list');
        const result = await change(services, context, (memory) => {
          const denyList = normalizeDenyList(input, emptyDenyList());
          for (const [field, values] of Object.entries(denyList))
            if (values.length > MAX_DENY_LIST_ENTRIES)
              throw new HttpProblem(409, 'Conflict', `at most ${MAX_DENY_LIST_ENTRIES} ${field}`, [
                {
                  path: field,
                  rule: 'max-entries',
                  message: `the list would hold ${values.length}`,
                  value: values.length,
                },
              ]);
          const same = JSON.stringify(denyList) === JSON.stringify(memory.denyList);
          const next = { ...memory, denyList };
          return same ? { value: memory } : { memory: next, value: next };
        });
        return jsonResponse(
          200,
          denyListView(adm(context), result.version, result.value),
          etag(result.version),
        );
      },
    },
  ];
}
