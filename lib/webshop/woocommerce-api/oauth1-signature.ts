import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * OAuth 1.0a one-legged signing as WooCommerce takes it over plain HTTP: the `oauth_*` parameters travel in
 * the query string (not an Authorization header), the key is `consumer_secret&` (no token secret), and the
 * base string is METHOD & encoded URL without query & the encoded, sorted parameters (query + oauth_*).
 */
export type OAuthSignatureMethod = 'HMAC-SHA256' | 'HMAC-SHA1';

/** RFC 3986 percent-encoding (encodeURIComponent leaves `!*'()` unencoded). */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!*'()]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The signature over method, URL (origin + path) and every parameter except `oauth_signature`. */
export function oauthSignature(
  method: string,
  url: URL,
  consumerSecret: string,
  signatureMethod: OAuthSignatureMethod = 'HMAC-SHA256',
): string {
  const params = [...url.searchParams.entries()]
    .filter(([name]) => name !== 'oauth_signature')
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const base = [method.toUpperCase(), rfc3986(`${url.origin}${url.pathname}`), rfc3986(params)].join('&');
  const algorithm = signatureMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256';
  return createHmac(algorithm, `${rfc3986(consumerSecret)}&`)
    .update(base)
    .digest('base64');
}

/** A copy of `url` with the oauth_* parameters and the signature added. */
export function signOAuthUrl(
  method: string,
  url: URL,
  credentials: { consumerKey: string; consumerSecret: string },
  options: { now?: Date; nonce?: string } = {},
): URL {
  const signed = new URL(url.href);
  signed.searchParams.set('oauth_consumer_key', credentials.consumerKey);
  signed.searchParams.set('oauth_nonce', options.nonce ?? randomBytes(16).toString('hex'));
  signed.searchParams.set('oauth_signature_method', 'HMAC-SHA256');
  signed.searchParams.set(
    'oauth_timestamp',
    String(Math.floor((options.now ?? new Date()).getTime() / 1000)),
  );
  signed.searchParams.set('oauth_signature', oauthSignature(method, signed, credentials.consumerSecret));
  return signed;
}

/** Whether the request's signature matches (constant time); the caller checks timestamp and nonce. */
export function oauthSignatureMatches(method: string, url: URL, consumerSecret: string): boolean {
  const given = url.searchParams.get('oauth_signature') ?? '';
  const signatureMethod = url.searchParams.get('oauth_signature_method');
  if (signatureMethod !== 'HMAC-SHA256' && signatureMethod !== 'HMAC-SHA1') return false;
  const expected = Buffer.from(oauthSignature(method, url, consumerSecret, signatureMethod));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
