import { timingSafeEqual } from 'node:crypto';

/** Constant-time equality of two hex signatures (case-insensitive); false when the lengths differ. */
export function sameHexSignature(expected: string, received: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), 'utf8');
  const b = Buffer.from(received.trim().toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
