import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient, ApiError, type Me } from './api/index.ts';
import { App } from './app.tsx';
import type { OidcClient } from './auth/index.ts';
import type { WebConfig } from './config.ts';
import { interpolate, type Locale, MESSAGES } from './i18n/index.ts';
import { SignInPage } from './pages/sign-in-page.tsx';

type State =
  | { kind: 'starting' }
  | { kind: 'signed-out'; problem?: string }
  | { kind: 'ready'; me: Me }
  | { kind: 'refused'; rule: string }
  | { kind: 'broken'; message: string };

/** Sign-in (callback, session from before a reload, 401 → sign in again) and then the app. */
export function Root(props: { config: WebConfig; oidc: OidcClient; locale: Locale; fetch?: typeof fetch }) {
  const { config, oidc } = props;
  const m = MESSAGES[props.locale];
  const [state, setState] = useState<State>({ kind: 'starting' });
  const api = useMemo(
    () =>
      new ApiClient(
        config.apiBase,
        {
          accessToken: () => oidc.accessToken(),
          unauthorized: () => {
            oidc.forget();
            setState({ kind: 'signed-out', problem: m.auth.expired });
          },
        },
        props.fetch,
      ),
    [config, oidc, m, props.fetch],
  );

  useEffect(() => {
    const loadMe = async () => {
      try {
        const me = await api.get<Me>('/v1/app/me');
        setState({ kind: 'ready', me });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return; // unauthorized() said it already
        if (error instanceof ApiError && error.status === 403)
          setState({ kind: 'refused', rule: error.rule ?? 'role' });
        else setState({ kind: 'broken', message: error instanceof Error ? error.message : String(error) });
      }
    };
    const start = async () => {
      if (location.pathname === config.redirectPath) {
        try {
          const returnTo = await oidc.completeSignIn(location.href);
          history.replaceState(null, '', returnTo);
        } catch (error) {
          history.replaceState(null, '', '/');
          setState({ kind: 'signed-out', problem: error instanceof Error ? error.message : String(error) });
          return;
        }
        await loadMe();
        return;
      }
      if (!oidc.isSignedIn()) {
        setState({ kind: 'signed-out' });
        return;
      }
      oidc.resume();
      await loadMe();
    };
    void start();
  }, [api, oidc, config]);

  const signIn = () => {
    oidc.signIn(`${location.pathname}${location.search}`).catch((error: unknown) => {
      setState({ kind: 'signed-out', problem: error instanceof Error ? error.message : String(error) });
    });
  };

  switch (state.kind) {
    case 'starting':
      return (
        <main id="main" class="sign-in">
          <h1>{m.app.name}</h1>
          <p role="status">{m.auth.signingIn}</p>
        </main>
      );
    case 'signed-out':
      return <SignInPage m={m} onSignIn={signIn} problem={state.problem} />;
    case 'refused':
      return (
        <main id="main" class="sign-in">
          <h1>{m.auth.noAccess}</h1>
          <p>{interpolate(m.auth.noAccessText, { rule: state.rule })}</p>
          <button type="button" class="button-secondary" onClick={() => void oidc.signOut()}>
            {m.auth.signOut}
          </button>
        </main>
      );
    case 'broken':
      return (
        <main id="main" class="sign-in">
          <h1>{m.errors.title}</h1>
          <p role="alert">{state.message}</p>
          <button type="button" class="button-secondary" onClick={() => location.reload()}>
            {m.app.retry}
          </button>
        </main>
      );
    case 'ready':
      return <App api={api} me={state.me} locale={props.locale} signOut={() => void oidc.signOut()} />;
  }
}
