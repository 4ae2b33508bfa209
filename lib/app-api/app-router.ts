import { randomUUID } from 'node:crypto';
import { type AppUser, refusalFor } from '../identity/app-user.ts';
import { HttpProblem } from '../partner-api/errors.ts';
import { type HttpRequest, type HttpResponse, header, problemResponse, quoted } from '../partner-api/http.ts';
import type { AppRoute, AppRouteContext } from './app-route.ts';
import {
  type AppTokenVerifierPort,
  type AuthenticationRefusal,
  authenticationRefusal,
} from './app-token-port.ts';
import { APP_BODY, parseJsonBody } from './json-body.ts';
import { RoutePattern } from './route-pattern.ts';

/** JSON bodies above this are refused before the token is even checked (API Gateway allows 10 MB). */
export const APP_MAX_BODY_BYTES = 1024 * 1024;

/** A route may take a larger body than the default (the receipt upload); never more than API Gateway's 10 MB. */
export interface AppRouteLimits {
  maxBodyBytes?: number;
}

export type AppLogLevel = 'info' | 'warn' | 'error';

export interface AppRouterDeps {
  routes: readonly (AppRoute & AppRouteLimits)[];
  verifier: AppTokenVerifierPort;
  /** The stack's tenant: a token of any other tenant is refused. */
  tenant: string;
  /** Administrations of the tenant, in the tenant file's order. */
  administrations: readonly string[];
  maxBodyBytes?: number;
  clock?: () => Date;
  log?: (level: AppLogLevel, message: string, details?: Record<string, unknown>) => void;
}

const BASE = '/v1/app';
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

interface CompiledRoute {
  route: AppRoute & AppRouteLimits;
  pattern: RoutePattern;
}

/**
 * The web app's API as a function of the request: matches the areas' routes, checks the signed-in user's
 * token, role and the path's administration, limits and parses JSON bodies, and turns every failure into an
 * RFC 9457 problem with a request id. An administration the tenant does not have is refused exactly like
 * one not granted, so codes cannot be probed.
 */
export class AppRouter {
  private readonly compiled: CompiledRoute[];
  private readonly clock: () => Date;

  constructor(private readonly deps: AppRouterDeps) {
    this.clock = deps.clock ?? (() => new Date());
    const seen = new Set<string>();
    this.compiled = deps.routes
      .map((route) => {
        const key = `${route.method} ${route.path}`;
        if (seen.has(key)) throw new Error(`app route ${key} is defined twice`);
        seen.add(key);
        if (!route.path.startsWith(`${BASE}/`)) throw new Error(`app route ${key} is not under ${BASE}/`);
        return { route, pattern: new RoutePattern(route.path) };
      })
      .sort((a, b) => a.pattern.rank - b.pattern.rank);
  }

  async handle(request: HttpRequest): Promise<HttpResponse> {
    const requestId = request.requestId ?? randomUUID();
    const idHeaders = { 'x-request-id': requestId, 'x-content-type-options': 'nosniff' };
    try {
      const response = await this.route(request);
      return { ...response, headers: { ...idHeaders, ...response.headers } };
    } catch (error) {
      const instance = `urn:request:${requestId}`;
      if (error instanceof HttpProblem) {
        if (error.status >= 500) this.deps.log?.('error', error.message, { error, requestId });
        return problemResponse(error.status, error.detail, {
          title: error.title,
          errors: error.errors,
          headers: { ...idHeaders, ...error.headers },
          extra: error.extra,
          instance,
        });
      }
      this.deps.log?.('error', 'app API request failed', {
        error,
        requestId,
        method: request.method,
        path: request.path,
      });
      return problemResponse(500, 'the request could not be processed; it is safe to try again', {
        headers: idHeaders,
        instance,
      });
    }
  }

