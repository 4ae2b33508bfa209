import { type ApiKeyRecord, type PartnerIdentity, parseApiKey, safeEqual, secretDigest } from './api-key.ts';
import { HttpProblem } from './errors.ts';
import { type HttpRequest, header } from './http.ts';
import { SIGNATURE_HEADERS, verifySignature } from './request-signature.ts';

export interface ApiKeyLookup {
  get(id: string): Promise<ApiKeyRecord | undefined>;
}

export type AuthenticationMethod = 'bearer' | 'hmac';

const CHALLENGE = { 'www-authenticate': 'Bearer realm="cashlink", charset="UTF-8"' };

function unauthorized(rule: string, message: string, path = 'authorization'): HttpProblem {
  return new HttpProblem(401, 'Unauthorized', message, [{ path, rule, message }], CHALLENGE);
}

/**
 * Checks who sends a request: an API key (`Authorization: Bearer clk_…` or `x-api-key`) or, instead, an
 * HMAC signature (`X-Cashlink-Key-Id`, `X-Cashlink-Timestamp`, `X-Cashlink-Signature`). Every failure is
 * a 401 that says which rule failed but never whether a key id exists.
 */
export class Authenticator {
  constructor(
    private readonly keys: ApiKeyLookup,
    private readonly tenant: string,
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
          'sign the request with X-Cashlink-Key-Id, X-Cashlink-Timestamp and X-Cashlink-Signature',
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
    // A missing key and a wrong secret get the same answer, so ids cannot be probed.
    if (!record || !safeEqual(record.secretDigest, secretDigest(parts.secret))) {
      throw unauthorized('api-key-unknown', 'the API key is unknown or wrong');
    }
    return this.identity(record, 'bearer');
  }

  private async bySignature(request: HttpRequest): Promise<PartnerIdentity> {
    const keyId = header(request, SIGNATURE_HEADERS.keyId);
    const timestamp = header(request, SIGNATURE_HEADERS.timestamp);
    const signature = header(request, SIGNATURE_HEADERS.signature);
    if (!keyId || !timestamp || !signature) {
      throw unauthorized(
        'signature-headers',
        'a signed request needs X-Cashlink-Key-Id, X-Cashlink-Timestamp and X-Cashlink-Signature',
        'x-cashlink-signature',
      );
    }
    const record = await this.keys.get(keyId);
    const check = verifySignature({
      // An unknown key is checked against a throwaway key so both paths take the same time.
      signingKey: record?.secretDigest ?? '0'.repeat(64),
      timestamp,
      body: request.body,
      signature,
      now: this.clock(),
    });
    if (!check.ok) throw unauthorized(check.rule, check.message, 'x-cashlink-signature');
    if (!record) throw unauthorized('signature', 'the signature does not match the body and timestamp');
    return this.identity(record, 'hmac');
  }

  private identity(record: ApiKeyRecord, method: AuthenticationMethod): PartnerIdentity {
    if (record.revokedAt)
      throw unauthorized('api-key-revoked', `the API key was revoked at ${record.revokedAt}`);
    // Keys live in the tenant's own table; a key for another tenant there is a configuration error, refused.
    if (record.tenant !== this.tenant)
      throw unauthorized('api-key-unknown', 'the API key is unknown or wrong');
    const { secretDigest: _digest, ...grants } = record;
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
