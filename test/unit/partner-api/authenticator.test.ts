import { describe, expect, it } from 'vitest';
import { Authenticator, HttpProblem, secretDigest, signRequest } from '../../../lib/partner-api/index.ts';
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
  const authenticator = (record = keyRecord()) =>
    new Authenticator(new InMemoryKeys(record), TENANT, () => NOW);

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
    const timestamp = String(NOW.getTime() / 1000);
    const request = {
      method: 'POST',
      path: '/v1/events',
      body: '{}',
      headers: {
        'x-cashlink-key-id': 'ffffffffffff',
        'x-cashlink-timestamp': timestamp,
        'x-cashlink-signature': signRequest(secretDigest(KEY.secret), timestamp, '{}'),
      },
    };
    // Act & Assess
    expect(await ruleOf(authenticator().authenticate(request))).toBe('signature');
  });

  it('refuses a signed request missing one of the three headers', async () => {
    // Prepare
    const signed = signedRequest('POST', '/v1/events', '{}');
    const { 'x-cashlink-timestamp': _dropped, ...headers } = signed.headers;
    // Act & Assess
    expect(await ruleOf(authenticator().authenticate({ ...signed, headers }))).toBe('signature-headers');
  });

  it('accepts only signatures where bearer keys are not allowed', async () => {
    // Act & Assess
    expect(await ruleOf(authenticator().authenticate(plain({ 'x-api-key': API_KEY }), ['hmac']))).toBe(
      'signature-required',
    );
  });
});
