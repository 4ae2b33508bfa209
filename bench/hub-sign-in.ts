/**
 * A demo user signed in at the hub's sign-in provider (hub/identity) the way the web app does it: the
 * authorization code flow with PKCE S256 through the provider's login form, then `/token`. Answers the
 * access token the app sends as `Authorization: Bearer …`. Nothing is kept: the password is the demo one
 * (CASHLINK_DEMO_PASSWORD or the banner's default), the token lives in memory.
 */
import { createHash, randomBytes } from 'node:crypto';

const CLIENT_ID = 'cashlink-web';
/** The web app's callback the provider accepts when the hub runs without a web server of its own. */
const REDIRECT = 'http://127.0.0.1:3001/auth/callback';

export class HubSignInError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HubSignInError';
  }
}

export async function demoAccessToken(
  issuer: string,
  username: string,
  password = process.env.CASHLINK_DEMO_PASSWORD ?? 'demo-wachtwoord',
): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorize = new URL(`${issuer}/authorize`);
  for (const [name, value] of Object.entries({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT,
    scope: 'openid email profile',
    state: randomBytes(8).toString('hex'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }))
    authorize.searchParams.set(name, value);
  const page = await (await fetch(authorize)).text();
  const requestId = /name="request" value="([^"]+)"/.exec(page)?.[1];
  if (!requestId) throw new HubSignInError(`the sign-in page of ${issuer} has no request id`);
  const login = await fetch(`${issuer}/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: requestId, username, password }).toString(),
  });
  const code = new URL(login.headers.get('location') ?? '', issuer).searchParams.get('code');
  if (login.status !== 302 || !code) {
    throw new HubSignInError(`signing in ${JSON.stringify(username)} answered ${login.status}`);
  }
  const answer = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: CLIENT_ID,
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    }).toString(),
  });
  const tokens = (await answer.json().catch(() => ({}))) as { access_token?: unknown };
  if (typeof tokens.access_token !== 'string') {
    throw new HubSignInError(`the token endpoint of ${issuer} answered ${answer.status} without a token`);
  }
  return tokens.access_token;
}
