import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyMemory,
  learn,
  Matcher,
  type MatchMemory,
  makeDutchIban,
} from '../../../lib/bank/matching/index.ts';
import { MatchMemoryConflictError } from '../../../lib/bank/stores/index.ts';
import { BankRuleStore, type PartnerScope } from '../../../lib/partner-api/index.ts';
import { keyRecord, parse, request, testApi } from './fixtures.ts';
import { InMemoryMatchMemory } from './in-memory-match-memory.ts';

const ADM = 'DEMO';
const RULES = `/v1/administrations/${ADM}/bank-rules`;
const DENY = `/v1/administrations/${ADM}/bank-deny-list`;
const BELASTING = makeDutchIban('INGB', '0002445588');
const SUPPLIER = makeDutchIban('RABO', '0123456789');

/** The test API with a bank rules store; `scopes` null stands for a key without scopes (the default). */
function rulesApi(scopes: PartnerScope[] | null = ['bank-rules:write']) {
  const memory = new InMemoryMatchMemory();
  const record = keyRecord({ rateLimitPerMinute: 100_000, ...(scopes ? { scopes } : {}) });
  const test = testApi({ bankRules: new BankRuleStore(memory) }, record);
  return { ...test, memory };
}

const costsRule = {
  conditions: {
    counterpartyIban: BELASTING.replace(/(.{4})/g, '$1 ').trim(),
    textContains: 'omzetbelasting',
  },
  action: { ledgerAccount: '1520', description: 'BTW-afdracht' },
};

/** A memory holding one suggested rule, drafted by the matcher from a person's correction of a bank-costs line. */
function withSuggestion(): MatchMemory {
  return learn(emptyMemory(), {
    importId: 'imp-1',
    ledgerAccount: '4940',
    entry: {
      importId: 'imp-1',
      bookingDate: '2026-03-02',
      amountCents: -1_250,
      currency: 'EUR',
      counterpartyIban: SUPPLIER,
      counterpartyName: 'ING Bank',
      remittance: 'Kosten zakelijk betalingsverkeer',
    },
  }).memory;
}

