import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HubIdentity } from '../../../hub/identity/index.ts';
import {
  AppAuthenticationError,
  createAppTokenVerifier,
  createUserDirectory,
} from '../../../lib/identity/index.ts';
import {
  authorizeUrl,
  pkce,
  REDIRECT,
  requestIdOf,
  signInForCode,
  startIdentity,
  submitLogin,
  tokenRequest,
} from './identity-fixture.ts';

/** Key generation and scrypt take a while on a busy shared machine. */
const SLOW = { timeout: 30_000 };

let identity: HubIdentity;
let stateDir: string;
let cleanup: () => Promise<void>;
let issuer: string;

beforeAll(async () => {
  ({ identity, stateDir, cleanup } = await startIdentity());
  issuer = identity.issuer;
}, 30_000);
afterAll(() => cleanup());

function verifier() {
  return createAppTokenVerifier({ TENANT: 'demo', ...identity.environment });
}

describe('local OIDC provider: the code flow end to end', SLOW, () => {
  it('signs a bookkeeper in and the app verifier accepts the access token', async () => {
    // Prepare
    const { code, verifier: codeVerifier } = await signInForCode(issuer, 'boekhouder@demo.cashlink.local');

    // Act
    const answer = await tokenRequest(issuer, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: codeVerifier,
    });
    const tokens = (await answer.json()) as Record<string, string | number>;
    const user = await verifier().verify(`Bearer ${tokens.access_token}`);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(user).toMatchObject({
      username: 'boekhouder@demo.cashlink.local',
      email: 'boekhouder@demo.cashlink.local',
      role: 'bookkeeper',
      administrations: ['DEMO'],
      tenant: 'demo',
    });
    const idClaims = JSON.parse(
      Buffer.from(String(tokens.id_token).split('.')[1] ?? '', 'base64url').toString(),
    );
    expect(idClaims).toMatchObject({
      token_use: 'id',
      aud: 'cashlink-web',
      'cognito:groups': ['bookkeeper', 'adm:DEMO'],
    });
    // The id token is not accepted where an access token is required.
    await expect(verifier().verify(String(tokens.id_token))).rejects.toMatchObject({ reason: 'token_use' });
  });

  it('a code works once', async () => {
    // Prepare
    const { code, verifier: codeVerifier } = await signInForCode(issuer, 'lezer@demo.cashlink.local');
    const fields = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: codeVerifier,
    };
    await tokenRequest(issuer, fields);

    // Act
    const again = await tokenRequest(issuer, fields);

    // Assess
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a code_verifier that does not match (PKCE)', async () => {
    // Prepare
    const { code } = await signInForCode(issuer, 'lezer@demo.cashlink.local');

    // Act
    const answer = await tokenRequest(issuer, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: pkce().verifier,
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringMatching(/PKCE/),
    });
  });

  it('rotates refresh tokens and ends the sign-in when a rotated one comes back', async () => {
    // Prepare
    const { code, verifier: codeVerifier } = await signInForCode(issuer, 'beheer@demo.cashlink.local');
    const first = (await (
      await tokenRequest(issuer, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: codeVerifier,
      })
    ).json()) as { refresh_token: string };

    // Act
    const second = (await (
      await tokenRequest(issuer, { grant_type: 'refresh_token', refresh_token: first.refresh_token })
    ).json()) as { refresh_token: string; access_token: string };
    const replay = await tokenRequest(issuer, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    const afterReplay = await tokenRequest(issuer, {
      grant_type: 'refresh_token',
      refresh_token: second.refresh_token,
    });

    // Assess
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await verifier().verify(second.access_token)).administrations).toBe('*');
    expect(replay.status).toBe(400);
    expect(afterReplay.status).toBe(400);
  });

  it('serves discovery and the JWKS with CORS for the web origin', async () => {
    // Prepare
    const headers = { origin: 'http://127.0.0.1:3001' };

    // Act
    const discovery = await fetch(`${issuer}/.well-known/openid-configuration`, { headers });
    const jwks = (await (await fetch(`${issuer}/jwks.json`)).json()) as {
      keys: Array<{ kid: string; alg: string }>;
    };
    const foreign = await fetch(`${issuer}/jwks.json`, { headers: { origin: 'http://evil.example' } });

    // Assess
    expect(discovery.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3001');
    expect(await discovery.json()).toMatchObject({ issuer, code_challenge_methods_supported: ['S256'] });
    expect(jwks.keys[0]).toMatchObject({ alg: 'RS256' });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps the key and the users readable by the owner only', () => {
    // Prepare
    const dir = join(stateDir, 'identity');

    // Act
    const modes = ['signing-key.pem', 'users.json'].map((f) => statSync(join(dir, f)).mode & 0o777);

    // Assess
    expect(modes).toEqual([0o600, 0o600]);
  });
});

