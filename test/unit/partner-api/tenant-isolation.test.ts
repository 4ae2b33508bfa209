import { describe, expect, it } from 'vitest';
import { emptyMemory, type MatchMemory } from '../../../lib/bank/matching/index.ts';
import type { VersionedMemory } from '../../../lib/bank/stores/index.ts';
import {
  type ApiKeyRecord,
  Authenticator,
  BankRuleStore,
  type CorrectionLearner,
  formatApiKey,
  type HttpResponse,
  InMemoryNonceStore,
  MAX_QUOTED_LENGTH,
  secretDigest,
  signingKeyOf,
  type VersionedMemoryStore,
} from '../../../lib/partner-api/index.ts';
import {
  InMemoryKeys,
  KEY,
  keyRecord,
  memo,
  NOW,
  request,
  signedRequest,
  TENANT,
  testApi,
} from './fixtures.ts';

/**
 * Tenant A (`acme`) has administrations DEMO and OTHER; the key is granted DEMO only. Whatever it asks
 * about OTHER, another tenant or something that does not exist, it gets the same answer through the same
 * code path, and nothing is read from or written to what is not its own.
 */

const NOT_GRANTED = 'OTHER';
const ABSENT = 'ELSEWHERE';
const MALFORMED = 'no%20such';

/** Memory reads and writes per administration, to show nothing of another administration is touched. */
class WatchedMemory implements VersionedMemoryStore {
  readonly touched: string[] = [];
  async load(administration: string): Promise<VersionedMemory> {
    this.touched.push(administration);
    return { memory: emptyMemory(), version: 0 };
  }
  async save(administration: string, _memory: MatchMemory, expectedVersion: number): Promise<number> {
    this.touched.push(administration);
    return expectedVersion + 1;
  }
}

/** Keys by id, counting lookups: an unknown id and a foreign one take the same lookup. */
class CountingKeys extends InMemoryKeys {
  lookups = 0;
  override async get(id: string): Promise<ApiKeyRecord | undefined> {
    this.lookups++;
    return super.get(id);
  }
}

function isolatedApi(...records: ApiKeyRecord[]) {
  const memory = new WatchedMemory();
  const learned: string[] = [];
  const learner: CorrectionLearner = {
    learn: async (record) => {
      learned.push(record.documentId);
      return undefined;
    },
  };
  const test = testApi(
    { bankRules: new BankRuleStore(memory), learners: [learner] },
    ...(records.length > 0
      ? records
      : [keyRecord({ scopes: ['bank-rules:write'], rateLimitPerMinute: 100_000 })]),
  );
  return { ...test, memory, learned };
}

/** Status, headers that matter and the problem document with the probed value replaced, for comparing. */
function shape(response: HttpResponse, probed: string) {
  const body = response.body
    .split(probed)
    .join('<probed>')
    .split(decodeURIComponent(probed))
    .join('<probed>');
  const { 'www-authenticate': challenge, 'content-type': type } = response.headers;
  return { status: response.statusCode, challenge, type, body: JSON.parse(body) as unknown };
}

const rule = { conditions: { textContains: 'huur' }, action: { ledgerAccount: '4300' } };
const ADMINISTRATION_ROUTES: [string, string, (adm: string) => string, unknown][] = [
  ['list rules', 'GET', (adm) => `/v1/administrations/${adm}/bank-rules`, undefined],
  ['create a rule', 'POST', (adm) => `/v1/administrations/${adm}/bank-rules`, rule],
  ['read a rule', 'GET', (adm) => `/v1/administrations/${adm}/bank-rules/r1`, undefined],
  ['delete a rule', 'DELETE', (adm) => `/v1/administrations/${adm}/bank-rules/r1`, undefined],
  ['accept a rule', 'POST', (adm) => `/v1/administrations/${adm}/bank-rules/r1/accept`, undefined],
  ['read the deny-list', 'GET', (adm) => `/v1/administrations/${adm}/bank-deny-list`, undefined],
  ['replace the deny-list', 'PUT', (adm) => `/v1/administrations/${adm}/bank-deny-list`, { ibans: [] }],
  ['add to the deny-list', 'POST', (adm) => `/v1/administrations/${adm}/bank-deny-list`, { ibans: [] }],
];

