import { describe, expect, it } from 'vitest';
import { AuthError, OidcClient, s256Challenge, safeReturnPath, TokenStore } from '../src/auth/index.ts';
import { fakeFetch } from './harness.tsx';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const ISSUER = 'http://127.0.0.1:3002';
const DISCOVERY = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  end_session_endpoint: `${ISSUER}/logout`,
};

function setup(
  tokenAnswer: (form: URLSearchParams) => { status: number; body: unknown } = () => ({
    status: 200,
    body: { access_token: 'access-1', id_token: 'id-1', refresh_token: 'refresh-1', expires_in: 3600 },
  }),
) {
  const storage = new MemoryStorage();
  const navigations: string[] = [];
  const forms: URLSearchParams[] = [];
  let now = 1_000_000;
  const fake = fakeFetch((call) => {
    if (call.path === '/.well-known/openid-configuration') return { status: 200, body: DISCOVERY };
    return undefined;
  });
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input).endsWith('/token')) {
      const form = new URLSearchParams(String(init?.body));
      forms.push(form);
      const answer = tokenAnswer(form);
      return new Response(JSON.stringify(answer.body), { status: answer.status });
    }
    return fake.fetch(input, init);
  }) as typeof fetch;
  const tokens = new TokenStore(storage);
  const client = new OidcClient(
    { issuer: ISSUER, clientId: 'cashlink-web', redirectPath: '/auth/callback' },
    tokens,
    {
      fetch: fetchFn,
      storage,
      navigate: (url) => navigations.push(url),
      origin: 'http://127.0.0.1:3001',
      now: () => now,
    },
  );
  return { client, storage, navigations, forms, tokens, advance: (ms: number) => (now += ms) };
}

describe('PKCE', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', async () => {
    // Prepare / Act
    const challenge = await s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    // Assess
    expect(challenge).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
});

describe('OidcClient', () => {
  it('signs in with the authorization code and PKCE S256, tokens never in the URL', async () => {
    // Prepare
    const { client, navigations, forms, tokens } = setup();
    // Act
    await client.signIn('/documenten?q=jansen');
    const authorize = new URL(navigations[0] ?? '');
    const state = authorize.searchParams.get('state') ?? '';
    const returnTo = await client.completeSignIn(
      `http://127.0.0.1:3001/auth/callback?code=abc&state=${state}`,
    );
    // Assess
    expect(authorize.origin + authorize.pathname).toBe(`${ISSUER}/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:3001/auth/callback');
    expect(authorize.searchParams.get('client_id')).toBe('cashlink-web');
    expect(returnTo).toBe('/documenten?q=jansen');
    const form = forms[0];
    expect(form?.get('grant_type')).toBe('authorization_code');
    expect(await s256Challenge(form?.get('code_verifier') ?? '')).toBe(
      authorize.searchParams.get('code_challenge'),
    );
    expect(tokens.get()?.accessToken).toBe('access-1');
    expect(await client.accessToken()).toBe('access-1');
  });

  it('refuses a callback whose state does not match', async () => {
    // Prepare
    const { client } = setup();
    await client.signIn('/');
    // Act
    const attempt = client.completeSignIn('http://127.0.0.1:3001/auth/callback?code=abc&state=forged');
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(AuthError);
    await expect(attempt).rejects.toMatchObject({ code: 'state-mismatch' });
  });

  it('says the provider error of the callback', async () => {
    // Prepare
    const { client } = setup();
    // Act / Assess
    await expect(
      client.completeSignIn('http://127.0.0.1:3001/auth/callback?error=access_denied'),
    ).rejects.toMatchObject({
      code: 'access_denied',
    });
  });

  it('refreshes a token that expires within a minute, and forgets all when refresh is refused', async () => {
    // Prepare
    let refusals = false;
    const { client, navigations, forms, advance } = setup((form) =>
      form.get('grant_type') === 'refresh_token' && refusals
        ? { status: 400, body: { error: 'invalid_grant' } }
        : {
            status: 200,
            body: {
              access_token: `access-${forms.length}`,
              expires_in: 300,
              ...(form.get('grant_type') === 'authorization_code' ? { refresh_token: 'r' } : {}),
            },
          },
    );
    await client.signIn('/');
    const state = new URL(navigations[0] ?? '').searchParams.get('state');
    await client.completeSignIn(`http://127.0.0.1:3001/auth/callback?code=c&state=${state}`);
    // Act
    advance(250_000);
    const refreshed = await client.accessToken();
    refusals = true;
    advance(250_000);
    const afterRefusal = await client.accessToken();
    // Assess
    expect(refreshed).toBe('access-2');
    expect(forms[1]?.get('refresh_token')).toBe('r');
    expect(afterRefusal).toBeUndefined();
    expect(client.isSignedIn()).toBe(false);
    client.forget();
  });

  it('signs out at the end-session endpoint without a token in the URL', async () => {
    // Prepare
    const { client, navigations, tokens } = setup();
    tokens.set({ accessToken: 'a', idToken: 'secret-id-token', expiresAt: Date.now() + 60_000 });
    // Act
    await client.signOut();
    // Assess
    expect(navigations.at(-1)).toContain(`${ISSUER}/logout`);
    expect(navigations.at(-1)).not.toContain('secret-id-token');
    expect(tokens.get()).toBeUndefined();
  });

  it.each([
    ['/runs', '/runs'],
    ['//evil.example/x', '/'],
    ['https://evil.example', '/'],
    ['/\\evil', '/'],
  ])('returns only to a path on this origin: %s → %s', (input, expected) => {
    // Prepare / Act / Assess
    expect(safeReturnPath(input)).toBe(expected);
  });
});
