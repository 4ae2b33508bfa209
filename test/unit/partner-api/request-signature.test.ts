import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatApiKey,
  parseApiKey,
  REPLAY_WINDOW_SECONDS,
  safeEqual,
  signingKeyOf,
  signRequest,
  verifySignature,
} from '../../../lib/partner-api/index.ts';

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const unixSeconds = fc.integer({ min: 1_000_000_000, max: 4_000_000_000 });

describe('Function: verifySignature', () => {
  it('accepts every body signed with the key inside the replay window', () => {
    fc.assert(
      fc.property(
        hex(64),
        fc.string({ unit: 'binary' }),
        unixSeconds,
        fc.integer({ min: -300, max: 300 }),
        (secret, body, at, skew) => {
          // Prepare
          const key = signingKeyOf(secret);
          const signature = signRequest(key, String(at), body);
          // Act
          const check = verifySignature({
            signingKey: key,
            timestamp: String(at),
            body,
            signature,
            now: new Date((at + skew) * 1000),
          });
          // Assess
          expect(check).toEqual({ ok: true });
        },
      ),
    );
  });

  it('refuses a changed body, another key or another timestamp', () => {
    fc.assert(
      fc.property(
        hex(64),
        hex(64),
        fc.string(),
        fc.string(),
        unixSeconds,
        fc.integer({ min: 1, max: 200 }),
        (secret, otherSecret, body, otherBody, at, shift) => {
          fc.pre(secret !== otherSecret && body !== otherBody);
          // Prepare
          const key = signingKeyOf(secret);
          const signature = signRequest(key, String(at), body);
          const now = new Date(at * 1000);
          // Act
          const changedBody = verifySignature({
            signingKey: key,
            timestamp: String(at),
            body: otherBody,
            signature,
            now,
          });
          const otherKey = verifySignature({
            signingKey: signingKeyOf(otherSecret),
            timestamp: String(at),
            body,
            signature,
            now,
          });
          const shifted = verifySignature({
            signingKey: key,
            timestamp: String(at + shift),
            body,
            signature,
            now,
          });
          // Assess
          for (const check of [changedBody, otherKey, shifted])
            expect(check).toMatchObject({ ok: false, rule: 'signature' });
        },
      ),
    );
  });

  it('refuses timestamps outside the replay window, whatever the signature', () => {
    fc.assert(
      fc.property(
        unixSeconds,
        fc.integer({ min: REPLAY_WINDOW_SECONDS + 1, max: 10_000_000 }),
        fc.boolean(),
        (at, skew, late) => {
          // Prepare
          const key = signingKeyOf('ab'.repeat(32));
          const signature = signRequest(key, String(at), '{}');
          // Act
          const check = verifySignature({
            signingKey: key,
            timestamp: String(at),
            body: '{}',
            signature,
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
      fc.property(fc.string(), fc.string(), fc.string(), (timestamp, signature, body) => {
        // Act
        const check = verifySignature({ signingKey: 'k', timestamp, body, signature });
        // Assess
        expect(check.ok).toBe(false);
      }),
    );
  });

  it.each([
    ['2026-04-01T10:00:00Z', `sha256=${'0'.repeat(64)}`, 'timestamp-format'],
    ['1775037600', 'md5=abc', 'signature-format'],
    ['1775037600', '0'.repeat(64), 'signature-format'],
  ])('names the rule for timestamp %s and signature %s', (timestamp, signature, rule) => {
    // Act
    const check = verifySignature({
      signingKey: 'k',
      timestamp,
      body: '',
      signature,
      now: new Date(1_775_037_600_000),
    });
    // Assess
    expect(check).toMatchObject({ ok: false, rule });
  });

  it('accepts an upper-case hex signature', () => {
    // Prepare
    const signature = signRequest('k', '1775037600', 'body');
    // Act
    const check = verifySignature({
      signingKey: 'k',
      timestamp: '1775037600',
      body: 'body',
      signature: `sha256=${signature.slice(7).toUpperCase()}`,
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
