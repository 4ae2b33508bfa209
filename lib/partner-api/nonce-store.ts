/**
 * Remembers the nonces of signed requests for as long as their timestamps are inside the replay window,
 * so a captured request is accepted once.
 */
export interface NonceStore {
  /** True when the nonce is new for this key (and is now taken); false when it was seen before. */
  claim(keyId: string, nonce: string, expiresAt: Date): Promise<boolean>;
}

export { DynamoNonceStore } from './dynamo-nonce-store.ts';
export { InMemoryNonceStore } from './in-memory-nonce-store.ts';
