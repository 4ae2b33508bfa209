/** The tokens of one sign-in. `expiresAt` is milliseconds since the epoch. */
export interface TokenSet {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  expiresAt: number;
}

const TOKENS_KEY = 'cashlink.tokens';

/**
 * Keeps the tokens in memory and in sessionStorage (this tab only, gone when it closes), so a reload
 * stays signed in. Never in localStorage, cookies or URLs.
 */
export class TokenStore {
  #tokens: TokenSet | undefined;

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined) {
    this.#tokens = this.#read();
  }

  get(): TokenSet | undefined {
    return this.#tokens;
  }

  set(tokens: TokenSet): void {
    this.#tokens = tokens;
    try {
      this.storage?.setItem(TOKENS_KEY, JSON.stringify(tokens));
    } catch {
      // Memory still holds them; a reload signs in again.
    }
  }

  clear(): void {
    this.#tokens = undefined;
    try {
      this.storage?.removeItem(TOKENS_KEY);
    } catch {
      // Nothing stored to remove.
    }
  }

  #read(): TokenSet | undefined {
    try {
      const text = this.storage?.getItem(TOKENS_KEY);
      if (!text) return undefined;
      const value: unknown = JSON.parse(text);
      if (
        typeof value === 'object' &&
        value !== null &&
        typeof (value as TokenSet).accessToken === 'string' &&
        typeof (value as TokenSet).expiresAt === 'number'
      ) {
        return value as TokenSet;
      }
    } catch {
      // Unreadable: treated as signed out.
    }
    return undefined;
  }
}
