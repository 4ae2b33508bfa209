import type { AppUser } from '../identity/app-user.ts';

/**
 * The bearer-token check the router needs: `AppTokenVerifier` of `lib/identity/` (identity team, on
 * aws-jwt-verify) satisfies it. `verify` throws an `AppAuthenticationError` (name and `reason`) for a token
 * it refuses; any other error means the check itself failed.
 */
export interface AppTokenVerifierPort {
  verify(bearer: string): Promise<AppUser>;
}

/** What the router reads of an `AppAuthenticationError`, recognised by its name (no import of its class). */
export interface AuthenticationRefusal {
  reason: string;
  message: string;
}

export function authenticationRefusal(error: unknown): AuthenticationRefusal | undefined {
  if (!(error instanceof Error) || error.name !== 'AppAuthenticationError') return undefined;
  const reason = (error as { reason?: unknown }).reason;
  return { reason: typeof reason === 'string' ? reason : 'invalid-token', message: error.message };
}
