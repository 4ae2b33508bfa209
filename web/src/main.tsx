import { render } from 'preact';
import './styles/app.css';
import './styles/layout.css';
import './styles/tables.css';
import { OidcClient, TokenStore } from './auth/index.ts';
import { loadConfig } from './config.ts';
import { interpolate, MESSAGES, storedLocale } from './i18n/index.ts';
import { Root } from './root.tsx';

async function boot(root: HTMLElement): Promise<void> {
  const fetchFn: typeof fetch = (input, init) => fetch(input, init);
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    config = await loadConfig(fetchFn);
  } catch (error) {
    const m = MESSAGES[storedLocale(undefined, globalThis.localStorage)];
    render(
      <main id="main" class="sign-in">
        <h1>{m.errors.title}</h1>
        <p role="alert">
          {interpolate(m.auth.configFailed, {
            reason: error instanceof Error ? error.message : String(error),
          })}
        </p>
      </main>,
      root,
    );
    return;
  }
  const locale = storedLocale(config.locale, globalThis.localStorage);
  document.documentElement.lang = locale;
  const oidc = new OidcClient(config, new TokenStore(globalThis.sessionStorage), {
    fetch: fetchFn,
    storage: globalThis.sessionStorage,
    navigate: (url) => location.assign(url),
    origin: location.origin,
    now: () => Date.now(),
  });
  render(<Root config={config} oidc={oidc} locale={locale} fetch={fetchFn} />, root);
}

const root = document.getElementById('app');
if (root) void boot(root);
