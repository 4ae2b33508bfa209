import type { NonceStore } from './nonce-store.ts';

/** Nonces in memory, for tests and single-process runs; expired ones are dropped as new ones arrive. */
export class InMemoryNonceStore implements NonceStore {
  private readonly seen = new Map<string, number>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async claim(keyId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    const now = this.clock().getTime();
    for (const [key, until] of this.seen) if (until <= now) this.seen.delete(key);
    const key = `${keyId}#${nonce}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, expiresAt.getTime());
    return true;
  }
}
