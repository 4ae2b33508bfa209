import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { errorMessage } from '../../lib/runtime/error-message.ts';
import { parseFormBody } from './form-body.ts';
import { FormBodyError } from './form-body-error.ts';
import type { LocalUser, LocalUserStore } from './local-user-store.ts';
import { LoginLimiter } from './login-limiter.ts';
import { errorPage, LOGIN_CSS, loginPage } from './login-page.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';
import { passwordProblem } from './password-policy.ts';
import { html, json, type ProviderRequest, type ProviderResponse, redirect } from './provider-http.ts';
import type { SigningKey } from './signing-key.ts';
import { TokenIssuer } from './token-issuer.ts';

export interface OidcProviderOptions {
  /** `http://127.0.0.1:<port>`: the server's own base URL. */
  issuer: string;
  clientId: string;
  /** Web origins allowed to sign in (redirect `<origin>/auth/callback`, logout back to `<origin>/`). */
  webOrigins: readonly string[];
  redirectPath?: string;
  key: SigningKey;
  users: LocalUserStore;
  now?: () => number;
  limiter?: LoginLimiter;
}

interface PendingRequest {
  redirectUri: string;
  state: string;
  codeChallenge: string;
  scope: string;
  nonce?: string;
  expiresAt: number;
}

interface IssuedCode {
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  nonce?: string;
  username: string;
  authTime: number;
  expiresAt: number;
}

interface RefreshGrant {
  username: string;
  scope: string;
  authTime: number;
  family: string;
  expiresAt: number;
  /** Set once rotated: presenting it again revokes the family. */
  used: boolean;
}

const CODE_MS = 60_000;
const PENDING_MS = 10 * 60_000;
const REFRESH_MS = 30 * 24 * 3600_000;
const MAX_PENDING = 1000;
const SCOPES = ['openid', 'email', 'profile'];
const PKCE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const FAILED = 'Aanmelden mislukt: onbekend e-mailadres of onjuist wachtwoord.';
const LIMITED = 'Te veel mislukte pogingen voor dit e-mailadres. Probeer het over een minuut opnieuw.';

/**
 * OpenID Connect for the web app on one machine, shaped like Cognito's hosted UI: authorization code
 * with PKCE S256 only, for one public client, redirecting only to the web origins; tokens RS256 with
 * Cognito's claims (`token_use`, `client_id`, `username`, `cognito:groups`), refresh tokens rotated.
 * Codes, pending sign-ins and refresh tokens live in memory: a restart signs everyone out.
 */
export class OidcProvider {
  private readonly pending = new Map<string, PendingRequest>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly limiter: LoginLimiter;
  private readonly now: () => number;
  private readonly redirectUris: Set<string>;
  private readonly logoutUris: Set<string>;
  private readonly tokens: TokenIssuer;

  constructor(private readonly options: OidcProviderOptions) {
    this.limiter = options.limiter ?? new LoginLimiter();
    this.now = options.now ?? Date.now;
    const path = options.redirectPath ?? '/auth/callback';
    this.redirectUris = new Set(options.webOrigins.map((o) => `${o}${path}`));
    this.logoutUris = new Set(options.webOrigins.flatMap((o) => [o, `${o}/`]));
    this.tokens = new TokenIssuer(options.key, options.issuer, options.clientId, this.now);
  }

