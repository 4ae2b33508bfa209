import { quoteText } from '../runtime/quoted-text.ts';

/**
 * The security headers of every answer that serves the web app (issue 12's contract), locally from the hub's
 * web server and in AWS from CloudFront's response headers policy. Pure: both sides build them from here.
 */

/** Two years, the minimum the HSTS preload list accepts. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/**
 * The contract's Content-Security-Policy with the sign-in provider's origin (the local OIDC provider in the
 * hub) allowed for token calls (`connect-src`) and the login form's post (`form-action`). Without an issuer
 * only 'self' is allowed.
 */
export function contentSecurityPolicy(issuer: string | undefined): string {
  return contentSecurityPolicyFor(issuer ? [issuerOrigin(issuer)] : []);
}

/**
 * The same policy with `origins` taken as they are (CloudFormation tokens in AWS: Cognito's issuer and hosted
 * UI domains are only known at deploy time).
 */
export function contentSecurityPolicyFor(origins: readonly string[]): string {
  const withOrigins = (source: string) => [source, ...origins].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src ${withOrigins("'self'")}`,
    "worker-src 'self' blob:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    `form-action ${withOrigins("'self'")}`,
  ].join('; ');
}

/**
 * The origin (`scheme://host[:port]`) of an issuer URL; a CSP source must not carry a path. Throws a
 * TypeError naming the value when it is not an http(s) URL, so a bad tenant file fails at synth, not in a browser.
 */
export function issuerOrigin(issuer: string): string {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch (error) {
    throw new TypeError(`issuer: not a URL: ${quoteText(issuer, 80)}`, { cause: error });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TypeError(`issuer: must be an http(s) URL: ${quoteText(issuer, 80)}`);
  return url.origin;
}

/**
 * Header name (lower case) → value for an answer of the web app. `hsts` only where the app is served over
 * HTTPS (CloudFront): on the hub's plain-HTTP loopback a browser ignores it anyway.
 */
export function securityHeaders(options: { issuer?: string; hsts?: boolean }): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(options.issuer),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    ...(options.hsts
      ? { 'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains; preload` }
      : {}),
  };
}