describe('PartnerApi: bank rules', () => {
  it('creates a user rule (201, Location, ETag), lists it, and answers the same rule again with 200 and no new version', async () => {
    // Prepare
    const { api, memory } = rulesApi();
    // Act
    const created = await api.handle(request('POST', RULES, costsRule));
    const again = await api.handle(request('POST', RULES, costsRule));
    const listed = await api.handle(request('GET', RULES));
    // Assess
    expect(created.statusCode).toBe(201);
    const rule = parse(created.body);
    expect(rule).toMatchObject({
      origin: 'user',
      conditions: { counterpartyIban: BELASTING, textContains: 'omzetbelasting' },
      action: { ledgerAccount: '1520', description: 'BTW-afdracht' },
      memoryVersion: 1,
    });
    expect(rule.id).toMatch(/^u-[0-9a-f]{10}$/);
    expect(created.headers.location).toBe(`${RULES}/${rule.id}`);
    expect(created.headers.etag).toBe('"1"');
    expect(again.statusCode).toBe(200);
    expect(parse(again.body).id).toBe(rule.id);
    expect(memory.saves).toBe(1);
    expect(parse(listed.body)).toMatchObject({
      memoryVersion: 1,
      rules: [{ id: rule.id, summary: expect.stringContaining('1520') }],
    });
    expect(listed.headers.etag).toBe('"1"');
  });

  it('stores the rule where the matcher reads it: the next such line is booked to its ledger account, naming the rule', async () => {
    // Prepare
    const { api, memory } = rulesApi();
    const created = parse((await api.handle(request('POST', RULES, costsRule))).body);
    const stored = (await memory.load(ADM)).memory;
    // Act
    const decision = new Matcher([], stored).match({
      importId: 'imp-9',
      bookingDate: '2026-04-30',
      amountCents: -812_300,
      currency: 'EUR',
      counterpartyIban: BELASTING,
      counterpartyName: 'Belastingdienst',
      remittance: 'Omzetbelasting 1e kwartaal 2026',
    });
    // Assess
    expect(decision).toMatchObject({ decision: 'auto', ledgerAccount: '1520', ruleId: created.id });
    expect(decision.reasons.join(' ')).toContain(`rule ${created.id as string}`);
  });

  it.each([
    [
      'an invalid IBAN',
      { conditions: { counterpartyIban: 'NL00INGB0000000000' }, action: { ledgerAccount: '4940' } },
      'conditions.counterpartyIban',
      'iban',
    ],
    [
      'only amounts and direction',
      { conditions: { amountMinCents: 100, direction: 'out' }, action: { ledgerAccount: '4940' } },
      'conditions.counterpartyIban',
      'identifying-condition',
    ],
    [
      'a minimum above the maximum',
      {
        conditions: { textContains: 'rente', amountMinCents: 500, amountMaxCents: 100 },
        action: { ledgerAccount: '8400' },
      },
      'conditions.amountMinCents',
      'amount-range',
    ],
    [
      'a pattern with nested repetition',
      { conditions: { textRegex: '(\\d+)+x' }, action: { ledgerAccount: '4940' } },
      'conditions.textRegex',
      'regex-nested-repetition',
    ],
    [
      'a pattern that does not compile',
      { conditions: { textRegex: 'kosten(' }, action: { ledgerAccount: '4940' } },
      'conditions.textRegex',
      'regex',
    ],
    [
      'a pattern that matches every line',
      { conditions: { textRegex: 'x*' }, action: { ledgerAccount: '4940' } },
      'conditions.textRegex',
      'regex-matches-everything',
    ],
    [
      'a pattern that is too long',
      { conditions: { textRegex: 'a'.repeat(201) }, action: { ledgerAccount: '4940' } },
      'conditions.textRegex',
      'too_big',
    ],
    [
      'both a relation and a ledger account',
      { conditions: { textContains: 'huur' }, action: { ledgerAccount: '4100', relationNumber: '2001' } },
      'action.ledgerAccount',
      'rule-target',
    ],
    [
      'a BTW-code with a relation',
      { conditions: { textContains: 'huur' }, action: { relationNumber: '2001', vatCode: '2' } },
      'action.vatCode',
      'vat-needs-ledger-account',
    ],
    [
      'a ledger account CASH does not know the form of',
      { conditions: { textContains: 'huur' }, action: { ledgerAccount: 'huur-4100' } },
      'action.ledgerAccount',
      'format:regex',
    ],
    [
      'a name of legal forms only',
      { conditions: { nameContains: 'B.V.' }, action: { relationNumber: '2001' } },
      'conditions.nameContains',
      'name-fragment',
    ],
    [
      'an unknown field',
      { conditions: { textContains: 'huur', iban: 'x' }, action: { ledgerAccount: '4100' } },
      'conditions',
      'unrecognized_keys',
    ],
  ])(
    'refuses a rule with %s (400 naming field and rule) and stores nothing',
    async (_case, body, path, rule) => {
      // Prepare
      const { api, memory } = rulesApi();
      // Act
      const response = await api.handle(request('POST', RULES, body));
      // Assess
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(parse(response.body).errors).toContainEqual(expect.objectContaining({ path, rule }));
      expect(memory.saves).toBe(0);
    },
  );

  it('shows suggested rules with confirmations and draftedFrom, and accepting one makes it a user rule', async () => {
    // Prepare
    const { api, memory } = rulesApi();
    memory.stored.set(ADM, { memory: withSuggestion(), version: 3 });
    // Act
    const suggested = parse(
      (await api.handle({ ...request('GET', RULES), query: { origin: 'suggested' } })).body,
    );
    const id = (suggested.rules as { id: string }[])[0]?.id as string;
    const accepted = await api.handle(request('POST', `${RULES}/${id}/accept`));
    const again = await api.handle(request('POST', `${RULES}/${id}/accept`));
    // Assess
    expect(suggested.rules).toEqual([
      expect.objectContaining({
        origin: 'suggested',
        confirmations: 1,
        draftedFrom: expect.stringContaining('Kosten zakelijk betalingsverkeer'),
        action: { ledgerAccount: '4940' },
        links: expect.objectContaining({ accept: `${RULES}/${id}/accept` }),
      }),
    ]);
    expect(accepted.statusCode).toBe(200);
    expect(parse(accepted.body)).toMatchObject({ id, origin: 'user', memoryVersion: 4 });
    expect(again.statusCode).toBe(200);
    expect((await memory.load(ADM)).version).toBe(4);
  });

  it("replaces a suggestion with a person's own rule on the same conditions, and refuses a second user rule there (409)", async () => {
    // Prepare
    const { api, memory } = rulesApi();
    memory.stored.set(ADM, { memory: withSuggestion(), version: 1 });
    const suggestion = (await memory.load(ADM)).memory.rules[0];
    const body = { conditions: suggestion?.conditions, action: { ledgerAccount: '4945' } };
    // Act
    const created = await api.handle(request('POST', RULES, body));
    const clash = await api.handle(request('POST', RULES, { ...body, action: { ledgerAccount: '4950' } }));
    // Assess
    expect(created.statusCode).toBe(201);
    expect(parse(created.body).replaced).toEqual([suggestion?.id]);
    expect((await memory.load(ADM)).memory.rules.map((r) => [r.origin, r.action.ledgerAccount])).toEqual([
      ['user', '4945'],
    ]);
    expect(clash.statusCode).toBe(409);
    expect(parse(clash.body).errors?.[0]).toMatchObject({
      rule: 'rule-conflict',
      value: parse(created.body).id,
    });
  });

  it('deletes a rule (204) and answers 404 for rules that are not there', async () => {
    // Prepare
    const { api } = rulesApi();
    const id = parse((await api.handle(request('POST', RULES, costsRule))).body).id as string;
    // Act
    const deleted = await api.handle(request('DELETE', `${RULES}/${id}`));
    const answers = await Promise.all([
      api.handle(request('DELETE', `${RULES}/${id}`)),
      api.handle(request('GET', `${RULES}/${id}`)),
      api.handle(request('POST', `${RULES}/u-0000000000/accept`)),
      api.handle(request('GET', `${RULES}/${'x'.repeat(101)}`)),
    ]);
    // Assess
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect(answers.map((a) => a.statusCode)).toEqual([404, 404, 404, 404]);
    for (const answer of answers) expect(parse(answer.body).errors?.[0]?.rule).toBe('unknown-rule');
  });

  it('keeps both of two rules created at the same time: the later save is made again on the newer memory', async () => {
    // Prepare
    const { api, memory } = rulesApi();
    const other = {
      conditions: { nameContains: 'Vattenfall', direction: 'out' },
      action: { relationNumber: '2001' },
    };
    // Act
    const answers = await Promise.all([
      api.handle(request('POST', RULES, costsRule)),
      api.handle(request('POST', RULES, other)),
    ]);
    // Assess
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201]);
    const stored = await memory.load(ADM);
    expect(stored.memory.rules).toHaveLength(2);
    expect(stored.version).toBe(2);
  });

  it('changes only the version named in If-Match: 412 for an older one, 400 for one that is not an ETag', async () => {
    // Prepare
    const { api } = rulesApi();
    await api.handle(request('POST', RULES, costsRule));
    // Act
    const stale = await api.handle(request('PUT', DENY, { ibans: [SUPPLIER] }, { 'if-match': '"0"' }));
    const current = await api.handle(request('PUT', DENY, { ibans: [SUPPLIER] }, { 'if-match': '"1"' }));
    const garbage = await api.handle(request('PUT', DENY, { ibans: [] }, { 'if-match': 'yesterday' }));
    // Assess
    expect(stale.statusCode).toBe(412);
    expect(parse(stale.body).errors?.[0]).toMatchObject({ path: 'if-match', rule: 'version', value: 0 });
    expect(current.statusCode).toBe(200);
    expect(current.headers.etag).toBe('"2"');
    expect(garbage.statusCode).toBe(400);
    expect(parse(garbage.body).errors?.[0]?.rule).toBe('if-match');
  });
});

