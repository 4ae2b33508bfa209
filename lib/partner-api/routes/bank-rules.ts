import { toFieldIssues } from '../../../events/index.ts';
import { acceptSuggestedRule, type MatchMemory, type MatchRule } from '../../bank/matching/index.ts';
import { MatchMemoryConflictError } from '../../bank/stores/index.ts';
import { hasScope, type PartnerScope } from '../api-key.ts';
import type { BankRuleStore } from '../bank-rule-store.ts';
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
  userRuleConditions,
  userRuleId,
} from '../bank-rules.ts';
import { HttpProblem, MemoryVersionMismatchError } from '../errors.ts';
import { type HttpRequest, type HttpResponse, header, jsonResponse, quoted } from '../http.ts';
import { requireAdministration } from './administration-access.ts';
import type { RouteContext } from './route-context.ts';

const RULE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

const etag = (version: number) => ({ etag: `"${version}"` });

/**
 * The key may act on this administration's bank rules: the tenant has it, the key is granted it, and the
 * key holds the scope. Answers the store to use. A code that cannot exist gets the same 403 as one of
 * another administration (the key is granted neither).
 */
function authorize(ctx: RouteContext, administration: string, scope: PartnerScope): BankRuleStore {
  requireAdministration(
    ctx,
    administration,
    `the API key may not use the bank rules of ${quoted(administration)}`,
  );
  if (!hasScope(ctx.identity, scope)) {
    throw new HttpProblem(403, 'Forbidden', `the API key lacks the scope ${scope}`, [
      {
        path: 'authorization',
        rule: 'scope-not-granted',
        message: `the API key needs scope ${scope}`,
        value: scope,
      },
    ]);
  }
  if (!ctx.bankRules) {
    throw new HttpProblem(501, 'Not Implemented', 'bank rules are not available in this deployment', [
      { path: 'path', rule: 'not-configured', message: 'the bank matcher memory is not configured' },
    ]);
  }
  return ctx.bankRules;
}

/** The version named by `If-Match` (`"7"`, `W/"7"` or `7`); undefined when absent or `*`. */
function expectedVersion(request: HttpRequest): number | undefined {
  const value = header(request, 'if-match')?.trim();
  if (value === undefined || value === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,12})"?$/.exec(value);
  if (!match) {
    throw new HttpProblem(400, 'Bad Request', 'If-Match must be the ETag of the bank rules, e.g. "7"', [
      { path: 'if-match', rule: 'if-match', message: 'an ETag as answered by GET', value },
    ]);
  }
  return Number(match[1]);
}

function invalid(body: unknown, error: Parameters<typeof toFieldIssues>[0], what: string): HttpProblem {
  return new HttpProblem(400, 'Bad Request', `the ${what} is invalid`, toFieldIssues(error, body));
}

function unknownRule(administration: string, id: string): HttpProblem {
  return new HttpProblem(404, 'Not Found', `no bank rule ${quoted(id)} in ${administration}`, [
    { path: 'id', rule: 'unknown-rule', message: 'no such rule', value: quoted(id) },
  ]);
}

function ruleId(id: string): string {
  if (!RULE_ID.test(id))
    throw new HttpProblem(404, 'Not Found', `no bank rule ${quoted(id)}`, [
      { path: 'id', rule: 'unknown-rule', message: 'no such rule', value: quoted(id) },
    ]);
  return id;
}