describe('Tenant isolation: administrations (10.6)', () => {
  it.each(ADMINISTRATION_ROUTES)(
    '%s: another administration of A, one of no tenant and a malformed code get one 403, nothing touched',
    async (_name, method, path, body) => {
      // Prepare
      const { api, memory } = isolatedApi();
      // Act
      const answers = await Promise.all(
        [NOT_GRANTED, ABSENT, MALFORMED].map(async (adm) =>
          shape(await api.handle(request(method, path(adm), body)), adm),
        ),
      );
      // Assess
      expect(answers[0]).toMatchObject({ status: 403, type: 'application/problem+json' });
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
      expect(memory.touched).toEqual([]);
    },
  );

  it('quotes a long administration or document id back cut to MAX_QUOTED_LENGTH characters', async () => {
    // Prepare
    const { api } = isolatedApi();
    const long = 'A'.repeat(5_000);
    // Act
    const responses = [
      await api.handle(request('GET', `/v1/administrations/${long}/bank-rules`)),
      await api.handle(request('GET', `/v1/documents/${long}`)),
    ];
    // Assess
    expect(responses.map((response) => response.statusCode)).toEqual([403, 404]);
    for (const response of responses) {
      const problem = JSON.parse(response.body) as { detail: string; errors: { value: string }[] };
      expect(problem.detail.length).toBeLessThan(MAX_QUOTED_LENGTH + 60);
      expect(problem.errors[0]?.value).toHaveLength(MAX_QUOTED_LENGTH);
    }
  });

  it('POST /v1/events: an event for OTHER and one for an administration of no tenant get one 403, none queued', async () => {
    // Prepare
    const { api, documents } = isolatedApi();
    // Act
    const [notGranted, absent] = await Promise.all(
      [NOT_GRANTED, ABSENT].map(async (adm) =>
        shape(await api.handle(request('POST', '/v1/events', memo('iso-1', 100, adm))), adm),
      ),
    );
    // Assess
    expect(notGranted).toMatchObject({ status: 403 });
    expect(JSON.stringify(absent).replace(/evt_[0-9a-f]+/g, '')).toBe(
      JSON.stringify(notGranted).replace(/evt_[0-9a-f]+/g, ''),
    );
    expect(documents.published).toEqual([]);
  });

  it('POST /v1/corrections of a bank line: OTHER and an absent administration get one 403, nothing learned or stored', async () => {
    // Prepare
    const { api, corrections, learned } = isolatedApi();
    const correction = (administration: string) => ({
      kind: 'bank-match',
      administration,
      importId: 'imp-9',
      decision: 'correct',
      relationNumber: '10001',
    });
    // Act
    const [notGranted, absent] = await Promise.all(
      [NOT_GRANTED, ABSENT].map(async (adm) =>
        shape(await api.handle(request('POST', '/v1/corrections', correction(adm))), adm),
      ),
    );
    // Assess
    expect(notGranted).toMatchObject({ status: 403 });
    expect(absent).toEqual(notGranted);
    expect([corrections.records, learned]).toEqual([[], []]);
  });
});

describe('Tenant isolation: documents (10.6)', () => {
  it('GET a document of OTHER, of tenant B or that does not exist: one 404, each looked up the same way', async () => {
    // Prepare
    const { api, documents } = isolatedApi();
    const other = documents.put(memo('iso-other', 100, NOT_GRANTED), 'booked');
    const rival = documents.put(
      { ...memo('iso-rival'), tenant: 'rival', id: 'evt_0000000000000000000000000000bbbb' },
      'booked',
    );
    const absent = 'evt_00000000000000000000000000000000';
    const lookups: string[] = [];
    const get = documents.get.bind(documents);
    documents.get = async (id) => {
      lookups.push(id);
      return get(id);
    };
    // Act
    const answers = await Promise.all(
      [other.id, rival.id, absent].map(async (id) =>
        shape(await api.handle(request('GET', `/v1/documents/${id}`)), id),
      ),
    );
    // Assess
    expect(answers[0]).toMatchObject({ status: 404 });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(lookups).toEqual([other.id, rival.id, absent]);
  });

  it('a correction of an invoice of OTHER or of none: one 404, nothing learned or stored', async () => {
    // Prepare
    const { api, documents, corrections, learned } = isolatedApi();
    const other = documents.put(memo('iso-inv', 100, NOT_GRANTED), 'booked');
    const absent = 'evt_00000000000000000000000000000000';
    const correction = (documentId: string) => ({
      kind: 'invoice-ledger',
      documentId,
      ledgerAccount: '4300',
    });
    // Act
    const answers = await Promise.all(
      [other.id, absent].map(async (id) =>
        shape(await api.handle(request('POST', '/v1/corrections', correction(id))), id),
      ),
    );
    // Assess
    expect(answers[0]).toMatchObject({ status: 404 });
    expect(answers[1]).toEqual(answers[0]);
    expect([corrections.records, learned]).toEqual([[], []]);
  });
});

describe('Tenant isolation: keys (10.6)', () => {
  const rivalKey = { id: 'b1b2c3d4e5f6', secret: 'cd'.repeat(32) };
  const rivalRecord = keyRecord({
    id: rivalKey.id,
    tenant: 'rival',
    secretDigest: secretDigest(rivalKey.secret),
    signingKey: signingKeyOf(rivalKey.secret),
  });
  const absentKey = { id: 'c1c2c3d4e5f6', secret: 'ef'.repeat(32) };

  it('a key of tenant B, an unknown key and a wrong secret get one 401, each after one lookup', async () => {
    // Prepare
    const keys = new CountingKeys(keyRecord(), rivalRecord);
    const authenticator = new Authenticator(keys, TENANT, new InMemoryNonceStore(() => NOW), () => NOW);
    const { api } = testApi({ authenticator });
    const probes = [
      formatApiKey(rivalKey),
      formatApiKey(absentKey),
      formatApiKey({ id: KEY.id, secret: 'ff'.repeat(32) }),
    ];
    // Act
    const answers = await Promise.all(
      probes.map(async (key) =>
        shape(
          await api.handle(
            request('GET', '/v1/documents/evt_1', undefined, { authorization: `Bearer ${key}` }),
          ),
          key,
        ),
      ),
    );
    // Assess
    expect(answers[0]).toMatchObject({ status: 401, challenge: expect.stringContaining('Bearer') });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(keys.lookups).toBe(3);
  });

  it('a request signed by a key of tenant B and one by an unknown key get one 401', async () => {
    // Prepare
    const { api } = testApi({}, keyRecord(), rivalRecord);
    // Act
    const answers = await Promise.all(
      [rivalKey, absentKey].map(async (key) =>
        shape(await api.handle(signedRequest('GET', '/v1/documents/evt_1', '', NOW, undefined, key)), key.id),
      ),
    );
    // Assess
    expect(answers[0]).toMatchObject({ status: 401 });
    expect(answers[1]).toEqual(answers[0]);
  });
});
