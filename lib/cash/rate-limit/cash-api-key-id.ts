import { createHash } from 'node:crypto';

/**
 * The name under which a CASH API key's budget is shared (the rate limiter's key): a short hash of the key,
 * so the secret itself never lands in a table. Every client of the same key, in any function, gets the same name.
 */
export function cashApiKeyId(apiKey: string): string {
  return `cash-key#${createHash('sha256').update(apiKey).digest('hex').slice(0, 16)}`;
}
