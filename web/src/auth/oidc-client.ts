import { AuthError } from './auth-error.ts';
import { randomUrlSafe, s256Challenge } from './pkce.ts';
import type { TokenSet, TokenStore } from './token-store.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Path of the callback on this app's origin, e.g. `/auth/callback`. */
  redirectPath: string;
}

export interface OidcEnvironment {
  fetch: typeof fetch;
  /** Where the pending sign-in (verifier, state) waits for the callback: sessionStorage. */
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Leaves the app for the provider (`location.assign`). */
  navigate(url: string): void;
  origin: string;
  now(): number;
  crypto?: Crypto;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

interface PendingSignIn {
  verifier: string;
  state: string;
  returnTo: string;
}

const PENDING_KEY = 'cashlink.signin';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * OpenID Connect authorization code flow with PKCE S256 for a public browser client: Amazon Cognito's
 * hosted UI in AWS, the hub's local provider on one machine. Endpoints come from the issuer's discovery.
 */
export class OidcClient {
  #discovery: Promise<Discovery> | undefined;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #refreshing: Promise<TokenSet | undefined> | undefined;

  constructor(
    private readonly settings: OidcSettings,
    private readonly tokens: TokenStore,
    private readonly env: OidcEnvironment,
  ) {}

  get redirectUri(): string {
    return `${this.env.origin}${this.settings.redirectPath}`;
  }

  isSignedIn(): boolean {
    const tokens = this.tokens.get();
    return tokens !== undefined && (tokens.expiresAt > this.env.now() || tokens.refreshToken !== undefined);
  }

  /** Goes to the provider's sign-in page; back on `redirectPath`, `completeSignIn` finishes. */
  async signIn(returnTo = '/'): Promise<void> {
    const discovery = await this.#discover();
    const verifier = randomUrlSafe(32, this.env.crypto);
    const state = randomUrlSafe(16, this.env.crypto);
    const pending: PendingSignIn = { verifier, state, returnTo: safeReturnPath(returnTo) };
    this.env.storage.setItem(PENDING_KEY, JSON.stringify(pending));
    const url = new URL(discovery.authorization_endpoint);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.settings.clientId);
    url.searchParams.set('redirect_uri', this.redirectUri);
    url.searchParams.set('scope', 'openid email profile');
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', await s256Challenge(verifier, this.env.crypto));
    url.searchParams.set('code_challenge_method', 'S256');
    this.env.navigate(url.toString());
  }