describe('PartnerApi: bank rule bodies with null for absent fields', () => {
  it.each([
    [
      'conditions',
      {
        ...costsRule,
        conditions: {
          ...costsRule.conditions,
          nameContains: null,
          textRegex: null,
          amountMinCents: null,
          amountMaxCents: null,
          direction: null,
        },
      },
    ],
    ['action', { ...costsRule, action: { ...costsRule.action, relationNumber: null, vatCode: null } }],
  ])(
    'creates the same rule when optional %s fields are null (200 the second time, one save)',
    async (_part, withNulls) => {
      // Prepare
      const { api, memory } = rulesApi();
      // Act
      const created = await api.handle(request('POST', RULES, costsRule));
      const again = await api.handle(request('POST', RULES, withNulls));
      // Assess
      expect(created.statusCode).toBe(201);
      expect(again.statusCode).toBe(200);
      expect(parse(again.body).id).toBe(parse(created.body).id);
      expect(memory.saves).toBe(1);
      expect(JSON.stringify(parse(again.body).conditions)).not.toContain('null');
    },
  );

  it('takes null lists in a deny-list body as not given', async () => {
    // Prepare
    const { api } = rulesApi();
    // Act
    const added = await api.handle(
      request('POST', DENY, { ibans: [SUPPLIER], namePatterns: null, bankCodes: null }),
    );
    const replaced = await api.handle(
      request('PUT', DENY, { ibans: null, namePatterns: ['Betaalhuis'], bankCodes: null }),
    );
    // Assess
    expect(added.statusCode).toBe(200);
    expect(parse(added.body)).toMatchObject({ ibans: [SUPPLIER], namePatterns: [], bankCodes: [] });
    expect(parse(replaced.body)).toMatchObject({ ibans: [], namePatterns: ['Betaalhuis'], bankCodes: [] });
  });

  it('still refuses a wrong value beside the nulls, naming its path', async () => {
    // Act
    const response = await rulesApi().api.handle(
      request('POST', RULES, {
        ...costsRule,
        conditions: { ...costsRule.conditions, direction: null, amountMinCents: 'ten' },
      }),
    );
    // Assess
    expect(response.statusCode).toBe(400);
    expect(parse(response.body).errors?.map((error) => error.path)).toContain('conditions.amountMinCents');
  });
});

