/**
 * What went wrong in the user directory: `not-found` (no such user or group), `exists` (the e-mail is taken),
 * `invalid` (the directory refused a value: password policy, e-mail format…), `unavailable` (anything else).
 * `field` names the input the error is about, when there is one.
 */
export type UserDirectoryErrorCode = 'not-found' | 'exists' | 'invalid' | 'unavailable';

export class UserDirectoryError extends Error {
  constructor(
    readonly code: UserDirectoryErrorCode,
    readonly field: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UserDirectoryError';
  }
}
