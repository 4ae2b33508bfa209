/**
 * Why a bearer token was not accepted. The app API answers 401 for all of them except `no-role` (a valid
 * sign-in without any role group), which it answers 403: the person is known but has no access.
 */
export type AppAuthenticationReason =
  | 'missing'
  | 'malformed'
  | 'expired'
  | 'not-yet-valid'
  | 'issuer'
  | 'audience'
  | 'client_id'
  | 'token_use'
  | 'signature'
  | 'algorithm'
  | 'kid'
  | 'claims'
  | 'jwks-unavailable'
  | 'no-role';

/** A token the app API refuses; `reason` names the rule, `message` says what was found (quoted, cut). */
export class AppAuthenticationError extends Error {
  constructor(
    readonly reason: AppAuthenticationReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppAuthenticationError';
  }
}
