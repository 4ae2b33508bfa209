import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One public key of the JWKS document. */
export interface PublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

const FILE = 'signing-key.pem';

/**
 * The local provider's RS256 key: made on first start (RSA 2048) and kept in `<dir>/signing-key.pem` with
 * mode 0600, so tokens stay valid across restarts. `kid` is the key's RFC 7638 thumbprint.
 */
export class SigningKey {
  readonly kid: string;
  private readonly publicJwk: PublicJwk;
  private readonly publicKey: KeyObject;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    const jwk = this.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    const thumbprint = createHash('sha256')
      .update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n }))
      .digest('base64url');
    this.kid = thumbprint;
    this.publicJwk = { kty: 'RSA', n: jwk.n, e: jwk.e, kid: thumbprint, alg: 'RS256', use: 'sig' };
  }

  /** A fresh key held in memory only (tests). */
  static generate(): SigningKey {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return new SigningKey(privateKey);
  }

  /** The key in `dir`, made there (0600, directory 0700) when missing. */
  static loadOrCreate(dir: string): SigningKey {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, FILE);
    if (existsSync(path)) {
      chmodSync(path, 0o600);
      return new SigningKey(createPrivateKey(readFileSync(path, 'utf8')));
    }
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, {
      mode: 0o600,
      flag: 'wx',
    });
    return new SigningKey(privateKey);
  }

  jwks(): { keys: PublicJwk[] } {
    return { keys: [{ ...this.publicJwk }] };
  }

  /** A compact JWS (RS256) of `claims`; `kid` overrides the header's key id (tests of a wrong kid). */
  sign(claims: Record<string, unknown>, header: { kid?: string; alg?: string } = {}): string {
    const head = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: this.kid, ...header })).toString(
      'base64url',
    );
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const signature = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), this.privateKey).toString(
      'base64url',
    );
    return `${head}.${body}.${signature}`;
  }

  /** The claims of a token this key signed and that has not expired at `nowSeconds`; undefined otherwise. */
  verifyOwn(token: string, nowSeconds: number): Record<string, unknown> | undefined {
    const parts = token.split('.');
    const [head, body, signature] = parts;
    if (parts.length !== 3 || !head || !body || !signature) return undefined;
    try {
      const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as {
        alg?: string;
        kid?: string;
      };
      if (header.alg !== 'RS256' || header.kid !== this.kid) return undefined;
      const signed = Buffer.from(`${head}.${body}`);
      if (!verify('RSA-SHA256', signed, this.publicKey, Buffer.from(signature, 'base64url')))
        return undefined;
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return undefined;
      return claims;
    } catch {
      return undefined;
    }
  }
}
