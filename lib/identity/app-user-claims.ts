import { quoteText } from '../runtime/quoted-text.ts';
import { AppAuthenticationError } from './app-authentication-error.ts';
import { APP_ROLES, type AppRole, type AppUser } from './app-user.ts';

/** The group that grants one administration: `adm:<CODE>`. */
export const ADMINISTRATION_GROUP_PREFIX = 'adm:';

/** Role groups from strongest to weakest; a user in several gets the strongest. */
const STRENGTH: readonly AppRole[] = ['operator', 'bookkeeper', 'read-only'];

/** The group name that grants `administration`. */
export function administrationGroup(administration: string): string {
  return `${ADMINISTRATION_GROUP_PREFIX}${administration}`;
}

/** Whether `group` is one of the role groups. */
export function isRoleGroup(group: string): group is AppRole {
  return (APP_ROLES as readonly string[]).includes(group);
}

/**
 * Role and administrations from a token's `cognito:groups`: the strongest role group wins, `adm:<CODE>`
 * groups grant administrations (sorted, without duplicates), an operator is granted every administration
 * (`'*'`). Undefined role when the user is in no role group. Other groups are ignored.
 */
export function accessFromGroups(groups: readonly string[]): {
  role: AppRole | undefined;
  administrations: string[] | '*';
} {
  const role = STRENGTH.find((candidate) => groups.includes(candidate));
  if (role === 'operator') return { role, administrations: '*' };
  const administrations = [
    ...new Set(
      groups
        .filter(
          (g) => g.startsWith(ADMINISTRATION_GROUP_PREFIX) && g.length > ADMINISTRATION_GROUP_PREFIX.length,
        )
        .map((g) => g.slice(ADMINISTRATION_GROUP_PREFIX.length)),
    ),
  ].sort();
  return { role, administrations };
}

/** The groups that give `role` and `administrations` (the inverse of `accessFromGroups`). */
export function groupsForAccess(role: AppRole, administrations: readonly string[] | '*'): string[] {
  if (role === 'operator' || administrations === '*') return [role];
  return [role, ...[...new Set(administrations)].sort().map(administrationGroup)];
}

/**
 * The signed-in user of verified token claims (Cognito access token or the local provider's): `sub`,
 * `username`, `cognito:groups`, optional `email` and `name`. The tenant is the stack's, never the token's.
 * Throws AppAuthenticationError `claims` for a claim of the wrong shape and `no-role` for no role group.
 */
export function appUserFromClaims(claims: Record<string, unknown>, tenant: string): AppUser {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '')
    throw new AppAuthenticationError('claims', `claim sub: must be a non-empty string`);
  const username = claims.username ?? claims['cognito:username'] ?? sub;
  if (typeof username !== 'string' || username === '')
    throw new AppAuthenticationError('claims', `claim username: must be a non-empty string`);
  const rawGroups = claims['cognito:groups'] ?? [];
  if (!Array.isArray(rawGroups) || !rawGroups.every((g) => typeof g === 'string'))
    throw new AppAuthenticationError('claims', `claim cognito:groups: must be a list of group names`);
  const { role, administrations } = accessFromGroups(rawGroups);
  if (!role)
    throw new AppAuthenticationError(
      'no-role',
      `user ${quoteText(username)} is in none of the role groups (${APP_ROLES.join(', ')})`,
    );
  const user: AppUser = { id: sub, username, tenant, role, administrations };
  if (typeof claims.email === 'string' && claims.email !== '') user.email = claims.email;
  if (typeof claims.name === 'string' && claims.name !== '') user.name = claims.name;
  return user;
}