describe('PartnerApi: bank rule targets and contention', () => {
  /** A CASH mirror with one relation and two ledger accounts; `synced` false stands for one never filled. */
  const mirror = (synced: boolean) => ({
    read: async (_administration: string, kind: string) =>
      (synced
        ? kind === 'relations'
          ? [{ relationNumber: '20001', name: 'Technigro' }]
          : [
              { account: '4900', description: 'Bankkosten' },
              { account: '1520', description: 'Af te dragen BTW' },
            ]
        : []) as never,
  });

  it.each([
    [{ relationNumber: '200002' }, 'action.relationNumber', 'unknown-relation', '200002'],
    [{ ledgerAccount: '4990' }, 'action.ledgerAccount', 'unknown-ledger-account', '4990'],
  ])('refuses a rule to %j, which CASH does not have (400 naming it)', async (action, path, rule, value) => {
    // Prepare
    const memory = new InMemoryMatchMemory();
    const { api } = testApi(
      { bankRules: new BankRuleStore(memory, mirror(true)) },
      keyRecord({ scopes: ['bank-rules:write'] }),
    );
    // Act
    const response = await api.handle(
      request('POST', RULES, { conditions: { textContains: 'kosten' }, action }),
    );
    // Assess
    expect(response.statusCode).toBe(400);
    expect(parse(response.body).errors).toEqual([expect.objectContaining({ path, rule, value })]);
    expect(memory.saves).toBe(0);
  });

  it.each([
    ['a relation CASH has', true, { relationNumber: '20001' }],
    ['a relation number with leading zeros', true, { relationNumber: '020001' }],
    ['any target while the mirror was never synced', false, { ledgerAccount: '4990' }],
  ])('accepts a rule to %s', async (_case, synced, action) => {
    // Prepare
    const { api } = testApi(
      { bankRules: new BankRuleStore(new InMemoryMatchMemory(), mirror(synced)) },
      keyRecord({ scopes: ['bank-rules:write'] }),
    );
    // Act
    const response = await api.handle(
      request('POST', RULES, { conditions: { textContains: 'kosten' }, action }),
    );
    // Assess
    expect(response.statusCode).toBe(201);
  });

  it('answers 503 with Retry-After when others keep saving first, and changes nothing', async () => {
    // Prepare: a memory that someone else always saved a moment earlier
    const memory = new InMemoryMatchMemory();
    memory.save = async () => {
      throw new MatchMemoryConflictError('someone else saved first');
    };
    const { api } = testApi(
      { bankRules: new BankRuleStore(memory, undefined, 3, async () => {}) },
      keyRecord({ scopes: ['bank-rules:write'] }),
    );
    // Act
    const response = await api.handle(request('POST', RULES, costsRule));
    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(parse(response.body).errors?.[0]?.rule).toBe('concurrent-change');
  });
});

