import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalQuery,
  canonicalRequest,
  formatApiKey,
  parseApiKey,
  REPLAY_WINDOW_SECONDS,
  type SignedParts,
  safeEqual,
  secretDigest,
  signatureOf,
  signedRequestHeaders,
  signingKeyOf,
  verifySignature,
} from '../../../lib/partner-api/index.ts';

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const unixSeconds = fc.integer({ min: 1_000_000_000, max: 4_000_000_000 });
const nonce = fc.string({
  unit: fc.constantFrom(...'ABCxyz0189-_'),
  minLength: 16,
  maxLength: 64,
});
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE');
const path = fc.constantFrom(
  '/v1/events',
  '/v1/documents/evt_1',
  '/v1/administrations/DEMO/bank-rules',
  '/v1/administrations/DEMO/bank-rules/r1',
  '/webhooks/woocommerce',
);
const query = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), {
  maxKeys: 3,
});
const parts = fc.record({
  method,
  path,
  query,
  keyId: hex(12),
  timestamp: unixSeconds.map(String),
  nonce,
  body: fc.string({ unit: 'binary', maxLength: 200 }),
});

/** Computed by hand (Python's hmac/hashlib, RFC 5869 HKDF) from the README's description. */
const VECTOR = {
  secret: 'ab'.repeat(32),
  signingKey: 'edbf7ee2437a0d863fa556d1e48f5bc788a17c031b8afb8b8db97aa5396becd1',
  parts: {
    method: 'post',
    path: '/v1/administrations/DEMO/bank-rules',
    query: { origin: 'user', 'a b': 'c*d' },
    keyId: 'a1b2c3d4e5f6',
    timestamp: '1775037600',
    nonce: '0123456789abcdef0123456789abcdef',
    body: '{"events":[]}',
  } satisfies SignedParts,
  canonical:
    'v1\nPOST\n/v1/administrations/DEMO/bank-rules\na%20b=c%2Ad&origin=user\na1b2c3d4e5f6\n1775037600\n' +
    '0123456789abcdef0123456789abcdef\n24de1c4a19c43ad41b013f13dcd858c17b0daa7f33a53f19913e5b11366d1c2e',
  signature: 'v1=9470ca2b56c3b3876507d662440f0ceaae26dac8a320cd09a7c658f1ec512184',
};

describe('Request signing: the documented vector', () => {
  it('derives the signing key, the canonical string and the signature computed by hand', () => {
    // Act
    const key = signingKeyOf(VECTOR.secret);
    const canonical = canonicalRequest(VECTOR.parts);
    const signature = signatureOf(key, VECTOR.parts);
    // Assess
    expect(key).toBe(VECTOR.signingKey);
    expect(canonical).toBe(VECTOR.canonical);
    expect(signature).toBe(VECTOR.signature);
  });

  it('signs with a key that is not the stored bearer verifier: a signature made with the verifier fails', () => {
    // Prepare
    const verifier = secretDigest(VECTOR.secret);
    // Act
    const check = verifySignature({
      signingKey: VECTOR.signingKey,
      parts: VECTOR.parts,
      signature: signatureOf(verifier, VECTOR.parts),
      now: new Date(1_775_037_600_000),
    });
    // Assess
    expect(verifier).not.toBe(VECTOR.signingKey);
    expect(check).toMatchObject({ ok: false, rule: 'signature' });
  });

  it('the client signer produces headers the verifier accepts', () => {
    // Act
    const headers = signedRequestHeaders({
      keyId: VECTOR.parts.keyId,
      signingKey: VECTOR.signingKey,
      method: VECTOR.parts.method,
      path: VECTOR.parts.path,
      query: VECTOR.parts.query,
      body: VECTOR.parts.body,
      now: new Date(1_775_037_600_000),
      nonce: VECTOR.parts.nonce,
    });
    // Assess
    expect(headers).toEqual({
      'x-cashlink-key-id': 'a1b2c3d4e5f6',
      'x-cashlink-timestamp': '1775037600',
      'x-cashlink-nonce': VECTOR.parts.nonce,
      'x-cashlink-signature': VECTOR.signature,
    });
  });
});

describe('Function: canonicalQuery', () => {
  it('is the same for any order of the parameters and encodes per RFC 3986', () => {
    fc.assert(
      fc.property(query, (params) => {
        // Prepare
        const reversed = Object.fromEntries(Object.entries(params).reverse());
        // Act
        const canonical = canonicalQuery(params);
        // Assess
        expect(canonicalQuery(reversed)).toBe(canonical);
        expect(canonical).toMatch(/^[A-Za-z0-9\-._~%=&]*$/);
      }),
    );
  });
});