describe('local OIDC provider: refusals', SLOW, () => {
  it.each([
    { name: 'unregistered redirect_uri', params: { redirect_uri: 'http://127.0.0.1:9999/auth/callback' } },
    { name: 'unknown client_id', params: { client_id: 'someone-else' } },
  ])('shows an error page, no redirect, for $name', async ({ params }) => {
    // Prepare
    const url = authorizeUrl(issuer, { code_challenge: pkce().challenge, ...params });

    // Act
    const answer = await fetch(url, { redirect: 'manual' });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.headers.get('location')).toBeNull();
    expect(await answer.text()).not.toContain('name="password"');
  });

  it.each([
    { name: 'no code_challenge', params: { code_challenge: undefined }, error: 'invalid_request' },
    { name: 'plain PKCE', params: { code_challenge_method: 'plain' }, error: 'invalid_request' },
    { name: 'no state', params: { state: undefined }, error: 'invalid_request' },
    { name: 'implicit flow', params: { response_type: 'token' }, error: 'unsupported_response_type' },
    { name: 'unknown scope', params: { scope: 'openid admin' }, error: 'invalid_scope' },
  ])('redirects back with $error for $name', async ({ params, error }) => {
    // Prepare
    const url = authorizeUrl(issuer, { code_challenge: pkce().challenge, ...params });

    // Act
    const answer = await fetch(url, { redirect: 'manual' });

    // Assess
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('error')).toBe(error);
  });

  it('serves a CSP-clean Dutch form: no inline script or style', async () => {
    // Prepare
    const url = authorizeUrl(issuer, { code_challenge: pkce().challenge });

    // Act
    const answer = await fetch(url);
    const page = await answer.text();

    // Assess
    expect(answer.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(answer.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(page).toContain('lang="nl"');
    expect(page).not.toMatch(/<script|\sstyle=|<style|\son[a-z]+=/i);
    expect(page).toMatch(/<form method="post" action="\/authorize">/);
  });

  it('answers a wrong password and an unknown user alike, and limits attempts per user', async () => {
    // Prepare
    const page = await (await fetch(authorizeUrl(issuer, { code_challenge: pkce().challenge }))).text();
    const id = requestIdOf(page);

    // Act
    const wrong = await submitLogin(issuer, id, 'lezer@demo.cashlink.local', 'fout');
    const unknown = await submitLogin(issuer, id, 'niemand@demo.cashlink.local', 'fout');
    for (let i = 0; i < 9; i++) await submitLogin(issuer, id, 'lezer@demo.cashlink.local', 'fout');
    const limited = await submitLogin(issuer, id, 'lezer@demo.cashlink.local', 'demo-wachtwoord');
    const other = await submitLogin(issuer, id, 'boekhouder@demo.cashlink.local', 'demo-wachtwoord');

    // Assess
    const wrongText = await wrong.text();
    const unknownText = await unknown.text();
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrongText.replace(/value="[^"]*@[^"]*"/, '')).toBe(unknownText.replace(/value="[^"]*@[^"]*"/, ''));
    expect(limited.status).toBe(429);
    expect(await limited.text()).toMatch(/Te veel/);
    expect(other.status).toBe(302);
  });

  it('refuses a token whose groups were changed (signature)', async () => {
    // Prepare
    const { code, verifier: codeVerifier } = await signInForCode(issuer, 'buiten@demo.cashlink.local');
    const tokens = (await (
      await tokenRequest(issuer, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: codeVerifier,
      })
    ).json()) as { access_token: string };
    const [head, body, signature] = tokens.access_token.split('.');
    const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['operator'] })).toString(
      'base64url',
    );

    // Act
    const error = await verifier()
      .verify(`${head}.${forged}.${signature}`)
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AppAuthenticationError);
    expect((error as AppAuthenticationError).reason).toBe('signature');
  });

  it('asks a user with a temporary password for a new one, checks the policy, then signs in', async () => {
    // Prepare
    const directory = createUserDirectory({ ...identity.environment, AWS_REGION: 'eu-west-1' });
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    const created = await directory.create({
      email: 'tijdelijk@demo.cashlink.local',
      role: 'read-only',
      administrations: ['DEMO'],
      temporaryPassword: 'Tijdelijk-Wachtwoord-1',
    });
    vi.unstubAllEnvs();
    const { challenge } = pkce();
    const page = await (await fetch(authorizeUrl(issuer, { code_challenge: challenge }))).text();
    const id = requestIdOf(page);

    // Act
    const asked = await submitLogin(issuer, id, created.username, 'Tijdelijk-Wachtwoord-1');
    const weak = await submitLogin(issuer, id, created.username, 'Tijdelijk-Wachtwoord-1', {
      newPassword: 'zwak',
    });
    const chosen = await submitLogin(issuer, id, created.username, 'Tijdelijk-Wachtwoord-1', {
      newPassword: 'Nieuw-Sterk-Wachtwoord-2',
    });

    // Assess
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('name="newPassword"');
    expect(weak.status).toBe(400);
    expect(await weak.text()).toMatch(/minstens 12 tekens/);
    expect(chosen.status).toBe(302);
    expect(new URL(chosen.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();
    expect(await directory.get(created.username)).toMatchObject({ enabled: true });
  });

  it('answers userinfo for an access token and signs out only to a web origin', async () => {
    // Prepare
    const { code, verifier: codeVerifier } = await signInForCode(issuer, 'beheer@demo.cashlink.local');
    const tokens = (await (
      await tokenRequest(issuer, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: codeVerifier,
      })
    ).json()) as { access_token: string };

    // Act
    const info = await fetch(`${issuer}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    const anonymous = await fetch(`${issuer}/userinfo`);
    const home = await fetch(
      `${issuer}/logout?client_id=cashlink-web&logout_uri=${encodeURIComponent('http://127.0.0.1:3001/')}`,
      {
        redirect: 'manual',
      },
    );
    const elsewhere = await fetch(
      `${issuer}/logout?logout_uri=${encodeURIComponent('https://evil.example/')}`,
      {
        redirect: 'manual',
      },
    );

    // Assess
    expect(await info.json()).toMatchObject({ email: 'beheer@demo.cashlink.local', name: 'Demo beheerder' });
    expect(anonymous.status).toBe(401);
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('http://127.0.0.1:3001/');
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get('location')).toBeNull();
  });
});
