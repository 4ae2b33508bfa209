import { describe, expect, it } from 'vitest';
import { bankRulesRoutes } from '../../../lib/app-api/bank-rules/index.ts';
import { emptyMemory, Matcher, type MatchRule } from '../../../lib/bank/matching/index.ts';
import { BankRuleStore } from '../../../lib/partner-api/index.ts';
import { InMemoryMatchMemory } from '../partner-api/in-memory-match-memory.ts';
import { call, rules } from './fixtures.ts';

const params = (extra: Record<string, string> = {}) => ({ administration: 'DEMO', ...extra });

const suggested: MatchRule = {
  id: 's-1',
  origin: 'suggested',
  conditions: { nameContains: 'Bakkerij' },
  action: { relationNumber: '1001' },
  confirmations: 1,
};

async function setup() {
  const memory = new InMemoryMatchMemory();
  memory.stored.set('DEMO', { memory: { ...emptyMemory(), rules: [suggested] }, version: 1 });
  const routes = bankRulesRoutes({ bankRules: new BankRuleStore(memory, undefined, 2, async () => {}) });
  const create = async (body: unknown) =>
    call(routes, 'POST', '/v1/app/administrations/{administration}/bank-rules', { params: params(), body });
  return { memory, routes, create };
}

const costs = {
  conditions: { textContains: 'kosten' },
  action: { ledgerAccount: '4500', description: 'bank costs' },
};
const interest = {
  conditions: { textContains: 'rente kosten' },
  action: { ledgerAccount: '4600' },
};

