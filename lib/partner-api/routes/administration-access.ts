import { administrationDenial, administrationDeniedMessage } from '../authorization.ts';
import { HttpProblem } from '../errors.ts';
import { quoted } from '../http.ts';
import type { RouteContext } from './route-context.ts';

/**
 * Refuses (403) a request for an administration this tenant does not have or the key was not granted, with
 * one answer for both. `refusal` is the problem's detail, saying what the key may not do there.
 */
export function requireAdministration(ctx: RouteContext, administration: string, refusal: string): void {
  const rule = administrationDenial(ctx.identity, administration, ctx.scope);
  if (rule) {
    throw new HttpProblem(403, 'Forbidden', refusal, [
      {
        path: 'administration',
        rule,
        message: administrationDeniedMessage(quoted(administration)),
        value: quoted(administration),
      },
    ]);
  }
}
