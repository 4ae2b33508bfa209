import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HubIdentity, startHubIdentity } from '../../../hub/identity/index.ts';

export const WEB = 'http://127.0.0.1:3001';
export const REDIRECT = `${WEB}/auth/callback`;

/** A sign-in provider on a free port in a fresh state directory. */
export async function startIdentity(): Promise<{
  identity: HubIdentity;
  stateDir: string;
  cleanup: () => Promise<void>;
}> {
  const stateDir = mkdtempSync(join(tmpdir(), 'cashlink-identity-'));
  const identity = await startHubIdentity({
    stateDir,
    port: 0,
    administrations: ['DEMO'],
    region: 'eu-west-1',
    accessKeyId: 'test',
    env: {},
  });
  return {
    identity,
    stateDir,
    cleanup: async () => {
      await identity.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(issuer: string, params: Record<string, string | undefined>): string {
  const url = new URL(`${issuer}/authorize`);
  const all: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: 'cashlink-web',
    redirect_uri: REDIRECT,
    scope: 'openid email profile',
    state: 'st-1',
    code_challenge_method: 'S256',
    ...params,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** The hidden request id of a sign-in page. */
export function requestIdOf(page: string): string {
  const match = /name="request" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error('no request id on the page');
  return match[1];
}

export async function submitLogin(
  issuer: string,
  requestId: string,
  username: string,
  password: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${issuer}/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: requestId, username, password, ...extra }).toString(),
  });
}

export async function tokenRequest(issuer: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'cashlink-web', ...fields }).toString(),
  });
}

/** Signs `username` in through the form and answers the code (and the PKCE verifier used). */
export async function signInForCode(
  issuer: string,
  username: string,
  password = 'demo-wachtwoord',
): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkce();
  const page = await (await fetch(authorizeUrl(issuer, { code_challenge: challenge }))).text();
  const answer = await submitLogin(issuer, requestIdOf(page), username, password);
  const location = new URL(answer.headers.get('location') ?? '');
  const code = location.searchParams.get('code');
  if (answer.status !== 302 || !code) throw new Error(`sign-in failed: ${answer.status}`);
  return { code, verifier };
}
