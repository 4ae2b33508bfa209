// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OidcClient, TokenStore } from '../src/auth/index.ts';
import type { WebConfig } from '../src/config.ts';
import { Root } from '../src/root.tsx';
import { type Answer, type Call, fakeFetch, meFor } from './harness.tsx';

const config: WebConfig = {
  apiBase: '',
  issuer: 'http://127.0.0.1:3002',
  clientId: 'cashlink-web',
  redirectPath: '/auth/callback',
  locale: 'nl',
};

function setup(api: (call: Call) => Answer | undefined) {
  const navigations: string[] = [];
  const provider = fakeFetch((call) => {
    if (call.path === '/.well-known/openid-configuration') {
      return {
        status: 200,
        body: {
          authorization_endpoint: 'http://127.0.0.1:3002/authorize',
          token_endpoint: 'http://127.0.0.1:3002/token',
        },
      };
    }
    if (call.path === '/token')
      return { status: 200, body: { access_token: 'access-1', refresh_token: 'r', expires_in: 3600 } };
    return undefined;
  });
  const oidc = new OidcClient(config, new TokenStore(sessionStorage), {
    fetch: provider.fetch,
    storage: sessionStorage,
    navigate: (url) => navigations.push(url),
    origin: location.origin,
    now: () => Date.now(),
  });
  const backend = fakeFetch(api);
  return {
    oidc,
    navigations,
    backend,
    view: () => render(<Root config={config} oidc={oidc} locale="nl" fetch={backend.fetch} />),
  };
}

beforeEach(() => {
  sessionStorage.clear();
  history.replaceState(null, '', '/');
});
afterEach(cleanup);

describe('signing in', () => {
  it('shows Inloggen and goes to the provider with PKCE', async () => {
    // Prepare
    const { navigations, view } = setup(() => undefined);
    view();
    // Act
    fireEvent.click(await screen.findByRole('button', { name: 'Inloggen' }));
    // Assess
    await waitFor(() => expect(navigations).toHaveLength(1));
    expect(navigations[0]).toMatch(/^http:\/\/127\.0\.0\.1:3002\/authorize\?.*code_challenge_method=S256/);
    expect(document.querySelectorAll('h1')).toHaveLength(1);
  });

  it('completes the callback, strips the code from the address and opens the app', async () => {
    // Prepare
    const { oidc, navigations, backend, view } = setup((call) =>
      call.path === '/v1/app/me'
        ? { status: 200, body: meFor('bookkeeper') }
        : { status: 200, body: { connectors: [], deadLetters: 0, bookingsPerDay: [], items: [] } },
    );
    await oidc.signIn('/documenten');
    const state = new URL(navigations[0] ?? '').searchParams.get('state');
    history.replaceState(null, '', `/auth/callback?code=abc&state=${state}`);
    // Act
    view();
    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Documenten' })).toBeTruthy();
    expect(location.pathname + location.search).toBe('/documenten');
    expect(backend.calls[0]?.authorization).toBe('Bearer access-1');
    oidc.forget();
  });

  it('asks to sign in again when the API answers 401', async () => {
    // Prepare
    new TokenStore(sessionStorage).set({ accessToken: 'old', expiresAt: Date.now() + 3_600_000 });
    const { oidc, view } = setup(() => ({ status: 401, body: { title: 'Unauthorized' } }));
    // Act
    view();
    // Assess
    expect(await screen.findByText(/Je sessie is verlopen/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Inloggen' })).toBeTruthy();
    expect(oidc.isSignedIn()).toBe(false);
  });

  it('tells a user with no administration of this tenant so', async () => {
    // Prepare
    const outsider = { ...meFor('bookkeeper'), administrations: [] };
    new TokenStore(sessionStorage).set({ accessToken: 't', expiresAt: Date.now() + 3_600_000 });
    const { view } = setup((call) =>
      call.path === '/v1/app/me' ? { status: 200, body: outsider } : undefined,
    );
    // Act
    view();
    // Assess
    expect(await screen.findByText(/geen toegang tot een administratie/)).toBeTruthy();
  });
});
