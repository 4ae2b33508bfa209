/** Signing in went wrong (discovery, the provider's answer, a state that does not match). */
export class AuthError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AuthError';
  }
}
