import type { AppRoute } from '../../../lib/app-api/app-route.ts';
import { type AppUser, refusalFor } from '../../../lib/identity/app-user.ts';
import type { HttpResponse } from '../../../lib/partner-api/index.ts';

export const TENANT = 'acme';
export const NOW = new Date('2026-10-31T10:00:00Z');
export const ADMINISTRATIONS = ['DEMO', 'OTHER'] as const;

export const USERS: Record<'operator' | 'bookkeeper' | 'reader' | 'outsider', AppUser> = {
  operator: {
    id: 'u1',
    username: 'beheer@demo.cashlink.local',
    tenant: TENANT,
    role: 'operator',
    administrations: '*',
  },
  bookkeeper: {
    id: 'u2',
    username: 'boekhouder@demo.cashlink.local',
    tenant: TENANT,
    role: 'bookkeeper',
    administrations: ['DEMO'],
  },
  reader: {
    id: 'u3',
    username: 'lezer@demo.cashlink.local',
    tenant: TENANT,
    role: 'read-only',
    administrations: ['DEMO'],
  },
  outsider: {
    id: 'u4',
    username: 'buiten@demo.cashlink.local',
    tenant: TENANT,
    role: 'bookkeeper',
    administrations: ['ANDERS'],
  },
};

function matchPath(template: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = new RegExp(
    `^${template.replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}$`,
  );
  const m = pattern.exec(path);
  if (!m) return undefined;
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  json: any;
  body: string;
}

/**
 * Calls the routes as the app router does: the route of method and path, the user's role and the path's
 * administration checked with refusalFor (403 naming the rule), then the handler.
 */
export async function call(
  routes: AppRoute[],
  user: AppUser,
  method: AppRoute['method'],
  url: string,
  body?: unknown,
): Promise<Answer> {
  const [path = '', search = ''] = url.split('?');
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPath(route.path, path);
    if (!params) continue;
    const refusal = refusalFor(user, route.action, params.administration);
    if (refusal) return { status: 403, headers: {}, json: { errors: [{ rule: refusal }] }, body: '' };
    const response: HttpResponse = await route.handle({
      request: {
        method,
        path,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
        query: Object.fromEntries(new URLSearchParams(search)),
      },
      params,
      user,
      administrations: ADMINISTRATIONS,
      now: NOW,
    });
    const type = response.headers['content-type'] ?? '';
    return {
      status: response.statusCode,
      headers: response.headers,
      body: response.body,
      json: type.includes('json') ? JSON.parse(response.body) : undefined,
    };
  }
  return { status: 404, headers: {}, json: { errors: [{ rule: 'unknown-route' }] }, body: '' };
}
