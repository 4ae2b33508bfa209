import type { AppAction, AppUser } from '../identity/app-user.ts';
import type { HttpRequest, HttpResponse } from '../partner-api/http.ts';

/**
 * One route of the web app's API (`/v1/app/…`), served by the app-api function. Each area of the app
 * (review queue, documents, runs, settings, intake, …) exports a factory that takes the services it needs
 * and returns its routes; the function's handler wires real services, tests wire fakes. The router checks
 * the signed-in user and `action` (on the path's `{administration}` when there is one) before `handle`
 * runs; a route that works on an administration named elsewhere (query, body, a document) checks it
 * itself with `refusalFor`.
 */
export interface AppRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway route path with `{name}` parameters, e.g. `/v1/app/administrations/{administration}/relations`. */
  path: string;
  action: AppAction;
  handle(context: AppRouteContext): Promise<HttpResponse>;
}

export interface AppRouteContext {
  request: HttpRequest;
  /** Path parameters of `path`. */
  params: Record<string, string>;
  user: AppUser;
  /** Administrations of the tenant, in the tenant file's order. */
  administrations: readonly string[];
  now: Date;
}