/** Runs a change, answering 412 when the memory moved past the version the caller named. */
async function change<T>(
  store: BankRuleStore,
  administration: string,
  request: HttpRequest,
  apply: (memory: MatchMemory) => { memory?: MatchMemory; value: T },
): Promise<{ value: T; version: number; changed: boolean }> {
  const expected = expectedVersion(request);
  try {
    return await store.change(administration, apply, expected);
  } catch (error) {
    if (error instanceof MemoryVersionMismatchError) {
      throw new HttpProblem(
        412,
        'Precondition Failed',
        `${error.message}; GET them again and repeat the change`,
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
    }
    if (error instanceof MatchMemoryConflictError) {
      throw new HttpProblem(
        503,
        'Service Unavailable',
        'the bank rules were changed by others at the same moment too often; send the request again',
        [{ path: '(body)', rule: 'concurrent-change', message: 'send the request again' }],
        { 'retry-after': '1' },
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * A write to one rule by its id: the key may write the rules, the id names a rule (404 otherwise), then the
 * change, given that rule as the memory holds it now.
 */
async function changeRule<T>(
  request: HttpRequest,
  ctx: RouteContext,
  administration: string,
  id: string,
  apply: (memory: MatchMemory, rule: MatchRule) => { memory?: MatchMemory; value: T },
): Promise<{ value: T; version: number; changed: boolean }> {
  const store = authorize(ctx, administration, 'bank-rules:write');
  ruleId(id);
  return change(store, administration, request, (memory) => {
    const rule = memory.rules.find((candidate) => candidate.id === id);
    if (!rule) throw unknownRule(administration, id);
    return apply(memory, rule);
  });
}

/** GET …/bank-rules: the user rules (in the order they apply), then the suggested ones. `?origin=` filters. */
export async function listBankRules(
  request: HttpRequest,
  ctx: RouteContext,
  administration: string,
): Promise<HttpResponse> {
  const store = authorize(ctx, administration, 'bank-rules:read');
  const origin = request.query?.origin;
  if (origin !== undefined && origin !== 'user' && origin !== 'suggested') {
    throw new HttpProblem(400, 'Bad Request', 'origin is user or suggested', [
      { path: 'origin', rule: 'enum', message: 'user or suggested', value: origin },
    ]);
  }
  const { memory, version } = await store.load(administration);
  const ordered = [
    ...memory.rules.filter((rule) => rule.origin === 'user'),
    ...memory.rules.filter((rule) => rule.origin === 'suggested'),
  ].filter((rule) => origin === undefined || rule.origin === origin);
  return jsonResponse(
    200,
    {
      administration,
      memoryVersion: version,
      rules: ordered.map((rule) => bankRuleView(administration, rule)),
    },
    etag(version),
  );
}

/** GET …/bank-rules/{id}. */
export async function getBankRule(
  ctx: RouteContext,
  administration: string,
  id: string,
): Promise<HttpResponse> {
  const store = authorize(ctx, administration, 'bank-rules:read');
  const { memory, version } = await store.load(administration);
  const rule = memory.rules.find((candidate) => candidate.id === ruleId(id));
  if (!rule) throw unknownRule(administration, id);
  return jsonResponse(200, bankRuleView(administration, rule), etag(version));
}

/**
 * POST …/bank-rules: a person's own rule. The same rule again answers 200 with the existing one; a
 * suggested rule on the same conditions is replaced (the person decided); another user rule on the same
 * conditions with another target is a conflict (409) naming it.
 */
export async function createBankRule(
  request: HttpRequest,
  body: unknown,
  ctx: RouteContext,
  administration: string,
): Promise<HttpResponse> {
  const store = authorize(ctx, administration, 'bank-rules:write');
  const parsed = BankRuleInput.safeParse(body);
  if (!parsed.success) throw invalid(body, parsed.error, 'bank rule');
  const conditions = userRuleConditions(parsed.data.conditions);
  const { relationNumber, ledgerAccount, vatCode, description } = parsed.data.action;
  const action = {
    ...(relationNumber ? { relationNumber } : {}),
    ...(ledgerAccount ? { ledgerAccount } : {}),
    ...(vatCode ? { vatCode } : {}),
    ...(description ? { description } : {}),
  };
  const unknown = await store.unknownTarget(administration, action);
  if (unknown) {
    throw new HttpProblem(400, 'Bad Request', unknown.message, [
      {
        path: `action.${unknown.field}`,
        rule: unknown.field === 'relationNumber' ? 'unknown-relation' : 'unknown-ledger-account',
        message: unknown.message,
        value: unknown.value,
      },
    ]);
  }
  const id = userRuleId({ conditions, action });
  const result = await change(store, administration, request, (memory) => {
    const existing = memory.rules.find((rule) => rule.id === id && rule.origin === 'user');
    if (existing) return { value: { rule: existing, replaced: [] as string[] } };
    const clash = memory.rules.find(
      (rule) => rule.origin === 'user' && sameConditions(rule.conditions, conditions),
    );
    if (clash) {
      throw new HttpProblem(409, 'Conflict', `rule ${clash.id} already holds for these conditions`, [
        {
          path: 'conditions',
          rule: 'rule-conflict',
          message: `rule ${clash.id} has the same conditions with another target; delete it first`,
          value: clash.id,
        },
      ]);
    }
    const userRules = memory.rules.filter((rule) => rule.origin === 'user').length;
    if (userRules >= MAX_USER_RULES) {
      throw new HttpProblem(409, 'Conflict', `at most ${MAX_USER_RULES} rules per administration`, [
        {
          path: '(body)',
          rule: 'max-rules',
          message: `delete rules first; there are ${userRules}`,
          value: userRules,
        },
      ]);
    }
    const replaced = memory.rules.filter(
      (rule) => rule.origin === 'suggested' && sameConditions(rule.conditions, conditions),
    );
    const rule: MatchRule = {
      id,
      origin: 'user',
      conditions,
      action,
      confirmations: 0,
      createdAt: ctx.now.toISOString(),
    };
    return {
      memory: { ...memory, rules: [...memory.rules.filter((r) => !replaced.includes(r)), rule] },
      value: { rule, replaced: replaced.map((r) => r.id) },
    };
  });
  const view = bankRuleView(administration, result.value.rule);
  return jsonResponse(
    result.changed ? 201 : 200,
    { ...view, memoryVersion: result.version, replaced: result.value.replaced },
    { ...etag(result.version), location: view.links.self },
  );
}

/** POST …/bank-rules/{id}/accept: a suggested rule becomes the person's own (accepting one twice is harmless). */
export async function acceptBankRule(
  request: HttpRequest,
  ctx: RouteContext,
  administration: string,
  id: string,
): Promise<HttpResponse> {
  const result = await changeRule(request, ctx, administration, id, (memory, rule) => {
    if (rule.origin === 'user') return { value: rule };
    const clash = memory.rules.find(
      (other) => other.origin === 'user' && sameConditions(other.conditions, rule.conditions),
    );
    if (clash) {
      throw new HttpProblem(409, 'Conflict', `rule ${clash.id} already holds for these conditions`, [
        {
          path: 'id',
          rule: 'rule-conflict',
          message: `delete rule ${clash.id} first, or delete this suggestion`,
          value: clash.id,
        },
      ]);
    }
    const accepted = acceptSuggestedRule(memory, id);
    return { memory: accepted, value: accepted.rules.find((candidate) => candidate.id === id) as MatchRule };
  });
  return jsonResponse(
    200,
    { ...bankRuleView(administration, result.value), memoryVersion: result.version },
    etag(result.version),
  );
}

/** DELETE …/bank-rules/{id}: removes a user rule, or turns a suggestion down. */
export async function deleteBankRule(
  request: HttpRequest,
  ctx: RouteContext,
  administration: string,
  id: string,
): Promise<HttpResponse> {
  const result = await changeRule(request, ctx, administration, id, (memory) => ({
    memory: { ...memory, rules: memory.rules.filter((rule) => rule.id !== id) },
    value: id,
  }));
  return { statusCode: 204, headers: { 'cache-control': 'no-store', ...etag(result.version) }, body: '' };
}

/** GET …/bank-deny-list: the tenant's shared accounts, and the built-in ones that always apply. */
export async function getDenyList(ctx: RouteContext, administration: string): Promise<HttpResponse> {
  const store = authorize(ctx, administration, 'bank-rules:read');
  const { memory, version } = await store.load(administration);
  return jsonResponse(200, denyListView(administration, version, memory), etag(version));
}

/**
 * PUT …/bank-deny-list replaces the tenant's list; POST adds to it. What the matcher learned about a
 * listed IBAN stays in the memory but is no longer used; taking the IBAN off the list uses it again.
 */
export async function writeDenyList(
  request: HttpRequest,
  body: unknown,
  ctx: RouteContext,
  administration: string,
  mode: 'replace' | 'add',
): Promise<HttpResponse> {
  const store = authorize(ctx, administration, 'bank-rules:write');
  const parsed = BankDenyListInput.safeParse(body);
  if (!parsed.success) throw invalid(body, parsed.error, 'deny-list');
  const result = await change(store, administration, request, (memory) => {
    const denyList = normalizeDenyList(parsed.data, mode === 'add' ? memory.denyList : emptyDenyList());
    for (const [field, values] of Object.entries(denyList)) {
      if (values.length > MAX_DENY_LIST_ENTRIES) {
        throw new HttpProblem(409, 'Conflict', `at most ${MAX_DENY_LIST_ENTRIES} ${field} on the deny-list`, [
          {
            path: field,
            rule: 'max-entries',
            message: `the list would hold ${values.length}`,
            value: values.length,
          },
        ]);
      }
    }
    const same = JSON.stringify(denyList) === JSON.stringify(memory.denyList);
    const next = { ...memory, denyList };
    return same ? { value: memory } : { memory: next, value: next };
  });
  return jsonResponse(200, denyListView(administration, result.version, result.value), etag(result.version));
}