  /** Exchanges the callback's code for tokens; answers the path to go back to. */
  async completeSignIn(callbackUrl: string): Promise<string> {
    const params = new URL(callbackUrl).searchParams;
    const pending = this.#takePending();
    const error = params.get('error');
    if (error) throw new AuthError(`${error}: ${params.get('error_description') ?? ''}`.trim(), error);
    const code = params.get('code');
    if (!code) throw new AuthError('the callback has no code', 'no-code');
    if (!pending || params.get('state') !== pending.state) {
      throw new AuthError('the sign-in state does not match (started in another tab?)', 'state-mismatch');
    }
    const discovery = await this.#discover();
    const tokens = await this.#tokenRequest(discovery, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.redirectUri,
      client_id: this.settings.clientId,
      code_verifier: pending.verifier,
    });
    this.#keep(tokens);
    return pending.returnTo;
  }

  /** A valid access token, refreshed first when it expires within a minute; undefined when signed out. */
  async accessToken(): Promise<string | undefined> {
    const tokens = this.tokens.get();
    if (!tokens) return undefined;
    if (tokens.expiresAt - REFRESH_MARGIN_MS > this.env.now()) return tokens.accessToken;
    const refreshed = await this.refresh();
    return refreshed?.accessToken;
  }

  /** Uses the refresh token; signed out (tokens cleared) when the provider refuses it. */
  refresh(): Promise<TokenSet | undefined> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** Resumes the refresh timer for tokens kept from before a reload. */
  resume(): void {
    const tokens = this.tokens.get();
    if (tokens) this.#schedule(tokens);
  }

  /** Forgets the tokens and ends the provider's session when it has a logout endpoint. */
  async signOut(): Promise<void> {
    this.forget();
    let discovery: Discovery | undefined;
    try {
      discovery = await this.#discover();
    } catch {
      discovery = undefined;
    }
    const logout = discovery ? logoutUrl(discovery, this.settings.clientId, this.env.origin) : undefined;
    this.env.navigate(logout ?? '/');
  }

  forget(): void {
    if (this.#refreshTimer !== undefined) clearTimeout(this.#refreshTimer);
    this.#refreshTimer = undefined;
    this.tokens.clear();
  }

  async #refresh(): Promise<TokenSet | undefined> {
    const current = this.tokens.get();
    if (!current?.refreshToken) {
      this.forget();
      return undefined;
    }
    try {
      const discovery = await this.#discover();
      const tokens = await this.#tokenRequest(discovery, {
        grant_type: 'refresh_token',
        refresh_token: current.refreshToken,
        client_id: this.settings.clientId,
      });
      // Cognito does not rotate refresh tokens: keep the one we have when none comes back.
      const kept = { ...tokens, refreshToken: tokens.refreshToken ?? current.refreshToken };
      this.#keep(kept);
      return kept;
    } catch {
      this.forget();
      return undefined;
    }
  }

  #keep(tokens: TokenSet): void {
    this.tokens.set(tokens);
    this.#schedule(tokens);
  }

  #schedule(tokens: TokenSet): void {
    if (this.#refreshTimer !== undefined) clearTimeout(this.#refreshTimer);
    if (!tokens.refreshToken) return;
    const delay = Math.max(0, tokens.expiresAt - REFRESH_MARGIN_MS - this.env.now());
    this.#refreshTimer = setTimeout(() => void this.refresh(), delay);
  }

  #takePending(): PendingSignIn | undefined {
    const text = this.env.storage.getItem(PENDING_KEY);
    this.env.storage.removeItem(PENDING_KEY);
    if (!text) return undefined;
    try {
      const value = JSON.parse(text) as PendingSignIn;
      return typeof value.verifier === 'string' && typeof value.state === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }

  #discover(): Promise<Discovery> {
    this.#discovery ??= this.#fetchDiscovery().catch((error: unknown) => {
      this.#discovery = undefined;
      throw error;
    });
    return this.#discovery;
  }

  async #fetchDiscovery(): Promise<Discovery> {
    const url = `${this.settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let response: Response;
    try {
      response = await this.env.fetch(url, { headers: { accept: 'application/json' } });
    } catch (cause) {
      throw new AuthError('the sign-in provider cannot be reached', 'discovery-unreachable', { cause });
    }
    if (!response.ok) throw new AuthError(`discovery answered ${response.status}`, 'discovery-status');
    const body = (await response.json()) as Partial<Discovery>;
    if (typeof body.authorization_endpoint !== 'string' || typeof body.token_endpoint !== 'string') {
      throw new AuthError('discovery names no authorization or token endpoint', 'discovery-incomplete');
    }
    return body as Discovery;
  }

  async #tokenRequest(discovery: Discovery, form: Record<string, string>): Promise<TokenSet> {
    let response: Response;
    try {
      response = await this.env.fetch(discovery.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
      });
    } catch (cause) {
      throw new AuthError('the token endpoint cannot be reached', 'token-unreachable', { cause });
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok || typeof body.access_token !== 'string') {
      const error = typeof body.error === 'string' ? body.error : `status ${response.status}`;
      throw new AuthError(`the token endpoint refused: ${error}`, 'token-refused');
    }
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    return {
      accessToken: body.access_token,
      ...(typeof body.id_token === 'string' ? { idToken: body.id_token } : {}),
      ...(typeof body.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}),
      expiresAt: this.env.now() + expiresIn * 1000,
    };
  }
}

/** Only a path on this origin is a place to return to (no open redirect). */
export function safeReturnPath(path: string): string {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : '/';
}

/** The provider's logout: `end_session_endpoint`, or Cognito's hosted UI `/logout` beside its authorize. */
// No id_token_hint: tokens never go into a URL.
function logoutUrl(discovery: Discovery, clientId: string, origin: string): string | undefined {
  if (discovery.end_session_endpoint) {
    const url = new URL(discovery.end_session_endpoint);
    url.searchParams.set('client_id', clientId);
    url.searchParams.set('post_logout_redirect_uri', `${origin}/`);
    return url.toString();
  }
  const authorize = new URL(discovery.authorization_endpoint);
  if (!authorize.pathname.endsWith('/oauth2/authorize')) return undefined;
  const url = new URL('/logout', authorize.origin);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('logout_uri', `${origin}/`);
  return url.toString();
}
