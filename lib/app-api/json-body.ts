import { HttpProblem } from '../partner-api/errors.ts';
import { type HttpRequest, header } from '../partner-api/http.ts';
import type { AppRouteContext } from './app-route.ts';

/** Where the router keeps the parsed JSON body on the route's context. */
export const APP_BODY: unique symbol = Symbol('app-api.body');

const JSON_CONTENT = /^application\/([a-z0-9.+-]+\+)?json\s*(;.*)?$/i;

/** The request's body as JSON: 415 for another media type, 400 (rule `json`) when it does not parse. */
export function parseJsonBody(request: HttpRequest): unknown {
  const type = header(request, 'content-type');
  if (!type || !JSON_CONTENT.test(type)) {
    throw new HttpProblem(
      415,
      'Unsupported Media Type',
      'send the body as application/json',
      [
        {
          path: 'content-type',
          rule: 'media-type',
          message: 'expected application/json',
          value: (type ?? '(none)').slice(0, 80),
        },
      ],
      { accept: 'application/json' },
    );
  }
  try {
    return JSON.parse(request.body) as unknown;
  } catch (error) {
    throw new HttpProblem(400, 'Bad Request', 'the body is not valid JSON', [
      { path: '(body)', rule: 'json', message: error instanceof Error ? error.message : 'not valid JSON' },
    ]);
  }
}

/**
 * The JSON body of a route's request, as the router parsed it (a route called directly, in a test, parses
 * it here with the same rules). An empty body is `undefined`; the route's schema says whether that is fine.
 */
export function jsonBody(context: AppRouteContext): unknown {
  const holder = context as AppRouteContext & { [APP_BODY]?: unknown };
  if (APP_BODY in holder) return holder[APP_BODY];
  return (context.request.body ?? '') === '' ? undefined : parseJsonBody(context.request);
}
