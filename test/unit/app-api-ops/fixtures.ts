import type { AppRoute, AppRouteContext } from '../../../lib/app-api/app-route.ts';
import type { AppUser } from '../../../lib/identity/app-user.ts';
import type { HttpResponse } from '../../../lib/partner-api/http.ts';

export const ADMINISTRATIONS = ['DEMO', 'ANDERS'] as const;

export const users = {
  operator: {
    id: 'u1',
    username: 'beheer@demo.cashlink.local',
    tenant: 'demo',
    role: 'operator',
    administrations: '*',
  },
  bookkeeper: {
    id: 'u2',
    username: 'boekhouder@demo.cashlink.local',
    tenant: 'demo',
    role: 'bookkeeper',
    administrations: ['DEMO'],
  },
  reader: {
    id: 'u3',
    username: 'lezer@demo.cashlink.local',
    tenant: 'demo',
    role: 'read-only',
    administrations: ['DEMO'],
  },
} satisfies Record<string, AppUser>;

export interface CallOptions {
  user?: AppUser;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  now?: Date;
}

/** Calls the route `method path` of `routes` as the router would after its checks (role is the router's). */
export async function call(
  routes: AppRoute[],
  method: AppRoute['method'],
  path: string,
  options: CallOptions = {},
): Promise<{ status: number; json: Record<string, unknown>; response: HttpResponse }> {
  const route = routes.find((r) => r.method === method && r.path === path);
  if (!route) throw new Error(`no route ${method} ${path}`);
  const body = options.body === undefined ? '' : JSON.stringify(options.body);
  const context: AppRouteContext = {
    request: {
      method,
      path,
      headers: body ? { 'content-type': 'application/json' } : {},
      body,
      query: options.query ?? {},
      params: options.params ?? {},
    },
    params: options.params ?? {},
    user: options.user ?? users.operator,
    administrations: ADMINISTRATIONS,
    now: options.now ?? new Date('2026-12-02T10:00:00.000Z'),
  };
  try {
    const response = await route.handle(context);
    return { status: response.statusCode, json: response.body ? JSON.parse(response.body) : {}, response };
  } catch (error) {
    const problem = error as { status?: number; errors?: unknown; detail?: string };
    if (typeof problem.status !== 'number') throw error;
    return {
      status: problem.status,
      json: { detail: problem.detail, errors: problem.errors },
      response: { statusCode: problem.status, headers: {}, body: '' },
    };
  }
}

/** The rules the problem's errors name. */
export function rules(json: Record<string, unknown>): string[] {
  return ((json.errors as { rule: string }[] | undefined) ?? []).map((e) => e.rule);
}
