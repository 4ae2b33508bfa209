import { createHmac } from 'node:crypto';
import { safeEqual, secretDigest } from './api-key.ts';

/** Signed requests older or newer than this are refused, so a captured request cannot be replayed later. */
export const REPLAY_WINDOW_SECONDS = 300;

export const SIGNATURE_HEADERS = {
  keyId: 'x-cashlink-key-id',
  timestamp: 'x-cashlink-timestamp',
  signature: 'x-cashlink-signature',
} as const;

/** The HMAC key a partner signs with, derived from the secret part of its API key. */
export function signingKeyOf(secret: string): string {
  return secretDigest(secret);
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, the value of X-Cashlink-Signature. */
export function signRequest(signingKey: string, timestamp: string, body: string): string {
  const mac = createHmac('sha256', signingKey).update(`${timestamp}.`).update(body, 'utf8').digest('hex');
  return `sha256=${mac}`;
}

export type SignatureCheck = { ok: true } | { ok: false; rule: string; message: string };

export interface SignatureInput {
  signingKey: string;
  /** Unix time in seconds, as sent in X-Cashlink-Timestamp. */
  timestamp: string;
  body: string;
  signature: string;
  now?: Date;
  windowSeconds?: number;
}

/** Verifies a request signature: timestamp inside the replay window, then a constant-time HMAC compare. */
export function verifySignature(input: SignatureInput): SignatureCheck {
  if (!/^\d{1,12}$/.test(input.timestamp)) {
    return {
      ok: false,
      rule: 'timestamp-format',
      message: 'X-Cashlink-Timestamp must be Unix time in seconds',
    };
  }
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const window = input.windowSeconds ?? REPLAY_WINDOW_SECONDS;
  if (Math.abs(nowSeconds - Number(input.timestamp)) > window) {
    return {
      ok: false,
      rule: 'replay-window',
      message: `X-Cashlink-Timestamp is more than ${window} s away from the server's clock`,
    };
  }
  if (!/^sha256=[0-9a-fA-F]{64}$/.test(input.signature.trim())) {
    return {
      ok: false,
      rule: 'signature-format',
      message: 'X-Cashlink-Signature must be sha256=<64 hex digits>',
    };
  }
  const expected = signRequest(input.signingKey, input.timestamp, input.body);
  return safeEqual(expected, input.signature.trim().toLowerCase())
    ? { ok: true }
    : { ok: false, rule: 'signature', message: 'the signature does not match the body and timestamp' };
}