describe('Function: verifySignature', () => {
  it('accepts every request signed with the key inside the replay window', () => {
    fc.assert(
      fc.property(hex(64), parts, fc.integer({ min: -300, max: 300 }), (secret, signed, skew) => {
        // Prepare
        const key = signingKeyOf(secret);
        // Act
        const check = verifySignature({
          signingKey: key,
          parts: signed,
          signature: signatureOf(key, signed),
          now: new Date((Number(signed.timestamp) + skew) * 1000),
        });
        // Assess
        expect(check).toEqual({ ok: true });
      }),
    );
  });

  it('refuses the signature for another method, path, query, key id, timestamp, nonce, body or key', () => {
    fc.assert(
      fc.property(hex(64), hex(64), parts, parts, (secret, otherSecret, signed, other) => {
        // Prepare
        const key = signingKeyOf(secret);
        const signature = signatureOf(key, signed);
        const now = new Date(Number(signed.timestamp) * 1000);
        const changes: SignedParts[] = (['method', 'path', 'query', 'keyId', 'nonce', 'body'] as const)
          .filter(
            (field) => canonicalRequest({ ...signed, [field]: other[field] }) !== canonicalRequest(signed),
          )
          .map((field) => ({ ...signed, [field]: other[field] }));
        const shifted = { ...signed, timestamp: String(Number(signed.timestamp) + 1) };
        // Act
        const checks = [...changes, shifted].map((changed) =>
          verifySignature({ signingKey: key, parts: changed, signature, now }),
        );
        const otherKey = verifySignature({
          signingKey: signingKeyOf(otherSecret),
          parts: signed,
          signature,
          now,
        });
        // Assess
        for (const check of checks) expect(check).toMatchObject({ ok: false, rule: 'signature' });
        if (secret !== otherSecret) expect(otherKey).toMatchObject({ ok: false, rule: 'signature' });
      }),
    );
  });

  it('refuses timestamps outside the replay window, whatever the signature', () => {
    fc.assert(
      fc.property(
        parts,
        fc.integer({ min: REPLAY_WINDOW_SECONDS + 1, max: 10_000_000 }),
        fc.boolean(),
        (signed, skew, late) => {
          // Prepare
          const key = signingKeyOf('ab'.repeat(32));
          const at = Number(signed.timestamp);
          // Act
          const check = verifySignature({
            signingKey: key,
            parts: signed,
            signature: signatureOf(key, signed),
            now: new Date((at + (late ? skew : -skew)) * 1000),
          });
          // Assess
          expect(check).toMatchObject({ ok: false, rule: 'replay-window' });
        },
      ),
    );
  });

  it('never throws on arbitrary header values from outside', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.string(),
        fc.string(),
        (timestamp, nonceValue, signature, body) => {
          // Act
          const check = verifySignature({
            signingKey: 'ab'.repeat(32),
            parts: { method: 'GET', path: '/', keyId: 'k', timestamp, nonce: nonceValue, body },
            signature,
          });
          // Assess
          expect(check.ok).toBe(false);
        },
      ),
    );
  });

  it.each([
    ['2026-04-01T10:00:00Z', VECTOR.parts.nonce, VECTOR.signature, 'timestamp-format'],
    ['1775037600', 'short', VECTOR.signature, 'nonce-format'],
    ['1775037600', 'x'.repeat(65), VECTOR.signature, 'nonce-format'],
    ['1775037600', VECTOR.parts.nonce, `sha256=${'0'.repeat(64)}`, 'signature-format'],
    ['1775037600', VECTOR.parts.nonce, '0'.repeat(64), 'signature-format'],
  ])(
    'names the rule for timestamp %s, nonce %s and signature %s',
    (timestamp, nonceValue, signature, rule) => {
      // Act
      const check = verifySignature({
        signingKey: VECTOR.signingKey,
        parts: { ...VECTOR.parts, timestamp, nonce: nonceValue },
        signature,
        now: new Date(1_775_037_600_000),
      });
      // Assess
      expect(check).toMatchObject({ ok: false, rule });
    },
  );

  it('accepts an upper-case hex signature', () => {
    // Act
    const check = verifySignature({
      signingKey: VECTOR.signingKey,
      parts: VECTOR.parts,
      signature: `v1=${VECTOR.signature.slice(3).toUpperCase()}`,
      now: new Date(1_775_037_600_000),
    });
    // Assess
    expect(check.ok).toBe(true);
  });
});

describe('Function: parseApiKey / formatApiKey', () => {
  it('round-trips every id and secret', () => {
    fc.assert(
      fc.property(hex(12), hex(64), (id, secret) => {
        // Act & Assess
        expect(parseApiKey(formatApiKey({ id, secret }))).toEqual({ id, secret });
      }),
    );
  });

  it.each([
    ['clk_abc_def'],
    [`clk_A1B2C3D4E5F6_${'0'.repeat(64)}`],
    [`xyz_a1b2c3d4e5f6_${'0'.repeat(64)}`],
    [''],
  ])('refuses %s', (value) => {
    // Act & Assess
    expect(() => parseApiKey(value)).toThrow(/clk_/);
  });
});

describe('Function: safeEqual', () => {
  it('is string equality', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        // Act & Assess
        expect(safeEqual(a, b)).toBe(a === b);
        expect(safeEqual(a, a)).toBe(true);
      }),
    );
  });
});