  async handle(request: ProviderRequest): Promise<ProviderResponse | undefined> {
    const { method, path } = request;
    if (method === 'GET' && path === '/.well-known/openid-configuration') return json(200, this.discovery());
    if (method === 'GET' && path === '/jwks.json')
      return json(200, this.options.key.jwks(), { 'cache-control': 'max-age=300' });
    if (method === 'GET' && path === '/assets/login.css')
      return {
        status: 200,
        headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'max-age=300' },
        body: LOGIN_CSS,
      };
    if (method === 'GET' && path === '/authorize') return this.authorize(request.query);
    if (method === 'POST' && path === '/authorize') return this.signIn(request);
    if (method === 'POST' && path === '/token') return this.token(request);
    if ((method === 'GET' || method === 'POST') && path === '/userinfo') return this.userinfo(request);
    if (method === 'POST' && path === '/revoke') return this.revoke(request);
    if (method === 'GET' && path === '/logout') return this.logout(request.query);
    return undefined;
  }

  discovery(): Record<string, unknown> {
    const base = this.options.issuer;
    return {
      issuer: base,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      jwks_uri: `${base}/jwks.json`,
      userinfo_endpoint: `${base}/userinfo`,
      revocation_endpoint: `${base}/revoke`,
      end_session_endpoint: `${base}/logout`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: SCOPES,
      claims_supported: ['sub', 'email', 'email_verified', 'name', 'cognito:groups', 'cognito:username'],
    };
  }

  private authorize(query: URLSearchParams): ProviderResponse {
    const single = (name: string) =>
      query.getAll(name).length === 1 ? (query.get(name) as string) : undefined;
    const clientId = single('client_id');
    const redirectUri = single('redirect_uri');
    if (clientId !== this.options.clientId)
      return html(400, errorPage('Onbekende app (client_id); aanmelden kan hier alleen voor cashlink.'));
    if (!redirectUri || !this.redirectUris.has(redirectUri))
      return html(400, errorPage('Dit terugkeeradres (redirect_uri) is niet geregistreerd voor cashlink.'));
    const state = single('state');
    const back = (error: string, description: string) => {
      const url = new URL(redirectUri);
      url.searchParams.set('error', error);
      url.searchParams.set('error_description', description);
      if (state) url.searchParams.set('state', state);
      return redirect(url.toString());
    };
    if (single('response_type') !== 'code')
      return back('unsupported_response_type', 'response_type must be code');
    if (!state || state.length > 512)
      return back('invalid_request', 'state is required (at most 512 characters)');
    const challenge = single('code_challenge');
    if (single('code_challenge_method') !== 'S256')
      return back('invalid_request', 'code_challenge_method must be S256 (PKCE)');
    if (!challenge || !PKCE_CHALLENGE.test(challenge))
      return back('invalid_request', 'code_challenge must be a base64url SHA-256 (43 characters)');
    const scopes = (single('scope') ?? 'openid').split(' ').filter(Boolean);
    const unknown = scopes.find((s) => !SCOPES.includes(s));
    if (unknown !== undefined)
      return back('invalid_scope', `scope ${JSON.stringify(unknown.slice(0, 40))} is not offered`);
    const nonce = single('nonce');
    this.sweep();
    const id = randomBytes(24).toString('base64url');
    this.pending.set(id, {
      redirectUri,
      state,
      codeChallenge: challenge,
      scope: [...new Set(scopes)].join(' '),
      ...(nonce ? { nonce: nonce.slice(0, 512) } : {}),
      expiresAt: this.now() + PENDING_MS,
    });
    while (this.pending.size > MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
    return html(200, loginPage({ requestId: id }));
  }

  private async signIn(request: ProviderRequest): Promise<ProviderResponse> {
    let form: Map<string, string>;
    try {
      form = parseFormBody(request.body);
    } catch (error) {
      if (error instanceof FormBodyError)
        return html(400, errorPage(`Het formulier is niet leesbaar (${error.field}).`));
      throw error;
    }
    const requestId = form.get('request') ?? '';
    const pending = this.pending.get(requestId);
    if (!pending || pending.expiresAt <= this.now()) {
      this.pending.delete(requestId);
      return html(
        400,
        errorPage('Deze aanmelding is verlopen. Ga terug naar de app en probeer het opnieuw.'),
      );
    }
    const username = (form.get('username') ?? '').trim().toLowerCase().slice(0, 254);
    const password = form.get('password') ?? '';
    const page = (status: number, error: string, newPassword = false) =>
      html(status, loginPage({ requestId, username, error, newPassword }));
    if (username === '' || password === '') return page(400, 'Vul uw e-mailadres en wachtwoord in.');
    const now = this.now();
    if (!this.limiter.allowed(username, now)) return page(429, LIMITED);
    const user = this.options.users.get(username);
    const matches = await verifyPassword(password, user?.passwordHash);
    if (!user || !matches || !user.enabled) {
      this.limiter.recordFailure(username, now);
      return page(401, FAILED);
    }
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      const chosen = form.get('newPassword') ?? '';
      if (chosen === '') return page(200, 'Kies een nieuw wachtwoord om verder te gaan.', true);
      const problem = passwordProblem(chosen);
      if (problem) return page(400, `Het nieuwe wachtwoord moet ${problem} hebben.`, true);
      const passwordHash = await hashPassword(chosen);
      this.options.users.update(user.username, (u) => {
        u.passwordHash = passwordHash;
        u.status = 'CONFIRMED';
      });
    }
    this.limiter.recordSuccess(username);
    this.pending.delete(requestId);
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, {
      redirectUri: pending.redirectUri,
      codeChallenge: pending.codeChallenge,
      scope: pending.scope,
      ...(pending.nonce ? { nonce: pending.nonce } : {}),
      username: user.username,
      authTime: Math.floor(now / 1000),
      expiresAt: now + CODE_MS,
    });
    const url = new URL(pending.redirectUri);
    url.searchParams.set('code', code);
    url.searchParams.set('state', pending.state);
    return redirect(url.toString());
  }

  private async token(request: ProviderRequest): Promise<ProviderResponse> {
    const fail = (error: string, description: string, status = 400) =>
      json(status, { error, error_description: description });
    if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
      return fail('invalid_request', 'content-type must be application/x-www-form-urlencoded');
    let form: Map<string, string>;
    try {
      form = parseFormBody(request.body);
    } catch (error) {
      return fail('invalid_request', errorMessage(error));
    }
    if (form.get('client_id') !== this.options.clientId)
      return fail('invalid_client', 'unknown client_id', 401);
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') return this.exchangeCode(form, fail);
    if (grant === 'refresh_token') return this.refresh(form, fail);
    return fail('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  }

  private exchangeCode(
    form: Map<string, string>,
    fail: (error: string, description: string) => ProviderResponse,
  ): ProviderResponse {
    const code = form.get('code') ?? '';
    const issued = this.codes.get(code);
    // Single use: gone at the first presentation, whatever follows.
    this.codes.delete(code);
    const now = this.now();
    if (!issued || issued.expiresAt <= now) return fail('invalid_grant', 'code unknown, used or expired');
    if (form.get('redirect_uri') !== issued.redirectUri)
      return fail('invalid_grant', 'redirect_uri differs from the authorization request');
    const verifier = form.get('code_verifier') ?? '';
    if (!PKCE_VERIFIER.test(verifier))
      return fail('invalid_grant', 'code_verifier missing or malformed (PKCE)');
    if (createHash('sha256').update(verifier).digest('base64url') !== issued.codeChallenge)
      return fail('invalid_grant', 'code_verifier does not match the code_challenge (PKCE S256)');
    const user = this.options.users.get(issued.username);
    if (!user?.enabled) return fail('invalid_grant', 'the user can no longer sign in');
    const family = randomUUID();
    return json(200, {
      ...this.tokens.issue(user, issued.scope, issued.authTime, issued.nonce),
      refresh_token: this.newRefreshToken(user, issued.scope, issued.authTime, family),
    });
  }

  private refresh(
    form: Map<string, string>,
    fail: (error: string, description: string) => ProviderResponse,
  ): ProviderResponse {
    const presented = form.get('refresh_token') ?? '';
    const grant = this.refreshTokens.get(presented);
    const now = this.now();
    if (!grant || grant.expiresAt <= now) return fail('invalid_grant', 'refresh_token unknown or expired');
    if (grant.used) {
      // A rotated token presented again: someone else has it too; end the whole sign-in.
      for (const [token, other] of this.refreshTokens)
        if (other.family === grant.family) this.refreshTokens.delete(token);
      return fail('invalid_grant', 'refresh_token was already used; signed out');
    }
    grant.used = true;
    const user = this.options.users.get(grant.username);
    if (!user?.enabled) return fail('invalid_grant', 'the user can no longer sign in');
    return json(200, {
      ...this.tokens.issue(user, grant.scope, grant.authTime, undefined),
      refresh_token: this.newRefreshToken(user, grant.scope, grant.authTime, grant.family),
    });
  }

  private userinfo(request: ProviderRequest): ProviderResponse {
    const bearer = (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const claims = this.options.key.verifyOwn(bearer, Math.floor(this.now() / 1000));
    const user =
      claims && claims.token_use === 'access' ? this.options.users.bySub(String(claims.sub)) : undefined;
    if (!user?.enabled)
      return json(401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    return json(200, {
      sub: user.sub,
      username: user.username,
      email: user.email,
      email_verified: true,
      ...(user.name ? { name: user.name } : {}),
    });
  }

  private revoke(request: ProviderRequest): ProviderResponse {
    let form: Map<string, string>;
    try {
      form = parseFormBody(request.body);
    } catch (error) {
      return json(400, { error: 'invalid_request', error_description: errorMessage(error) });
    }
    const grant = this.refreshTokens.get(form.get('token') ?? '');
    if (grant)
      for (const [token, other] of this.refreshTokens)
        if (other.family === grant.family) this.refreshTokens.delete(token);
    return json(200, {});
  }

  private logout(query: URLSearchParams): ProviderResponse {
    const target = query.get('logout_uri') ?? query.get('post_logout_redirect_uri');
    if (target && this.logoutUris.has(target)) return redirect(target);
    return html(
      400,
      errorPage('Dit adres (logout_uri) is niet geregistreerd voor cashlink; u bent afgemeld.'),
    );
  }

  private newRefreshToken(user: LocalUser, scope: string, authTime: number, family: string): string {
    this.sweep();
    const token = randomBytes(32).toString('base64url');
    this.refreshTokens.set(token, {
      username: user.username,
      scope,
      authTime,
      family,
      expiresAt: this.now() + REFRESH_MS,
      used: false,
    });
    return token;
  }

  /** Forgets expired pending sign-ins, codes and refresh tokens. */
  private sweep(): void {
    const now = this.now();
    for (const [id, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(id);
    for (const [id, c] of this.codes) if (c.expiresAt <= now) this.codes.delete(id);
    for (const [id, r] of this.refreshTokens) if (r.expiresAt <= now) this.refreshTokens.delete(id);
  }
}
