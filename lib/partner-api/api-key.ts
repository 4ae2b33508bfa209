import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AdministrationCode } from '../../events/fields.ts';
import { EVENT_TYPES } from '../../events/index.ts';
import { ApiKeyFormatError } from './errors.ts';

/**
 * API keys look like `clk_<id>_<secret>`: the id (12 lower-case hex digits) finds the record, the secret
 * (64 hex digits, 256 random bits) proves possession. Only a SHA-256 digest of the secret is stored; with
 * 256 bits of entropy a slow hash (scrypt) adds nothing against guessing, and SHA-256 keeps every request
 * cheap.
 */
export const API_KEY_PATTERN = /^clk_([0-9a-f]{12})_([0-9a-f]{64})$/;
export const API_KEY_ID_PATTERN = /^[0-9a-f]{12}$/;

export interface ApiKeyParts {
  id: string;
  secret: string;
}

export function parseApiKey(value: string): ApiKeyParts {
  const match = API_KEY_PATTERN.exec(value.trim());
  if (!match) throw new ApiKeyFormatError('an API key has the form clk_<12 hex digits>_<64 hex digits>');
  return { id: match[1] as string, secret: match[2] as string };
}

export function formatApiKey(parts: ApiKeyParts): string {
  return `clk_${parts.id}_${parts.secret}`;
}

export function generateApiKeyParts(random: (size: number) => Buffer = randomBytes): ApiKeyParts {
  return { id: random(6).toString('hex'), secret: random(32).toString('hex') };
}

/**
 * The stored digest of a key secret. It is also the HMAC key for signed requests (a verifier must hold a
 * key that can sign); partners derive it from their secret with `signingKeyOf(secret)`.
 */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(`cashlink-api-key-v1\u0000${secret}`).digest('hex');
}

/** Constant-time comparison of two strings of any length (digests of equal length are compared). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

/**
 * What a key may do besides sending events and reading documents: manage the bank matcher's rules and
 * deny-list of an administration it is granted. `bank-rules:write` implies reading them.
 */
export const PARTNER_SCOPES = ['bank-rules:read', 'bank-rules:write'] as const;
export type PartnerScope = (typeof PARTNER_SCOPES)[number];

/** Keys made before scopes existed (or without any) may look at the rules but not change them. */
export const DEFAULT_PARTNER_SCOPES: readonly PartnerScope[] = ['bank-rules:read'];

export const ApiKeyRecord = z
  .object({
    id: z.string().regex(API_KEY_ID_PATTERN, '12 lower-case hex digits'),
    tenant: z.string().min(1),
    partner: z.string().min(1).max(100).describe('who holds the key, e.g. the partner company'),
    secretDigest: z.string().regex(/^[0-9a-f]{64}$/),
    administrations: z
      .array(AdministrationCode)
      .min(1)
      .describe('administrations the key may write to and read'),
    eventTypes: z.array(z.enum(EVENT_TYPES)).min(1).describe('event types the key may send'),
    rateLimitPerMinute: z.number().int().min(1).max(100_000),
    scopes: z
      .array(z.enum(PARTNER_SCOPES))
      .optional()
      .describe('further permissions (bank-rules:read, bank-rules:write); bank-rules:read when absent'),
    createdAt: z.string(),
    revokedAt: z.string().optional(),
    description: z.string().max(200).optional(),
  })
  .describe('an API key record in the documents table (pk = APIKEY#<id>)');
export type ApiKeyRecord = z.infer<typeof ApiKeyRecord>;

/** What an authenticated request may do: the key's grants, without its digest. */
export type PartnerIdentity = Omit<ApiKeyRecord, 'secretDigest'> & { method: 'bearer' | 'hmac' };

/** Whether a key holds a scope; `bank-rules:write` includes `bank-rules:read`. */
export function hasScope(identity: Pick<ApiKeyRecord, 'scopes'>, scope: PartnerScope): boolean {
  const granted = identity.scopes ?? DEFAULT_PARTNER_SCOPES;
  return granted.includes(scope) || (scope === 'bank-rules:read' && granted.includes('bank-rules:write'));
}
