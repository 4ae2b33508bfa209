import { describe, expect, it } from 'vitest';
import { reviewRoutes } from '../../../lib/app-api/review/index.ts';
import { emptyMemory, type MatchRule } from '../../../lib/bank/matching/index.ts';
import {
  BankRuleStore,
  type CorrectionLearner,
  type CorrectionRecord,
} from '../../../lib/partner-api/index.ts';
import { InMemoryMatchMemory } from '../partner-api/in-memory-match-memory.ts';
import { parse, request, router } from './fixtures.ts';
import { BANK_LINE_ID, reviewApi } from './review-fixtures.ts';

class RecordingLearner implements CorrectionLearner {
  readonly taught: CorrectionRecord[] = [];
  async learn(record: CorrectionRecord) {
    this.taught.push(record);
    return { connector: 'test', kind: record.correction.kind };
  }
}

const DECISION = { openItem: { relationNumber: '1077', invoiceNumber: '20261077' } };
const RULE = {
  conditions: { counterpartyIban: 'NL91 ABNA 0417 1643 00' },
  action: { relationNumber: '1077' },
};
const CLASH: MatchRule = {
  id: 'u-existing',
  origin: 'user',
  conditions: { counterpartyIban: 'NL91ABNA0417164300' },
  action: { relationNumber: '2001' },
  confirmations: 0,
};

/** The review routes with the bank rules' own store over an in-memory match memory. */
function setup(
  options: {
    rules?: readonly MatchRule[];
    relations?: readonly string[];
    store?: 'none' | 'stale-load';
  } = {},
) {
  const learner = new RecordingLearner();
  const { documents, services } = reviewApi({ learners: [learner] });
  const memory = new InMemoryMatchMemory();
  memory.stored.set('DEMO', { memory: { ...emptyMemory(), rules: [...(options.rules ?? [])] }, version: 3 });
  const mirror = options.relations
    ? {
        read: async (_adm: string, kind: string) =>
          (kind === 'relations'
            ? options.relations?.map((relationNumber) => ({ relationNumber }))
            : []) as never,
      }
    : undefined;
  const store = new BankRuleStore(memory, mirror, 2, async () => {});
  const bankRules =
    options.store === 'none'
      ? undefined
      : options.store === 'stale-load'
        ? {
            // What the check saw: no rules yet; someone makes a clashing one before the match's rule is saved.
            unknownTarget: store.unknownTarget.bind(store),
            load: async () => ({ memory: emptyMemory(), version: 0 }),
            change: store.change.bind(store),
          }
        : store;
  const api = router(reviewRoutes({ ...services, ...(bankRules ? { bankRules } : {}) }));
  const match = (body: unknown) =>
    api.handle(request('POST', `/v1/app/review/${BANK_LINE_ID}/match`, { user: 'bookkeeper', body }));
  const userRules = () => memory.stored.get('DEMO')?.memory.rules.filter((r) => r.origin === 'user') ?? [];
  return { match, learner, documents, userRules };
}

describe('POST /v1/app/review/{id}/match with makeRule', () => {
  it('matches the line and makes the rule in the bank rules, in one request', async () => {
    // Prepare
    const { match, learner, userRules } = setup();
    // Act
    const response = await match({ decision: DECISION, makeRule: RULE });
    // Assess
    expect(response.statusCode).toBe(202);
    const body = parse(response);
    expect(body.correction).toEqual({ status: 'applied' });
    expect(learner.taught).toHaveLength(1);
    expect(userRules()).toEqual([
      expect.objectContaining({
        origin: 'user',
        conditions: { counterpartyIban: 'NL91ABNA0417164300' },
        action: { relationNumber: '1077' },
        createdAt: '2026-04-01T10:00:00.000Z',
      }),
    ]);
    expect(body.rule).toMatchObject({
      id: userRules()[0]?.id,
      origin: 'user',
      memoryVersion: 4,
      created: true,
    });
  });

  it('makes the same rule once when the person sends it again', async () => {
    // Prepare
    const { match, userRules } = setup({ rules: [] });
    const first = parse(await match({ decision: DECISION, makeRule: RULE }));
    // Act
    const again = await setup({ rules: userRules() }).match({ decision: DECISION, makeRule: RULE });
    // Assess
    expect(again.statusCode).toBe(202);
    expect(parse(again).rule).toMatchObject({ id: first.rule.id, created: false });
  });

  it.each([
    [
      'an IBAN that is not one',
      { rules: [] },
      { conditions: { counterpartyIban: 'NL00 NOPE' }, action: { relationNumber: '1077' } },
      400,
      'makeRule.conditions.counterpartyIban',
    ],
    [
      'a rule without a target',
      { rules: [] },
      { conditions: { nameContains: 'Korenaar' }, action: {} },
      400,
      'makeRule.action.ledgerAccount',
    ],
    ['a relation CASH does not have', { relations: ['2001'] }, RULE, 400, 'makeRule.action.relationNumber'],
    ['a rule of the person on the same conditions', { rules: [CLASH] }, RULE, 409, 'makeRule.conditions'],
    ['no bank rules here', { store: 'none' as const }, RULE, 503, 'makeRule'],
  ] as const)('refuses %s before matching anything', async (_what, options, makeRule, status, path) => {
    // Prepare
    const { match, learner, documents, userRules } = setup(options);
    const rulesBefore = userRules();
    // Act
    const response = await match({ decision: DECISION, makeRule });
    // Assess
    expect(response.statusCode).toBe(status);
    expect(parse(response).errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(learner.taught).toEqual([]);
    expect(documents.corrections).toEqual([]);
    expect(userRules()).toEqual(rulesBefore);
    expect((await documents.get(BANK_LINE_ID))?.status).toBe('review');
  });

  it('keeps the match and names the problem when the rule clashes by the time it is saved', async () => {
    // Prepare
    const { match, learner, userRules } = setup({ rules: [CLASH], store: 'stale-load' });
    // Act
    const response = await match({ decision: DECISION, makeRule: RULE });
    // Assess
    expect(response.statusCode).toBe(202);
    const body = parse(response);
    expect(learner.taught).toHaveLength(1);
    expect(body.rule).toBeUndefined();
    expect(body.ruleProblem).toMatchObject({
      status: 409,
      errors: [{ path: 'makeRule.conditions', rule: 'rule-conflict', value: 'u-existing' }],
    });
    expect(userRules()).toEqual([CLASH]);
  });
});
