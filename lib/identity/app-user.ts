/**
 * A person signed in to the web app, as the identity provider's token says (Amazon Cognito in AWS, the
 * hub's local stand-in on one machine). One stack serves one tenant, so the tenant is the stack's own.
 */
export const APP_ROLES = ['operator', 'bookkeeper', 'read-only'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export interface AppUser {
  /** The token's `sub`. */
  id: string;
  /** The sign-in name (Cognito `username`, an e-mail address here). */
  username: string;
  email?: string;
  name?: string;
  tenant: string;
  /** The strongest of the user's groups; a user in none of the role groups gets no access. */
  role: AppRole;
  /**
   * Administrations granted (groups `adm:<code>`); an operator is granted every administration of the
   * tenant (`'*'`).
   */
  administrations: readonly string[] | '*';
}

/**
 * What a route does, from weakest to strongest: `read` (see), `act` (clear the review queue, correct,
 * book, edit bank rules of an administration granted), `operate` (settings, API keys, users, runs).
 */
export type AppAction = 'read' | 'act' | 'operate';

const ALLOWED: Record<AppRole, ReadonlySet<AppAction>> = {
  operator: new Set(['read', 'act', 'operate']),
  bookkeeper: new Set(['read', 'act']),
  'read-only': new Set(['read']),
};

/** Why a user may not do something; routes turn it into a 403 problem naming the rule. */
export type AccessRefusal = 'administration-not-granted' | 'role';

/**
 * Whether `user` may do `action`, on `administration` when the route is about one. Undefined means yes;
 * otherwise the rule that refuses it. An administration the tenant does not have is refused the same way as
 * one not granted (the caller checks existence after access, so both answer alike).
 */
export function refusalFor(
  user: AppUser,
  action: AppAction,
  administration?: string,
): AccessRefusal | undefined {
  if (!ALLOWED[user.role].has(action)) return 'role';
  if (administration === undefined || user.administrations === '*') return undefined;
  return user.administrations.includes(administration) ? undefined : 'administration-not-granted';
}

/** The administrations of `all` that `user` may see, in the order given. */
export function grantedAdministrations(user: AppUser, all: readonly string[]): string[] {
  return user.administrations === '*' ? [...all] : all.filter((code) => user.administrations.includes(code));
}
