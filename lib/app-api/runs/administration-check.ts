import { type AppAction, refusalFor } from '../../identity/app-user.ts';
import type { AppRouteContext } from '../app-route.ts';
import { refusedAdministration } from './route-input.ts';

/**
 * An administration named in a query or body: the user may do `action` on it and the tenant has it; both
 * refusals answer alike (403) so codes cannot be probed. The role itself the router checked already.
 */
export function requireAdministration(
  context: AppRouteContext,
  action: AppAction,
  administration: string,
): string {
  if (refusalFor(context.user, action, administration) || !context.administrations.includes(administration))
    throw refusedAdministration(administration);
  return administration;
}

/** The administrations the user may see: undefined for all (an operator), else the granted ones. */
export function visibleAdministrations(context: AppRouteContext): readonly string[] | undefined {
  const { user } = context;
  if (user.administrations === '*') return undefined;
  return context.administrations.filter((code) => (user.administrations as readonly string[]).includes(code));
}
