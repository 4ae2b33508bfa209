import { describe, expect, it } from 'vitest';
import {
  Authenticator,
  HttpProblem,
  InMemoryNonceStore,
  type NonceStore,
  secretDigest,
  signedRequestHeaders,
  signingKeyOf,
} from '../../../lib/partner-api/index.ts';
import { API_KEY, InMemoryKeys, KEY, keyRecord, NOW, signedRequest, TENANT } from './fixtures.ts';

const plain = (headers: Record<string, string>) => ({
  method: 'GET',
  path: '/v1/documents/x',
  headers,
  body: '',
});

async function ruleOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(HttpProblem);
    expect((error as HttpProblem).status).toBe(401);
    return (error as HttpProblem).errors[0]?.rule;
  }
}

describe('Class: Authenticator', () => {
  const authenticator = (record = keyRecord(), nonces: NonceStore = new InMemoryNonceStore(() => NOW)) =>
    new Authenticator(new InMemoryKeys(record), TENANT, nonces, () => NOW);

  it.each([
    ['Authorization: Bearer', { authorization: `Bearer ${API_KEY}` }],
    ['Authorization: bearer (any case)', { authorization: `bearer ${API_KEY}` }],
    ['x-api-key', { 'x-api-key': API_KEY }],
  ])('accepts the key in %s and returns its grants without the digest', async (_name, headers) => {
    // Act
    const identity = await authenticator().authenticate(plain(headers));
    // Assess
    expect(identity).toMatchObject({ id: KEY.id, method: 'bearer', administrations: ['DEMO'] });
    expect(identity).not.toHaveProperty('secretDigest');
    expect(identity).not.toHaveProperty('signingKey');
  });

  it('accepts a signed request', async () => {
    // Act
    const identity = await authenticator().authenticate(signedRequest('POST', '/v1/events', '{"a":1}'));
    // Assess
    expect(identity.method).toBe('hmac');
  });

  it.each([
    ['no credentials', {}, 'credentials-required'],
    ['a malformed key', { authorization: 'Bearer hello' }, 'api-key-format'],
    ['a wrong secret', { authorization: `Bearer clk_${KEY.id}_${'cd'.repeat(32)}` }, 'api-key-unknown'],
    ['an unknown id', { 'x-api-key': `clk_ffffffffffff_${KEY.secret}` }, 'api-key-unknown'],
    ['Basic credentials', { authorization: 'Basic dXNlcjpwYXNz' }, 'api-key-format'],
  ])('refuses %s with 401', async (_name, headers, rule) => {
    // Act & Assess
    expect(await ruleOf(authenticator().authenticate(plain(headers)))).toBe(rule);
  });

  it('refuses a revoked key and a key recorded for another tenant', async () => {
    // Act & Assess
    expect(
      await ruleOf(
        authenticator(keyRecord({ revokedAt: '2026-02-01T00:00:00Z' })).authenticate(
          plain({ 'x-api-key': API_KEY }),
        ),
      ),
    ).toBe('api-key-revoked');
    expect(
      await ruleOf(
        authenticator(keyRecord({ tenant: 'rival' })).authenticate(plain({ 'x-api-key': API_KEY })),
      ),
    ).toBe('api-key-unknown');
  });

  it('refuses a replayed signed request from more than five minutes ago', async () => {
    // Prepare
    const old = signedRequest('POST', '/v1/events', '{}', new Date(NOW.getTime() - 301_000));
    // Act & Assess
    expect(await ruleOf(authenticator().authenticate(old))).toBe('replay-window');
  });

  it('refuses a signature for an unknown key id the same way as a wrong signature', async () => {
    // Prepare
    const headers = signedRequestHeaders({
      keyId: 'ffffffffffff',
      signingKey: signingKeyOf(KEY.secret),
      method: 'POST',
      path: '/v1/events',
      body: '{}',
      now: NOW,
    });
    const request = { method: 'POST', path: '/v1/events', body: '{}', headers };
    // Act & Assess
    expect(await ruleOf(authenticator().authenticate(request))).toBe('signature');
  });

  it('refuses a request signed with the stored bearer digest: who reads the key table cannot sign (10.3)', async () => {
    // Prepare
    const headers = signedRequestHeaders({
      keyId: KEY.id,
      signingKey: secretDigest(KEY.secret),
      method: 'GET',
      path: '/v1/documents/x',
      now: NOW,
    });
    // Act & Assess
    expect(await ruleOf(authenticator().authenticate({ ...plain(headers) }))).toBe('signature');
  });

  it('refuses signed requests for a key made before signing keys existed', async () => {
    // Prepare
    const { signingKey: _none, ...legacy } = keyRecord();
    // Act & Assess
    expect(await ruleOf(authenticator(legacy).authenticate(signedRequest('POST', '/v1/events', '{}')))).toBe(
      'signature',
    );
  });

  it('accepts a signed request once: the same nonce again is refused, also on another authenticator (10.2)', async () => {
    // Prepare
    const nonces = new InMemoryNonceStore(() => NOW);
    const signed = signedRequest('GET', '/v1/administrations/DEMO/bank-rules/r1', '');
    // Act
    const first = await authenticator(keyRecord(), nonces).authenticate(signed);
    const again = await ruleOf(authenticator(keyRecord(), nonces).authenticate(signed));
    // Assess
    expect(first.method).toBe('hmac');
    expect(again).toBe('nonce-replayed');
  });

  it.each([
    ['method', { method: 'DELETE' }],
    ['path', { path: '/v1/administrations/DEMO/bank-rules/r2' }],
    ['query', { query: { origin: 'user' } }],
    ['body', { body: '{"x":1}' }],
  ])('refuses a captured signed GET replayed with another %s (10.2)', async (_what, change) => {
    // Prepare
    const signed = signedRequest('GET', '/v1/administrations/DEMO/bank-rules/r1', '');
    // Act & Assess
    expect(await ruleOf(authenticator().authenticate({ ...signed, ...change }))).toBe('signature');
  });

  it('takes no nonce for a signature that fails, so nobody can spend another key’s nonces', async () => {
    // Prepare
    const claimed: string[] = [];
    const nonces: NonceStore = {
      claim: async (_keyId, nonce) => {
        claimed.push(nonce);
        return true;
      },
    };
    const signed = signedRequest('POST', '/v1/events', '{}');
    // Act
    await ruleOf(authenticator(keyRecord(), nonces).authenticate({ ...signed, body: '{"y":2}' }));
    // Assess
    expect(claimed).toEqual([]);
  });

  it.each(['x-cashlink-timestamp', 'x-cashlink-nonce'])(
    'refuses a signed request without %s',
    async (dropped) => {
      // Prepare
      const signed = signedRequest('POST', '/v1/events', '{}');
      const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== dropped));
      // Act & Assess
      expect(await ruleOf(authenticator().authenticate({ ...signed, headers }))).toBe('signature-headers');
    },
  );

  it('accepts only signatures where bearer keys are not allowed', async () => {
    // Act & Assess
    expect(await ruleOf(authenticator().authenticate(plain({ 'x-api-key': API_KEY }), ['hmac']))).toBe(
      'signature-required',
    );
  });
});