describe('PartnerApi: bank deny-list', () => {
  it('adds shared accounts (normalized, no repeats), replaces the list, and shows the built-in list beside it', async () => {
    // Prepare
    const { api } = rulesApi();
    const spaced = SUPPLIER.replace(/(.{4})/g, '$1 ').trim();
    // Act
    const added = parse(
      (await api.handle(request('POST', DENY, { ibans: [spaced, SUPPLIER], namePatterns: ['Betaalhuis'] })))
        .body,
    );
    const more = parse((await api.handle(request('POST', DENY, { bankCodes: ['knab'] }))).body);
    const replaced = parse(
      (await api.handle(request('PUT', DENY, { namePatterns: ['Incasso Noord'] }))).body,
    );
    const shown = parse((await api.handle(request('GET', DENY))).body);
    // Assess
    expect(added).toMatchObject({ ibans: [SUPPLIER], namePatterns: ['Betaalhuis'], bankCodes: [] });
    expect(more).toMatchObject({ ibans: [SUPPLIER], namePatterns: ['Betaalhuis'], bankCodes: ['KNAB'] });
    expect(replaced).toMatchObject({ ibans: [], namePatterns: ['Incasso Noord'], bankCodes: [] });
    expect(shown).toMatchObject({ memoryVersion: 3, namePatterns: ['Incasso Noord'] });
    expect((shown.builtIn as { namePatterns: string[] }).namePatterns).toContain('mollie');
  });

  it('makes a listed IBAN shared for the matcher: a relation is no longer learned from it', async () => {
    // Prepare
    const { api, memory } = rulesApi();
    await api.handle(request('POST', DENY, { ibans: [SUPPLIER] }));
    // Act
    const { learned } = learn((await memory.load(ADM)).memory, {
      importId: 'imp-2',
      relationNumber: '2001',
      entry: {
        importId: 'imp-2',
        bookingDate: '2026-03-02',
        amountCents: 5_000,
        currency: 'EUR',
        counterpartyIban: SUPPLIER,
      },
    });
    // Assess
    expect(learned.map((fact) => fact.kind)).toEqual(['iban-refused']);
  });

  it.each([
    [{ ibans: ['NL91ABNA0417164301'] }, 'ibans.0', 'iban'],
    [{ bankCodes: ['AB1'] }, 'bankCodes.0', 'format:regex'],
    [{ namePatterns: ['x'] }, 'namePatterns.0', 'too_small'],
    [{ ibans: 'NL91ABNA0417164300' }, 'ibans', 'invalid_type'],
  ])('refuses %j with 400 naming the entry', async (body, path, rule) => {
    // Prepare
    const { api, memory } = rulesApi();
    // Act
    const response = await api.handle(request('PUT', DENY, body));
    // Assess
    expect(response.statusCode).toBe(400);
    expect(parse(response.body).errors).toContainEqual(expect.objectContaining({ path, rule }));
    expect(memory.saves).toBe(0);
  });
});