  private async route(request: HttpRequest): Promise<HttpResponse> {
    const path = request.path.length > 1 ? request.path.replace(/\/+$/, '') : request.path;
    const method = request.method.toUpperCase();
    const candidates = this.compiled
      .map((c) => ({ ...c, params: c.pattern.match(path) }))
      .filter((c): c is CompiledRoute & { params: Record<string, string> } => c.params !== undefined);
    if (candidates.length === 0) {
      throw new HttpProblem(404, 'Not Found', `no route ${quoted(path)}`, [
        {
          path: 'path',
          rule: 'unknown-route',
          message: `no route ${method} ${quoted(path)}`,
          value: quoted(path),
        },
      ]);
    }
    const found = candidates.find((c) => c.route.method === method);
    if (!found) {
      const allow = [...new Set(candidates.map((c) => c.route.method))].join(', ');
      throw new HttpProblem(
        405,
        'Method Not Allowed',
        `${quoted(method)} is not allowed on ${quoted(path)}`,
        [{ path: 'method', rule: 'method', message: `use ${allow}`, value: quoted(method) }],
        { allow },
      );
    }
    const limit = found.route.maxBodyBytes ?? this.deps.maxBodyBytes ?? APP_MAX_BODY_BYTES;
    const bytes = Buffer.byteLength(request.body ?? '', 'utf8');
    if (bytes > limit) {
      throw new HttpProblem(413, 'Content Too Large', `the body has ${bytes} bytes; at most ${limit}`, [
        { path: '(body)', rule: 'max-bytes', message: `at most ${limit} bytes`, value: bytes },
      ]);
    }
    const user = await this.authenticate(request);
    const administration = found.params.administration;
    const unknownAdministration =
      administration !== undefined && !this.deps.administrations.includes(administration);
    // Not an administration of this tenant: answered as not granted, even to an operator (granted '*').
    const refusal =
      refusalFor(user, found.route.action, administration) ??
      (unknownAdministration ? 'administration-not-granted' : undefined);
    if (refusal) throw refused(refusal, user, found.route.action, administration);
    const context: AppRouteContext & { [APP_BODY]?: unknown } = {
      request: { ...request, path, params: found.params },
      params: found.params,
      user,
      administrations: this.deps.administrations,
      now: this.clock(),
    };
    if (WITH_BODY.has(method) && (request.body ?? '') !== '') context[APP_BODY] = parseJsonBody(request);
    return found.route.handle(context);
  }

  private async authenticate(request: HttpRequest): Promise<AppUser> {
    const authorization = header(request, 'authorization');
    const challenge = { 'www-authenticate': 'Bearer realm="cashlink"' };
    const match = authorization ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(authorization) : null;
    if (!match) {
      throw new HttpProblem(
        401,
        'Unauthorized',
        authorization ? 'the Authorization header is not a bearer token' : 'sign in first',
        [
          {
            path: 'authorization',
            rule: authorization ? 'bearer-format' : 'missing-token',
            message: 'send Authorization: Bearer <access token>',
          },
        ],
        challenge,
      );
    }
    let user: AppUser;
    try {
      user = await this.deps.verifier.verify(match[1] as string);
    } catch (error) {
      const refusal = authenticationRefusal(error);
      if (!refusal) throw error;
      throw tokenProblem(refusal, error);
    }
    if (user.tenant !== this.deps.tenant) {
      throw new HttpProblem(
        401,
        'Unauthorized',
        'the token is of another tenant',
        [{ path: 'authorization', rule: 'tenant', message: `this API serves tenant ${this.deps.tenant}` }],
        { 'www-authenticate': 'Bearer realm="cashlink", error="invalid_token"' },
      );
    }
    return user;
  }
}

function refused(
  refusal: 'role' | 'administration-not-granted',
  user: AppUser,
  action: string,
  administration: string | undefined,
): HttpProblem {
  if (refusal === 'role') {
    return new HttpProblem(403, 'Forbidden', `the role ${user.role} may not ${action} here`, [
      {
        path: 'role',
        rule: 'role',
        message: `${action} needs another role than ${user.role}`,
        value: user.role,
      },
    ]);
  }
  const code = quoted(administration ?? '');
  return new HttpProblem(403, 'Forbidden', `you are not granted administration ${code}`, [
    {
      path: 'administration',
      rule: 'administration-not-granted',
      message: `you are not granted administration ${code}`,
      value: code,
    },
  ]);
}

/**
 * A refused token: 401 naming the reason; a valid sign-in without any role is 403 (the person is known but
 * has no access); keys that cannot be fetched are the service's trouble, 503.
 */
function tokenProblem(refusal: AuthenticationRefusal, cause: unknown): HttpProblem {
  const detail = { path: 'authorization', rule: refusal.reason, message: quoted(refusal.message) };
  if (refusal.reason === 'no-role') {
    return new HttpProblem(
      403,
      'Forbidden',
      'you have no role in this administration office',
      [{ ...detail, rule: 'role' }],
      {},
      { cause },
    );
  }
  if (refusal.reason === 'jwks-unavailable') {
    return new HttpProblem(
      503,
      'Service Unavailable',
      'sign-in cannot be checked right now; try again',
      [detail],
      { 'retry-after': '5' },
      { cause },
    );
  }
  return new HttpProblem(
    401,
    'Unauthorized',
    'the token is not valid; sign in again',
    [detail],
    { 'www-authenticate': 'Bearer realm="cashlink", error="invalid_token"' },
    { cause },
  );
}
