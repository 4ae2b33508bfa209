import { type ApiKeyRecord, type PartnerIdentity, parseApiKey, safeEqual, secretDigest } from './api-key.ts';
import { HttpProblem } from './errors.ts';
import { type HttpRequest, header } from './http.ts';
import type { NonceStore } from './nonce-store.ts';
import {
  REPLAY_WINDOW_SECONDS,
  SIGNATURE_HEADERS,
  type SignedParts,
  signatureHeaderProblem,
  verifySignature,
} from './request-signature.ts';

export interface ApiKeyLookup {
  get(id: string): Promise<ApiKeyRecord | undefined>;
}

export type AuthenticationMethod = 'bearer' | 'hmac';

const CHALLENGE = { 'www-authenticate': 'Bearer realm="cashlink", charset="UTF-8"' };

/** Checked instead of a missing key's, so an unknown key id costs the same work as a known one. */
const THROWAWAY_DIGEST = '0'.repeat(64);
const THROWAWAY_SIGNING_KEY = 'f'.repeat(64);

function unauthorized(rule: string, message: string, path = 'authorization'): HttpProblem {
  return new HttpProblem(401, 'Unauthorized', message, [{ path, rule, message }], CHALLENGE);
}

const UNKNOWN_KEY = () => unauthorized('api-key-unknown', 'the API key is unknown or wrong');
const BAD_SIGNATURE = () =>
  unauthorized(
    'signature',
    'the signature does not match the canonical request (method, path, query, key id, timestamp, nonce, body)',
    'x-cashlink-signature',
  );

/**
 * Checks who sends a request: an API key (`Authorization: Bearer clk_…` or `x-api-key`) or, instead, an
 * HMAC signature over the canonical request (`X-Cashlink-Key-Id`, `-Timestamp`, `-Nonce`, `-Signature`;
 * see `canonicalRequest`), accepted once per nonce. Every failure is a 401 that says which rule failed but
 * never whether a key id exists: a missing key takes the same lookup and comparison as a wrong one.
 */
export class Authenticator {
  constructor(
    private readonly keys: ApiKeyLookup,
    private readonly tenant: string,
    private readonly nonces: NonceStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async authenticate(
    request: HttpRequest,
    allowed: readonly AuthenticationMethod[] = ['bearer', 'hmac'],
  ): Promise<PartnerIdentity> {
    const signed = header(request, SIGNATURE_HEADERS.signature) ?? header(request, SIGNATURE_HEADERS.keyId);
    if (signed !== undefined && allowed.includes('hmac')) return this.bySignature(request);
    const token = bearerToken(request);
    if (token !== undefined && allowed.includes('bearer')) return this.byApiKey(token);
    throw allowed.includes('bearer')
      ? unauthorized(
          'credentials-required',
          'send an API key (Authorization: Bearer clk_… or x-api-key) or sign the request (X-Cashlink-Signature)',
        )
      : unauthorized(
          'signature-required',
          'sign the request with X-Cashlink-Key-Id, X-Cashlink-Timestamp, X-Cashlink-Nonce and X-Cashlink-Signature',
          'x-cashlink-signature',
        );
  }

  private async byApiKey(token: string): Promise<PartnerIdentity> {
    let parts: ReturnType<typeof parseApiKey>;
    try {
      parts = parseApiKey(token);
    } catch {
      throw unauthorized('api-key-format', 'the API key is not of the form clk_<id>_<secret>');
    }
    const record = await this.keys.get(parts.id);
    const matches = safeEqual(record?.secretDigest ?? THROWAWAY_DIGEST, secretDigest(parts.secret));
    if (!record || !matches) throw UNKNOWN_KEY();
    return this.identity(record, 'bearer');
  }

  private async bySignature(request: HttpRequest): Promise<PartnerIdentity> {
    const keyId = header(request, SIGNATURE_HEADERS.keyId);
    const timestamp = header(request, SIGNATURE_HEADERS.timestamp);
    const nonce = header(request, SIGNATURE_HEADERS.nonce);
    const signature = header(request, SIGNATURE_HEADERS.signature);
    if (!keyId || !timestamp || !nonce || !signature) {
      throw unauthorized(
        'signature-headers',
        'a signed request needs X-Cashlink-Key-Id, X-Cashlink-Timestamp, X-Cashlink-Nonce and X-Cashlink-Signature',
        'x-cashlink-signature',
      );
    }
    const now = this.clock();
    const headers = signatureHeaderProblem({ timestamp, nonce }, signature, now);
    if (!headers.ok) throw unauthorized(headers.rule, headers.message, 'x-cashlink-signature');
    const parts: SignedParts = {
      method: request.method,
      path: request.path,
      ...(request.query ? { query: request.query } : {}),
      keyId,
      timestamp,
      nonce,
      body: request.body,
    };
    const record = await this.keys.get(keyId);
    // Keys made before signing keys existed (and unknown ids) are checked against a throwaway key: refused.
    const check = verifySignature({
      signingKey: record?.signingKey ?? THROWAWAY_SIGNING_KEY,
      parts,
      signature,
      now,
    });
    // A key of another tenant gets the answer of an unknown one.
    if (!check.ok || !record?.signingKey || record.tenant !== this.tenant) throw BAD_SIGNATURE();
    const identity = this.identity(record, 'hmac');
    // Only a valid signature takes its nonce, so nobody can use up another key's nonces.
    const expiresAt = new Date((Number(timestamp) + REPLAY_WINDOW_SECONDS + 1) * 1000);
    if (!(await this.nonces.claim(keyId, nonce, expiresAt))) {
      throw unauthorized(
        'nonce-replayed',
        'this X-Cashlink-Nonce was used before; sign every request with a new one',
        'x-cashlink-nonce',
      );
    }
    return identity;
  }

  private identity(record: ApiKeyRecord, method: AuthenticationMethod): PartnerIdentity {
    // Keys live in the tenant's own table; a key for another tenant there is a configuration error, refused
    // as unknown before anything else about it is told.
    if (record.tenant !== this.tenant) throw UNKNOWN_KEY();
    if (record.revokedAt)
      throw unauthorized('api-key-revoked', `the API key was revoked at ${record.revokedAt}`);
    const { secretDigest: _digest, signingKey: _signingKey, ...grants } = record;
    return { ...grants, method };
  }
}

function bearerToken(request: HttpRequest): string | undefined {
  const authorization = header(request, 'authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1] : authorization.trim();
  }
  return header(request, 'x-api-key')?.trim();
}
