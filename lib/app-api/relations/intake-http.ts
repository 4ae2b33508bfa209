import { HttpProblem } from '../../partner-api/errors.ts';
import {
  type HttpProblemDetail,
  type HttpResponse,
  problemResponse,
  quoted,
} from '../../partner-api/http.ts';
import type { AppRouteContext } from '../app-route.ts';

/**
 * Runs a route's work and answers an HttpProblem it throws as an RFC 9457 problem, so these routes answer
 * alike whether or not the router in front of them catches problems too. Anything else is the router's 500.
 */
export async function answering(work: () => Promise<HttpResponse>): Promise<HttpResponse> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    return problemResponse(error.status, error.detail, {
      title: error.title,
      errors: error.errors,
      headers: error.headers,
      extra: error.extra,
    });
  }
}

export function badRequest(detail: string, errors: HttpProblemDetail[]): HttpProblem {
  return new HttpProblem(400, 'Bad Request', detail, errors);
}

/** The request body as a JSON object; 400 naming the rule when it is not one. */
export function jsonObjectBody(context: AppRouteContext): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(context.request.body || 'null');
  } catch (cause) {
    throw new HttpProblem(
      400,
      'Bad Request',
      'the body is not JSON',
      [
        {
          path: '(root)',
          rule: 'json',
          message: 'the body must be a JSON object',
          value: quoted(context.request.body),
        },
      ],
      {},
      { cause },
    );
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('the body must be a JSON object', [
      { path: '(root)', rule: 'body-shape', message: 'expected a JSON object' },
    ]);
  return body as Record<string, unknown>;
}

/** `?limit=` (1–100, default 50) and `?cursor=` as an offset; 400 naming the parameter when wrong. */
export function pageOf(context: AppRouteContext): { limit: number; offset: number } {
  const query = context.request.query ?? {};
  const limitText = query.limit ?? '50';
  const limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : Number.NaN;
  if (!(limit >= 1 && limit <= 100))
    throw badRequest('limit is out of range', [
      {
        path: 'limit',
        rule: 'range',
        message: 'limit is a whole number from 1 to 100',
        value: quoted(limitText),
      },
    ]);
  const cursor = query.cursor;
  if (cursor === undefined || cursor === '') return { limit, offset: 0 };
  const decoded = /^[A-Za-z0-9_-]{1,16}$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  const offset = /^o:\d{1,9}$/.test(decoded) ? Number(decoded.slice(2)) : Number.NaN;
  if (!Number.isSafeInteger(offset))
    throw badRequest('cursor is not one this API gave', [
      {
        path: 'cursor',
        rule: 'cursor',
        message: 'pass the nextCursor of the previous page',
        value: quoted(cursor),
      },
    ]);
  return { limit, offset };
}

/** One page of an in-memory list, with the cursor of the next page when there is one. */
export function pageAnswer<T>(
  items: readonly T[],
  page: { limit: number; offset: number },
): { items: T[]; nextCursor?: string } {
  const slice = items.slice(page.offset, page.offset + page.limit);
  const next = page.offset + page.limit;
  return next < items.length
    ? { items: slice, nextCursor: Buffer.from(`o:${next}`, 'utf8').toString('base64url') }
    : { items: slice };
}

/** A path parameter as the route declared it; the router fills it, so absence is a wiring mistake. */
export function param(context: AppRouteContext, name: string): string {
  const value = context.params[name];
  if (value === undefined)
    throw new Error(`route parameter ${name} is missing: the route and router disagree`);
  return value;
}
