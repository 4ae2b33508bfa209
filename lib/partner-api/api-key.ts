import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AdministrationCode } from '../../events/fields.ts';
import { EVENT_TYPES } from '../../events/index.ts';
import { ApiKeyFormatError } from './errors.ts';

/**
 * API keys look like `clk_<id>_<secret>`: the id (12 lower-case hex digits) finds the record, the secret
 * (64 hex digits, 256 random bits) proves possession. For bearer requests only a SHA-256 digest of the
 * secret is stored; with 256 bits of entropy a slow hash (scrypt) adds nothing against guessing, and
 * SHA-256 keeps every request cheap. Signed requests use a separate HKDF-derived key (`signingKeyOf`).
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
 * The stored bearer verifier of a key secret. It is not the signing key: that one is derived from the
 * secret with its own HKDF label, so the verifier alone can neither sign nor give the signing key.
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
 * deny-list of an administration it is granted, read the outbound delivery records and ask a target for a
 * full load or reconcile. Each `:write` implies its `:read`.
 */
export const PARTNER_SCOPES = [
  'bank-rules:read',
  'bank-rules:write',
  'deliveries:read',
  'deliveries:write',
] as const;
export type PartnerScope = (typeof PARTNER_SCOPES)[number];

/** Keys made before scopes existed (or without any) may look at the rules but not change them. */
export const DEFAULT_PARTNER_SCOPES: readonly PartnerScope[] = ['bank-rules:read'];

/**
 * Connectors of the hub itself: no key may send events in their name, since their events are trusted as
 * theirs (a relation from the invoice mailbox, a bank booking). Kept equal to the connector registry
 * (lib/tenant/) by a test.
 */
export const HUB_CONNECTORS = [
  'cash-writer',
  'cash-sync',
  'invoice-mailbox',
  'bank-import',
  'partner-api',
  'app-api',
  'woocommerce',
] as const;

/** The connector of every event sent to `POST /v1/events`, whatever key sends it. */
export const PARTNER_CONNECTOR = 'partner-api';

/** A connector name a webhook route takes: `/webhooks/{connector}`. */
export const WEBHOOK_CONNECTOR_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

export const ApiKeyRecord = z
  .object({
    id: z.string().regex(API_KEY_ID_PATTERN, '12 lower-case hex digits'),
    tenant: z.string().min(1),
    partner: z.string().min(1).max(100).describe('who holds the key, e.g. the partner company'),
    secretDigest: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe('SHA-256 verifier of the secret (bearer)'),
    signingKey: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional()
      .describe('HKDF-derived HMAC key for signed requests; keys made before it existed cannot sign'),
    administrations: z
      .array(AdministrationCode)
      .min(1)
      .describe('administrations the key may write to and read'),
    eventTypes: z.array(z.enum(EVENT_TYPES)).min(1).describe('event types the key may send'),
    rateLimitPerMinute: z.number().int().min(1).max(100_000),
    scopes: z
      .array(z.enum(PARTNER_SCOPES))
      .optional()
      .describe(
        'further permissions (bank-rules:read|write, deliveries:read|write); bank-rules:read when absent',
      ),
    webhookConnectors: z
      .array(
        z
          .string()
          .regex(WEBHOOK_CONNECTOR_PATTERN, 'a webhook connector name: a-z, 0-9 and -, at most 40')
          .refine(
            (name) => !(HUB_CONNECTORS as readonly string[]).includes(name),
            'the hub’s own connectors cannot be granted to a key',
          ),
      )
      .optional()
      .describe('connectors whose webhook (/webhooks/{connector}) the key may sign for; none when absent'),
    createdAt: z.string(),
    revokedAt: z.string().optional(),
    description: z.string().max(200).optional(),
  })
  .describe('an API key record in the API-key table (pk = APIKEY#<id>)');
export type ApiKeyRecord = z.infer<typeof ApiKeyRecord>;

/** What an authenticated request may do: the key's grants, without its verifier and signing key. */
export type PartnerIdentity = Omit<ApiKeyRecord, 'secretDigest' | 'signingKey'> & {
  method: 'bearer' | 'hmac';
};

/** Whether a key holds a scope; `<area>:write` includes `<area>:read`. */
export function hasScope(identity: Pick<ApiKeyRecord, 'scopes'>, scope: PartnerScope): boolean {
  const granted = identity.scopes ?? DEFAULT_PARTNER_SCOPES;
  if (granted.includes(scope)) return true;
  return scope.endsWith(':read') && granted.includes(scope.replace(/:read$/, ':write') as PartnerScope);
}
