import { grantedAdministrations } from '../../identity/app-user.ts';
import { jsonResponse } from '../../partner-api/http.ts';
import type { AppRoute } from '../app-route.ts';

export interface MeServices {
  tenant: string;
  /** Names of the tenant's administrations by code (the tenant file's `name`). */
  administrationNames: ReadonlyMap<string, string>;
}

/** GET /v1/app/me: who is signed in, with the administrations granted (in the tenant file's order). */
export function meRoutes(services: MeServices): AppRoute[] {
  return [
    {
      method: 'GET',
      path: '/v1/app/me',
      action: 'read',
      handle: async (ctx) =>
        jsonResponse(200, {
          user: ctx.user,
          tenant: services.tenant,
          administrations: grantedAdministrations(ctx.user, ctx.administrations).map((code) => ({
            code,
            name: services.administrationNames.get(code) ?? code,
          })),
        }),
    },
  ];
}