describe('PartnerApi: who may use the bank rules', () => {
  it.each([
    [
      'an administration the key is not granted',
      'POST',
      '/v1/administrations/OTHER/bank-rules',
      ['bank-rules:write'],
      403,
      'administration-not-granted',
    ],
    [
      'an administration of no tenant file',
      'GET',
      '/v1/administrations/ELSEWHERE/bank-rules',
      ['bank-rules:write'],
      403,
      'administration-not-granted',
    ],
    ['a change with only the default read scope', 'POST', RULES, undefined, 403, 'scope-not-granted'],
    ['a deny-list change with read scope only', 'PUT', DENY, ['bank-rules:read'], 403, 'scope-not-granted'],
    ['a method the route does not have', 'PATCH', RULES, ['bank-rules:write'], 405, 'method'],
  ] as const)('refuses %s', async (_case, method, path, scopes, status, rule) => {
    // Prepare
    const { api, memory } = rulesApi(scopes ? [...scopes] : null);
    // Act
    const response = await api.handle(request(method, path, method === 'GET' ? undefined : costsRule));
    // Assess
    expect(response.statusCode).toBe(status);
    expect(parse(response.body).errors?.[0]?.rule).toBe(rule);
    expect(memory.saves).toBe(0);
  });

  it('lets a key with the default scope read the rules, and refuses a request without a key (401)', async () => {
    // Prepare
    const { api } = rulesApi(null);
    // Act
    const read = await api.handle(request('GET', RULES));
    const anonymous = await api.handle(request('GET', RULES, undefined, { authorization: '' }));
    // Assess
    expect(read.statusCode).toBe(200);
    expect(anonymous.statusCode).toBe(401);
  });

  it('answers 501 when the deployment has no bank matcher memory', async () => {
    // Prepare
    const { api } = testApi({}, keyRecord({ scopes: ['bank-rules:write'] }));
    // Act
    const response = await api.handle(request('GET', RULES));
    // Assess
    expect(response.statusCode).toBe(501);
    expect(parse(response.body).errors?.[0]?.rule).toBe('not-configured');
  });

  it('answers any text pattern and amount range with 201 or a 400 naming the condition, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[a-z()|*+?{}[\]\\\d,.^$-]{0,30}$/)),
        fc.option(fc.integer({ min: -10, max: 10_000 }), { nil: undefined }),
        fc.option(fc.integer({ min: -10, max: 10_000 }), { nil: undefined }),
        async (textRegex, amountMinCents, amountMaxCents) => {
          // Prepare: a fresh memory each time, so the rule limit never comes into it
          const { api } = rulesApi();
          // Act
          const response = await api.handle(
            request('POST', RULES, {
              conditions: { textRegex, amountMinCents, amountMaxCents },
              action: { ledgerAccount: '4940' },
            }),
          );
          // Assess
          expect([200, 201, 400]).toContain(response.statusCode);
          if (response.statusCode === 400) {
            for (const error of parse(response.body).errors ?? [])
              expect(String(error.path)).toMatch(/^conditions\./);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answers any JSON body for a rule or a deny-list with 200/201 or a problem naming path and rule, never 500', async () => {
    // Prepare
    const { api } = rulesApi();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'PUT'),
        fc.jsonValue({ maxDepth: 4 }),
        async (method, body) => {
          // Act
          const response = await api.handle(
            request(method, method === 'PUT' ? DENY : RULES, JSON.stringify(body)),
          );
          // Assess
          expect([200, 201, 400, 409]).toContain(response.statusCode);
          if (response.statusCode >= 400) {
            for (const error of parse(response.body).errors ?? []) {
              expect(typeof error.path).toBe('string');
              expect(typeof error.rule).toBe('string');
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