describe('app bank rules', () => {
  it('creates rules in order, and the same rule twice is one', async () => {
    // Prepare
    const { routes, create } = await setup();
    // Act
    const first = await create(costs);
    const again = await create(costs);
    await create(interest);
    const list = await call(routes, 'GET', '/v1/app/administrations/{administration}/bank-rules', {
      params: params(),
    });
    // Assess
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(
      (list.json.rules as { action: { ledgerAccount: string } }[]).map((r) => r.action.ledgerAccount),
    ).toEqual(['4500', '4600']);
  });

  it('reorders the rules, and the matcher applies them in the new order', async () => {
    // Prepare
    const { memory, routes, create } = await setup();
    const a = (await create(costs)).json.id as string;
    const b = (await create(interest)).json.id as string;
    const line = {
      importId: 'l1',
      bookingDate: '2026-12-01',
      amountCents: -1250,
      currency: 'EUR',
      counterpartyName: 'Bank',
      remittance: 'rente kosten november',
    };
    const before = new Matcher([], (await memory.load('DEMO')).memory).match(line);
    // Act
    const answer = await call(routes, 'POST', '/v1/app/administrations/{administration}/bank-rules/order', {
      params: params(),
      body: { ids: [b, a] },
    });
    const after = new Matcher([], (await memory.load('DEMO')).memory).match(line);
    // Assess
    expect(answer.status).toBe(200);
    expect((answer.json.rules as { id: string }[]).map((r) => r.id)).toEqual([b, a]);
    expect([before.ledgerAccount, after.ledgerAccount]).toEqual(['4500', '4600']);
    // The suggestion stays after the person's rules.
    expect((await memory.load('DEMO')).memory.rules.map((r) => r.id)).toEqual([b, a, 's-1']);
  });

  it.each([
    ['a missing rule', (a: string) => [a], ['missing-id']],
    ['an unknown id', (a: string, b: string) => [a, b, 'nope'], ['unknown-rule']],
    ['a suggestion', (a: string, b: string) => [a, b, 's-1'], ['unknown-rule']],
    ['an id twice', (a: string, b: string) => [a, b, a], ['duplicate-id']],
  ])('refuses an order with %s', async (_name, ids, expected) => {
    // Prepare
    const { routes, create } = await setup();
    const a = (await create(costs)).json.id as string;
    const b = (await create(interest)).json.id as string;
    // Act
    const answer = await call(routes, 'POST', '/v1/app/administrations/{administration}/bank-rules/order', {
      params: params(),
      body: { ids: ids(a, b) },
    });
    // Assess
    expect(answer.status).toBe(400);
    expect(rules(answer.json)).toEqual(expected);
  });

  it('edits a rule in place, keeping its id and place', async () => {
    // Prepare
    const { routes, create, memory } = await setup();
    const a = (await create(costs)).json.id as string;
    await create(interest);
    // Act
    const answer = await call(routes, 'PUT', '/v1/app/administrations/{administration}/bank-rules/{id}', {
      params: params({ id: a }),
      body: { conditions: { textContains: 'provisie' }, action: { ledgerAccount: '4510' } },
    });
    // Assess
    expect(answer.status).toBe(200);
    const stored = (await memory.load('DEMO')).memory.rules;
    expect(stored[0]).toMatchObject({
      id: a,
      conditions: { textContains: 'provisie' },
      action: { ledgerAccount: '4510' },
    });
  });

  it('refuses an edit that is invalid, of an unknown rule, or clashing with another rule', async () => {
    // Prepare
    const { routes, create } = await setup();
    const a = (await create(costs)).json.id as string;
    await create(interest);
    const put = (id: string, body: unknown) =>
      call(routes, 'PUT', '/v1/app/administrations/{administration}/bank-rules/{id}', {
        params: params({ id }),
        body,
      });
    // Act
    const invalid = await put(a, { conditions: { amountMinCents: 5 }, action: { ledgerAccount: '4500' } });
    const unknown = await put('nope', costs);
    const clash = await put(a, { ...interest, action: { ledgerAccount: '4999' } });
    // Assess
    expect([invalid.status, unknown.status, clash.status]).toEqual([400, 404, 409]);
    expect(rules(invalid.json)).toContain('identifying-condition');
  });

  it('accepts a suggestion as the last rule, and declines another', async () => {
    // Prepare
    const { routes, create, memory } = await setup();
    const a = (await create(costs)).json.id as string;
    const other: MatchRule = { ...suggested, id: 's-2', conditions: { nameContains: 'Slager' } };
    const current = await memory.load('DEMO');
    memory.stored.set('DEMO', {
      memory: { ...current.memory, rules: [...current.memory.rules, other] },
      version: current.version,
    });
    // Act
    const list = await call(
      routes,
      'GET',
      '/v1/app/administrations/{administration}/bank-rules/suggestions',
      {
        params: params(),
      },
    );
    const accepted = await call(
      routes,
      'POST',
      '/v1/app/administrations/{administration}/bank-rules/suggestions/{id}/accept',
      {
        params: params({ id: 's-1' }),
      },
    );
    const declined = await call(
      routes,
      'POST',
      '/v1/app/administrations/{administration}/bank-rules/suggestions/{id}/decline',
      {
        params: params({ id: 's-2' }),
      },
    );
    const declineOwn = await call(
      routes,
      'POST',
      '/v1/app/administrations/{administration}/bank-rules/suggestions/{id}/decline',
      {
        params: params({ id: a }),
      },
    );
    // Assess
    expect((list.json.rules as { id: string }[]).map((r) => r.id)).toEqual(['s-1', 's-2']);
    expect([accepted.status, declined.status, declineOwn.status]).toEqual([200, 204, 404]);
    expect((await memory.load('DEMO')).memory.rules.map((r) => [r.id, r.origin])).toEqual([
      [a, 'user'],
      ['s-1', 'user'],
    ]);
  });

  it('replaces the deny-list and refuses a bad IBAN naming the field', async () => {
    // Prepare
    const { routes } = await setup();
    // Act
    const put = await call(routes, 'PUT', '/v1/app/administrations/{administration}/bank-deny-list', {
      params: params(),
      body: { ibans: ['NL91 ABNA 0417 1643 00'], bankCodes: ['adyb'] },
    });
    const bad = await call(routes, 'PUT', '/v1/app/administrations/{administration}/bank-deny-list', {
      params: params(),
      body: { ibans: ['NL00 XXXX'] },
    });
    const get = await call(routes, 'GET', '/v1/app/administrations/{administration}/bank-deny-list', {
      params: params(),
    });
    // Assess
    expect(put.status).toBe(200);
    expect(get.json).toMatchObject({ ibans: ['NL91ABNA0417164300'], bankCodes: ['ADYB'] });
    expect(bad.status).toBe(400);
    expect((bad.json.errors as { path: string }[])[0]?.path).toBe('ibans.0');
  });

  it('answers 412 for a change on an older version', async () => {
    // Prepare
    const { routes } = await setup();
    // Act
    const route = routes.find((r) => r.method === 'POST' && r.path.endsWith('/bank-rules'));
    const answer = await route
      ?.handle({
        request: {
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'application/json', 'if-match': '"0"' },
          body: JSON.stringify(costs),
        },
        params: params(),
        user: { id: 'u', username: 'u', tenant: 'demo', role: 'operator', administrations: '*' },
        administrations: ['DEMO'],
        now: new Date(),
      })
      .catch((error: { status: number }) => error.status);
    // Assess
    expect(answer).toBe(412);
  });
});
