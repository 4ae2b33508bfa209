import { randomBytes } from 'node:crypto';
import { SIGNATURE_HEADERS, type SignedParts, signatureOf } from './request-signature.ts';

export interface RequestToSign {
  keyId: string;
  /** Hex signing key, as `ApiKeyStore.create` answers it (or `signingKeyOf(secret)`). */
  signingKey: string;
  method: string;
  path: string;
  query?: Readonly<Record<string, string>>;
  body?: string;
  /** Defaults to the clock now. */
  now?: Date;
  /** Defaults to 16 random bytes in hex; a nonce must never be used twice within the replay window. */
  nonce?: string;
}

/**
 * The client side of request signing, for partners and tests: the four `X-Cashlink-*` headers that make
 * the server accept exactly this request once.
 */
export function signedRequestHeaders(request: RequestToSign): Record<string, string> {
  const parts: SignedParts = {
    method: request.method,
    path: request.path,
    ...(request.query ? { query: request.query } : {}),
    keyId: request.keyId,
    timestamp: String(Math.floor((request.now ?? new Date()).getTime() / 1000)),
    nonce: request.nonce ?? randomBytes(16).toString('hex'),
    body: request.body ?? '',
  };
  return {
    [SIGNATURE_HEADERS.keyId]: parts.keyId,
    [SIGNATURE_HEADERS.timestamp]: parts.timestamp,
    [SIGNATURE_HEADERS.nonce]: parts.nonce,
    [SIGNATURE_HEADERS.signature]: signatureOf(request.signingKey, parts),
  };
}
