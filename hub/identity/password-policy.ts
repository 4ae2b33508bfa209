/** The local pool's password policy, the same as the AWS pool's (infra/constructs/app-user-pool.ts). */
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

/** What a password lacks (Dutch, for the sign-in page), or undefined when it meets the policy. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `minstens ${MIN_PASSWORD_LENGTH} tekens`;
  if (password.length > MAX_PASSWORD_LENGTH) return `hoogstens ${MAX_PASSWORD_LENGTH} tekens`;
  if (!/[a-z]/.test(password)) return 'minstens één kleine letter';
  if (!/[A-Z]/.test(password)) return 'minstens één hoofdletter';
  if (!/[0-9]/.test(password)) return 'minstens één cijfer';
  if (!/[^A-Za-z0-9]/.test(password)) return 'minstens één leesteken of symbool';
  return undefined;
}
