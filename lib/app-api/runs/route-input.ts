import type { z } from 'zod';
import { toFieldIssues } from '../../../events/index.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import { header, quoted } from '../../partner-api/http.ts';
import type { AppRouteContext } from '../app-route.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;
const JSON_CONTENT = /^application\/([a-z0-9.+-]+\+)?json\s*(;.*)?$/i;
const CURSOR = /^[A-Za-z0-9_.~-]{1,2048}$/;

/** The request's JSON body (415 for another media type, 400 rule `json` when it does not parse). */
export function bodyOf(context: AppRouteContext): unknown {
  const { request } = context;
  if ((request.body ?? '') === '') return undefined;
  const type = header(request, 'content-type');
  if (!type || !JSON_CONTENT.test(type)) {
    throw new HttpProblem(415, 'Unsupported Media Type', 'send the body as application/json', [
      {
        path: 'content-type',
        rule: 'media-type',
        message: 'expected application/json',
        value: quoted(type ?? '(none)'),
      },
    ]);
  }
  try {
    return JSON.parse(request.body) as unknown;
  } catch (error) {
    throw new HttpProblem(
      400,
      'Bad Request',
      'the body is not valid JSON',
      [{ path: '(body)', rule: 'json', message: error instanceof Error ? error.message : 'not JSON' }],
      {},
      { cause: error },
    );
  }
}

/** The body checked by `schema`; a 400 naming each field, rule and value otherwise. */
export function parseBody<T extends z.ZodType>(
  context: AppRouteContext,
  schema: T,
  what: string,
): z.output<T> {
  const body = bodyOf(context);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new HttpProblem(400, 'Bad Request', `the ${what} is invalid`, toFieldIssues(parsed.error, body));
  }
  return parsed.data;
}

/** `?limit=` (1–100, default 50) and `?cursor=`. */
export function pageOf(context: AppRouteContext): { limit: number; cursor?: string } {
  const query = context.request.query ?? {};
  const text = query.limit;
  let limit = DEFAULT_LIMIT;
  if (text !== undefined && text !== '') {
    const n = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
      throw new HttpProblem(400, 'Bad Request', `limit is a whole number from 1 to ${MAX_LIMIT}`, [
        { path: 'limit', rule: 'range', message: `from 1 to ${MAX_LIMIT}`, value: quoted(text) },
      ]);
    }
    limit = n;
  }
  const cursor = query.cursor;
  if (cursor === undefined || cursor === '') return { limit };
  if (!CURSOR.test(cursor)) throw badCursor(cursor);
  return { limit, cursor };
}

export function badCursor(cursor: string, cause?: unknown): HttpProblem {
  return new HttpProblem(
    400,
    'Bad Request',
    'the cursor is not one this list answered',
    [
      {
        path: 'cursor',
        rule: 'cursor',
        message: 'pass nextCursor of the previous page unchanged',
        value: quoted(cursor),
      },
    ],
    {},
    { cause },
  );
}

/** 403 for an administration named in a query or body the user may not use (or the tenant lacks). */
export function refusedAdministration(administration: string): HttpProblem {
  return new HttpProblem(403, 'Forbidden', `no access to administration ${quoted(administration)}`, [
    {
      path: 'administration',
      rule: 'administration-not-granted',
      message: 'the administration is not granted to you',
      value: quoted(administration),
    },
  ]);
}

/** 404 for a connector that is not one of the stack's. */
export function unknownConnector(connector: string, known: readonly string[]): HttpProblem {
  return new HttpProblem(404, 'Not Found', `no connector ${quoted(connector)}`, [
    {
      path: 'connector',
      rule: 'unknown-connector',
      message: `one of ${known.join(', ')}`,
      value: quoted(connector),
    },
  ]);
}
