import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { safeEqual } from './api-key.ts';

/** Signed requests older or newer than this are refused; within it, each nonce is accepted once. */
export const REPLAY_WINDOW_SECONDS = 300;

/** The version of the canonical string below; it prefixes the string and the signature (`v1=`). */
export const SIGNATURE_VERSION = 'v1';

/**
 * HKDF label of the request-signing key. A label of its own makes the signing key independent of the
 * stored bearer verifier (`secretDigest`): whoever holds the verifier still cannot sign.
 */
export const SIGNING_KEY_LABEL = 'cashlink/v1/request-signing';

export const SIGNATURE_HEADERS = {
  keyId: 'x-cashlink-key-id',
  timestamp: 'x-cashlink-timestamp',
  nonce: 'x-cashlink-nonce',
  signature: 'x-cashlink-signature',
} as const;

/** 16 to 64 characters of A–Z, a–z, 0–9, `-` and `_` (e.g. a UUID, or 16 random bytes in hex). */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const TIMESTAMP_PATTERN = /^\d{1,12}$/;
const SIGNATURE_PATTERN = /^v1=[0-9a-fA-F]{64}$/;

/** The HMAC key a partner signs with (hex): HKDF-SHA256 of its API key's secret, info `SIGNING_KEY_LABEL`. */
export function signingKeyOf(secret: string): string {
  return Buffer.from(hkdfSync('sha256', secret, '', SIGNING_KEY_LABEL, 32)).toString('hex');
}

/** What a signature covers. */
export interface SignedParts {
  method: string;
  /** The path as sent, without the query string, e.g. `/v1/administrations/DEMO/bank-rules/r1`. */
  path: string;
  /** Query parameters, decoded (one value per name). */
  query?: Readonly<Record<string, string>>;
  keyId: string;
  /** Unix time in seconds, as sent in X-Cashlink-Timestamp. */
  timestamp: string;
  nonce: string;
  /** The raw body as sent (empty for GET and DELETE). */
  body: string;
}

/** RFC 3986 percent-encoding: everything but A–Z a–z 0–9 `-` `.` `_` `~`, as UTF-8. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `name=value` pairs, both RFC 3986-encoded, sorted by name then value (code units), joined by `&`. */
export function canonicalQuery(query: Readonly<Record<string, string>> = {}): string {
  return Object.entries(query)
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/**
 * The string a request's signature is the HMAC-SHA256 of, lines joined by `\n`:
 * `v1`, METHOD (upper case), path, canonical query, key id, timestamp, nonce, hex SHA-256 of the body.
 * Everything that decides what a request does is in it, so a signature cannot be moved to another route.
 */
export function canonicalRequest(parts: SignedParts): string {
  return [
    SIGNATURE_VERSION,
    parts.method.toUpperCase(),
    parts.path,
    canonicalQuery(parts.query),
    parts.keyId,
    parts.timestamp,
    parts.nonce,
    createHash('sha256').update(parts.body, 'utf8').digest('hex'),
  ].join('\n');
}

/** `v1=<hex HMAC-SHA256(signing key, canonical request)>`, the value of X-Cashlink-Signature. */
export function signatureOf(signingKey: string, parts: SignedParts): string {
  const mac = createHmac('sha256', Buffer.from(signingKey, 'hex')).update(canonicalRequest(parts), 'utf8');
  return `${SIGNATURE_VERSION}=${mac.digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; rule: string; message: string };

/** Checks of the headers alone, before any key is looked up: formats and the replay window. */
export function signatureHeaderProblem(
  parts: Pick<SignedParts, 'timestamp' | 'nonce'>,
  signature: string,
  now: Date = new Date(),
  windowSeconds = REPLAY_WINDOW_SECONDS,
): SignatureCheck {
  if (!TIMESTAMP_PATTERN.test(parts.timestamp)) {
    return {
      ok: false,
      rule: 'timestamp-format',
      message: 'X-Cashlink-Timestamp must be Unix time in seconds',
    };
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (Math.abs(nowSeconds - Number(parts.timestamp)) > windowSeconds) {
    return {
      ok: false,
      rule: 'replay-window',
      message: `X-Cashlink-Timestamp is more than ${windowSeconds} s away from the server's clock`,
    };
  }
  if (!NONCE_PATTERN.test(parts.nonce)) {
    return {
      ok: false,
      rule: 'nonce-format',
      message: 'X-Cashlink-Nonce must be 16 to 64 characters of A-Z, a-z, 0-9, - and _',
    };
  }
  if (!SIGNATURE_PATTERN.test(signature.trim())) {
    return {
      ok: false,
      rule: 'signature-format',
      message: 'X-Cashlink-Signature must be v1=<64 hex digits>',
    };
  }
  return { ok: true };
}

export interface SignatureInput {
  /** Hex signing key (`signingKeyOf(secret)`). */
  signingKey: string;
  parts: SignedParts;
  signature: string;
  now?: Date;
  windowSeconds?: number;
}

/**
 * Verifies a request signature: header formats, timestamp inside the replay window, then a constant-time
 * HMAC compare over the canonical request. Whether the nonce was seen before is the caller's next check.
 */
export function verifySignature(input: SignatureInput): SignatureCheck {
  const headers = signatureHeaderProblem(input.parts, input.signature, input.now, input.windowSeconds);
  if (!headers.ok) return headers;
  const expected = signatureOf(input.signingKey, input.parts);
  return safeEqual(expected, input.signature.trim().toLowerCase())
    ? { ok: true }
    : {
        ok: false,
        rule: 'signature',
        message:
          'the signature does not match the canonical request (method, path, query, key id, timestamp, nonce, body)',
      };
}
