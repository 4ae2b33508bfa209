import { grantedAdministrations, refusalFor } from '../identity/app-user.ts';
import { HttpProblem } from '../partner-api/errors.ts';
import { quoted } from '../partner-api/http.ts';
import type { AppRouteContext } from './app-route.ts';

/**
 * The administrations a list looks in: the one the query names (403 `administration-not-granted` when the
 * tenant has no such administration or the user is not granted it, alike), or every one the user is granted.
 */
export function administrationsToList(ctx: AppRouteContext, named: string | undefined): string[] {
  if (named === undefined) return grantedAdministrations(ctx.user, ctx.administrations);
  if (!ctx.administrations.includes(named) || refusalFor(ctx.user, 'read', named) !== undefined) {
    throw new HttpProblem(403, 'Forbidden', `you are not granted administration ${quoted(named)}`, [
      {
        path: 'administration',
        rule: 'administration-not-granted',
        message: `you are not granted administration ${quoted(named)}`,
        value: quoted(named),
      },
    ]);
  }
  return [named];
}

/** Administration codes as the tenant file allows them; anything else cannot name one. */
export const ADMINISTRATION_PARAM = /^[A-Za-z0-9_-]{1,20}$/;
/** Connector names (kebab-case). */
export const CONNECTOR_PARAM = /^[a-z0-9][a-z0-9-]{0,39}$/;
