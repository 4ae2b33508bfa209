import { render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { LocationProvider } from 'preact-iso';
import { ApiClient, type AppRole, type Me } from '../src/api/index.ts';
import { AppContext, type AppServices, roleAllows } from '../src/app-context.ts';
import { MESSAGES } from '../src/i18n/index.ts';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | null;
}

export type Answer = { status: number; body?: unknown; contentType?: string };
export type Handler = (call: Call) => Answer | undefined;

function readBody(body: unknown): unknown {
  if (typeof body !== 'string' || body === '') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** A fetch that answers from `handler` (404 for anything it does not know) and keeps every call. */
export function fakeFetch(handler: Handler): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://127.0.0.1');
    const headers = new Headers(init?.headers);
    const call: Call = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: readBody(init?.body),
      authorization: headers.get('authorization'),
    };
    calls.push(call);
    const answer = handler(call) ?? {
      status: 404,
      body: { title: 'Not Found', errors: [{ path: call.path, rule: 'unknown-route', message: 'no route' }] },
    };
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    return new Response(answer.status === 204 ? null : text, {
      status: answer.status,
      headers: { 'content-type': answer.contentType ?? 'application/json' },
    });
  }) as typeof fetch;
  return { fetch: fetchFn, calls };
}

export function meFor(role: AppRole): Me {
  return {
    user: {
      id: 'u1',
      username: 'boekhouder@demo.cashlink.local',
      name: 'Bea Boekhouder',
      tenant: 'demo',
      role,
      administrations: role === 'operator' ? '*' : ['DEMO'],
    },
    administrations: [{ code: 'DEMO', name: 'Demo BV' }],
    tenant: 'demo',
  };
}

/** Renders `children` inside the app's services with an API answered by `handler`. */
export function renderWith(children: ComponentChildren, handler: Handler, role: AppRole = 'bookkeeper') {
  const fake = fakeFetch(handler);
  let unauthorized = 0;
  const api = new ApiClient(
    '',
    { accessToken: async () => 'test-token', unauthorized: () => void unauthorized++ },
    fake.fetch,
  );
  const me = meFor(role);
  const services: AppServices = {
    api,
    me,
    locale: 'nl',
    m: MESSAGES.nl,
    setLocale: () => undefined,
    administration: 'DEMO',
    setAdministration: () => undefined,
    can: (action) => roleAllows(role, action),
    signOut: () => undefined,
  };
  const result = render(
    <AppContext.Provider value={services}>
      <LocationProvider>{children}</LocationProvider>
    </AppContext.Provider>,
  );
  return { ...result, calls: fake.calls, unauthorizedCount: () => unauthorized };
}
