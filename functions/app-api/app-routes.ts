import { type ChoicesServices, choicesRoutes } from '../../lib/app-api/choices/index.ts';
import { type DocumentsServices, documentsRoutes } from '../../lib/app-api/documents/index.ts';
import type { AppRoute } from '../../lib/app-api/index.ts';
import { type MeServices, meRoutes } from '../../lib/app-api/me/index.ts';
import { type ReviewServices, reviewRoutes } from '../../lib/app-api/review/index.ts';

/** Every service the app's areas take; each area reads the part it needs. */
export type AppServices = MeServices & ChoicesServices & ReviewServices & DocumentsServices;

/**
 * The app API's routes, area by area. Each team adds its area's `<area>Routes(services)` here (and what it
 * needs to `AppServices`); the router refuses a method and path defined twice.
 */
export function appRoutes(services: AppServices): AppRoute[] {
  return [
    ...meRoutes(services),
    ...choicesRoutes(services),
    ...reviewRoutes(services),
    ...documentsRoutes(services),
  ];
}
