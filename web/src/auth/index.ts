export { AuthError } from './auth-error.ts';
export { OidcClient, type OidcEnvironment, type OidcSettings, safeReturnPath } from './oidc-client.ts';
export { randomUrlSafe, s256Challenge } from './pkce.ts';
export { type TokenSet, TokenStore } from './token-store.ts';
