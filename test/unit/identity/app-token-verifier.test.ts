import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningKey } from '../../../hub/identity/signing-key.ts';
import {
  AppAuthenticationError,
  createAppTokenVerifier,
  IdentityConfigError,
  JwtAppTokenVerifier,
  localVerifier,
} from '../../../lib/identity/index.ts';

const ISSUER = 'http://127.0.0.1:9/identity';
const JWKS_URI = `${ISSUER}/jwks.json`;
const CLIENT_ID = 'cashlink-web';

const key = SigningKey.generate();
const other = SigningKey.generate();
const now = () => Math.floor(Date.now() / 1000);

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'sub-1',
    iss: ISSUER,
    client_id: CLIENT_ID,
    token_use: 'access',
    username: 'lezer@demo.cashlink.local',
    'cognito:groups': ['read-only', 'adm:DEMO'],
    iat: now(),
    exp: now() + 3600,
    ...overrides,
  };
}

function verifier(): JwtAppTokenVerifier {
  const jwt = localVerifier({ issuer: ISSUER, jwksUri: JWKS_URI, clientId: CLIENT_ID });
  jwt.cacheJwks(key.jwks());
  return new JwtAppTokenVerifier(jwt, 'demo');
}

async function reasonOf(token: string): Promise<string> {
  try {
    await verifier().verify(`Bearer ${token}`);
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(AppAuthenticationError);
    return (error as AppAuthenticationError).reason;
  }
}

function tamper(token: string): string {
  const [head, , signature] = token.split('.');
  const body = Buffer.from(JSON.stringify(claims({ 'cognito:groups': ['operator'] }))).toString('base64url');
  return `${head}.${body}.${signature}`;
}

describe('AppTokenVerifier (local RS256 issuer)', () => {
  it('accepts an access token of the client and maps its groups', async () => {
    // Prepare
    const token = key.sign(claims());

    // Act
    const user = await verifier().verify(`Bearer ${token}`);

    // Assess
    expect(user).toMatchObject({ id: 'sub-1', role: 'read-only', administrations: ['DEMO'], tenant: 'demo' });
  });

  it.each([
    { name: 'expired', token: () => key.sign(claims({ exp: now() - 10 })), reason: 'expired' },
    {
      name: 'wrong issuer',
      token: () => key.sign(claims({ iss: 'http://127.0.0.1:9/other' })),
      reason: 'issuer',
    },
    { name: 'other key, same kid', token: () => other.sign(claims(), { kid: key.kid }), reason: 'signature' },
    { name: 'tampered payload', token: () => tamper(key.sign(claims())), reason: 'signature' },
    {
      name: 'id token',
      token: () => key.sign(claims({ token_use: 'id', aud: CLIENT_ID })),
      reason: 'token_use',
    },
    { name: 'other client', token: () => key.sign(claims({ client_id: 'other-app' })), reason: 'client_id' },
    {
      name: 'no role group',
      token: () => key.sign(claims({ 'cognito:groups': ['adm:DEMO'] })),
      reason: 'no-role',
    },
    { name: 'not a JWT', token: () => 'clk_abc_def', reason: 'malformed' },
    { name: 'empty', token: () => '', reason: 'missing' },
  ])('refuses $name ($reason)', async ({ token, reason }) => {
    // Prepare
    const bearer = token();

    // Act
    const found = await reasonOf(bearer);

    // Assess
    expect(found).toBe(reason);
  });

  it('keeps the library error as cause', async () => {
    // Prepare
    const token = key.sign(claims({ exp: now() - 10 }));

    // Act
    const error = await verifier()
      .verify(token)
      .catch((e: unknown) => e);

    // Assess
    expect((error as AppAuthenticationError).cause).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/expired/);
  });
});

describe('createAppTokenVerifier', () => {
  it('names the missing variable', () => {
    // Prepare
    const env = { TENANT: 'demo' };

    // Act
    const act = () => createAppTokenVerifier(env);

    // Assess
    expect(act).toThrow(IdentityConfigError);
    expect(act).toThrow(/APP_CLIENT_ID/);
  });

  it('builds a Cognito verifier from the pool id', () => {
    // Prepare
    const env = { TENANT: 'demo', APP_USER_POOL_ID: 'eu-west-1_abcdefghi', APP_CLIENT_ID: 'client' };

    // Act
    const made = createAppTokenVerifier(env);

    // Assess
    expect(made).toBeInstanceOf(JwtAppTokenVerifier);
  });

  describe('against a JWKS served on 127.0.0.1', () => {
    let server: import('node:http').Server;
    let issuer = '';
    beforeAll(async () => {
      const { createServer } = await import('node:http');
      server = createServer((req, res) => {
        res.writeHead(req.url === '/jwks.json' ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(key.jwks()));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address() as import('node:net').AddressInfo;
      issuer = `http://127.0.0.1:${address.port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fetches the keys over plain HTTP on loopback', async () => {
      // Prepare
      const made = createAppTokenVerifier({
        TENANT: 'demo',
        APP_CLIENT_ID: CLIENT_ID,
        APP_TOKEN_ISSUER: issuer,
        APP_JWKS_URI: `${issuer}/jwks.json`,
      });
      const token = key.sign(claims({ iss: issuer, 'cognito:groups': ['operator'] }));

      // Act
      const user = await made.verify(token);

      // Assess
      expect(user.role).toBe('operator');
      expect(user.administrations).toBe('*');
    });

    it('refuses a kid the JWKS does not have (kid), after fetching it again', async () => {
      // Prepare
      const made = createAppTokenVerifier({
        TENANT: 'demo',
        APP_CLIENT_ID: CLIENT_ID,
        APP_TOKEN_ISSUER: issuer,
        APP_JWKS_URI: `${issuer}/jwks.json`,
      });
      const token = key.sign(claims({ iss: issuer }), { kid: 'not-a-key' });

      // Act
      const error = await made.verify(token).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(AppAuthenticationError);
      expect((error as AppAuthenticationError).reason).toBe('kid');
    });

    it('refuses when the keys cannot be fetched (jwks-unavailable)', async () => {
      // Prepare
      const made = createAppTokenVerifier({
        TENANT: 'demo',
        APP_CLIENT_ID: CLIENT_ID,
        APP_TOKEN_ISSUER: issuer,
        APP_JWKS_URI: `${issuer}/missing.json`,
      });

      // Act
      const error = await made.verify(key.sign(claims({ iss: issuer }))).catch((e: unknown) => e);

      // Assess
      expect((error as AppAuthenticationError).reason).toBe('jwks-unavailable');
    });
  });
});
