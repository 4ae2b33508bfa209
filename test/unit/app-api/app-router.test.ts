import { describe, expect, it } from 'vitest';
import { type AppRoute, AppRouter, jsonBody } from '../../../lib/app-api/index.ts';
import { jsonResponse } from '../../../lib/partner-api/index.ts';
import { ADMINISTRATIONS, fakeVerifier, NOW, parse, request, router, TENANT, USERS } from './fixtures.ts';

const echo: AppRoute[] = [
  {
    method: 'GET',
    path: '/v1/app/administrations/{administration}/things',
    action: 'read',
    handle: async (ctx) => jsonResponse(200, { params: ctx.params, user: ctx.user.username }),
  },
  {
    method: 'POST',
    path: '/v1/app/administrations/{administration}/things',
    action: 'act',
    handle: async (ctx) => jsonResponse(201, { body: jsonBody(ctx) }),
  },
  {
    method: 'GET',
    path: '/v1/app/things/special',
    action: 'read',
    handle: async () => jsonResponse(200, { route: 'literal' }),
  },
  {
    method: 'GET',
    path: '/v1/app/things/{id}',
    action: 'read',
    handle: async (ctx) => jsonResponse(200, { route: 'param', id: ctx.params.id }),
  },
  { method: 'PUT', path: '/v1/app/settings', action: 'operate', handle: async () => jsonResponse(200, {}) },
  {
    method: 'GET',
    path: '/v1/app/boom',
    action: 'read',
    handle: async () => {
      throw new Error('secret internals');
    },
  },
];

describe('AppRouter: matching', () => {
  it('passes path parameters, the user and the tenant administrations to the route', async () => {
    // Prepare
    const api = router(echo);
    // Act
    const response = await api.handle(
      request('GET', '/v1/app/administrations/DEMO/things', { user: 'bookkeeper' }),
    );
    // Assess
    expect(response.statusCode).toBe(200);
    expect(parse(response)).toEqual({ params: { administration: 'DEMO' }, user: USERS.bookkeeper.username });
    expect(response.headers['x-request-id']).toBe('req-1');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('prefers a literal segment over a parameter and decodes parameters', async () => {
    // Prepare
    const api = router(echo);
    // Act
    const literal = await api.handle(request('GET', '/v1/app/things/special'));
    const param = await api.handle(request('GET', '/v1/app/things/a%20b'));
    const malformed = await api.handle(request('GET', '/v1/app/things/%zz/'));
    // Assess
    expect(parse(literal).route).toBe('literal');
    expect(parse(param)).toEqual({ route: 'param', id: 'a b' });
    expect(parse(malformed)).toEqual({ route: 'param', id: '%zz' });
  });

  it('answers 404 unknown-route for a path no route has, before asking for a token', async () => {
    // Prepare
    const api = router(echo);
    // Act
    const response = await api.handle(request('GET', '/v1/app/nothing/here', { user: null }));
    // Assess
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(parse(response)).toMatchObject({
      type: 'https://cashlink.nl/problems/not-found',
      title: 'Not Found',
      status: 404,
      instance: 'urn:request:req-1',
      errors: [{ path: 'path', rule: 'unknown-route' }],
    });
  });

  it('answers 405 with Allow for a known path and another method', async () => {
    // Prepare
    const api = router(echo);
    // Act
    const response = await api.handle(request('DELETE', '/v1/app/administrations/DEMO/things'));
    // Assess
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, POST');
    expect(parse(response).errors[0]).toMatchObject({ path: 'method', rule: 'method', value: 'DELETE' });
  });

  it('refuses two routes with the same method and path', () => {
    // Prepare
    const twice = [echo[0] as AppRoute, echo[0] as AppRoute];
    // Act
    const build = () => router(twice);
    // Assess
    expect(build).toThrow(/defined twice/);
  });

  it('answers 500 without internals when a route fails, and logs it with the request id', async () => {
    // Prepare
    const logged: unknown[] = [];
    const api = new AppRouter({
      routes: echo,
      verifier: fakeVerifier,
      tenant: TENANT,
      administrations: ADMINISTRATIONS,
      clock: () => NOW,
      log: (level, message, details) => logged.push({ level, message, requestId: details?.requestId }),
    });
    // Act
    const response = await api.handle(request('GET', '/v1/app/boom'));
    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret internals');
    expect(logged).toEqual([{ level: 'error', message: 'app API request failed', requestId: 'req-1' }]);
  });

  it('makes a request id when API Gateway gave none', async () => {
    // Prepare
    const api = router(echo);
    const { requestId: _id, ...bare } = request('GET', '/v1/app/nothing');
    // Act
    const response = await api.handle(bare);
    // Assess
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(parse(response).instance).toBe(`urn:request:${response.headers['x-request-id']}`);
  });
});

describe('AppRouter: sign-in', () => {
  it.each([
    ['no Authorization header', {}, 'missing-token'],
    ['a Basic header', { authorization: 'Basic dXNlcjpwdw==' }, 'bearer-format'],
    ['an expired token', { authorization: 'Bearer token-expired' }, 'expired'],
    ['a token with a bad signature', { authorization: 'Bearer token-forged' }, 'signature'],
  ])('answers 401 with a Bearer challenge for %s', async (_what, headers, rule) => {
    // Prepare
    const api = router(echo);
    // Act
    const response = await api.handle(request('GET', '/v1/app/things/1', { user: null, headers }));
    // Assess
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="cashlink"/);
    expect(parse(response).errors).toEqual([expect.objectContaining({ path: 'authorization', rule })]);
  });

  it('answers 401 for a token of another tenant', async () => {
    // Prepare
    const api = router(echo);
    // Act
    const response = await api.handle(request('GET', '/v1/app/things/1', { user: 'otherTenant' }));
    // Assess
    expect(response.statusCode).toBe(401);
    expect(parse(response).errors[0].rule).toBe('tenant');
  });

  it('answers 403 role for a valid sign-in without any role, 503 when the keys cannot be fetched', async () => {
    // Prepare
    const api = router(echo);
    // Act
    const noRole = await api.handle(
      request('GET', '/v1/app/things/1', { user: null, headers: { authorization: 'Bearer token-norole' } }),
    );
    const noKeys = await api.handle(
      request('GET', '/v1/app/things/1', { user: null, headers: { authorization: 'Bearer token-jwks' } }),
    );
    // Assess
    expect(noRole.statusCode).toBe(403);
    expect(parse(noRole).errors[0].rule).toBe('role');
    expect(noKeys.statusCode).toBe(503);
    expect(noKeys.headers['retry-after']).toBe('5');
  });
});

describe('AppRouter: role and administration', () => {
  it.each([
    ['read-only may read', 'reader', 'GET', '/v1/app/administrations/DEMO/things', 200, undefined],
    ['read-only may not act', 'reader', 'POST', '/v1/app/administrations/DEMO/things', 403, 'role'],
    [
      'a bookkeeper may act on a granted administration',
      'bookkeeper',
      'POST',
      '/v1/app/administrations/DEMO/things',
      201,
      undefined,
    ],
    ['a bookkeeper may not operate', 'bookkeeper', 'PUT', '/v1/app/settings', 403, 'role'],
    ['an operator may operate', 'operator', 'PUT', '/v1/app/settings', 200, undefined],
    [
      'not granted',
      'bookkeeper',
      'GET',
      '/v1/app/administrations/TWEE/things',
      403,
      'administration-not-granted',
    ],
    [
      'outside the tenant',
      'outsider',
      'GET',
      '/v1/app/administrations/ANDERS/things',
      403,
      'administration-not-granted',
    ],
    [
      'unknown, even to an operator',
      'operator',
      'GET',
      '/v1/app/administrations/NOPE/things',
      403,
      'administration-not-granted',
    ],
  ] as const)('%s', async (_what, user, method, path, status, rule) => {
    // Prepare
    const api = router(echo);
    // Act
    const response = await api.handle(
      request(method, path, { user, ...(method === 'GET' ? {} : { body: {} }) }),
    );
    // Assess
    expect(response.statusCode).toBe(status);
    if (rule) expect(parse(response).errors[0].rule).toBe(rule);
  });

  it('answers an unknown administration exactly like one not granted', async () => {
    // Prepare
    const api = router(echo);
    // Act
    const unknown = await api.handle(
      request('GET', '/v1/app/administrations/NOPE/things', { user: 'bookkeeper' }),
    );
    const notGranted = await api.handle(
      request('GET', '/v1/app/administrations/TWEE/things', { user: 'bookkeeper' }),
    );
    // Assess
    const shape = (body: Record<string, unknown>) => JSON.stringify(body).replace(/NOPE|TWEE/g, 'X');
    expect(unknown.statusCode).toBe(notGranted.statusCode);
    expect(shape(parse(unknown))).toBe(shape(parse(notGranted)));
  });
});

describe('AppRouter: bodies', () => {
  it('parses a JSON body for the route', async () => {
    // Prepare
    const api = router(echo);
    // Act
    const response = await api.handle(
      request('POST', '/v1/app/administrations/DEMO/things', { body: { a: 1 } }),
    );
    // Assess
    expect(response.statusCode).toBe(201);
    expect(parse(response).body).toEqual({ a: 1 });
  });

  it('answers 413 above 1 MB, before the token is checked', async () => {
    // Prepare
    const api = router(echo);
    const body = JSON.stringify({ text: 'x'.repeat(1024 * 1024) });
    // Act
    const response = await api.handle(
      request('POST', '/v1/app/administrations/DEMO/things', { user: null, body }),
    );
    // Assess
    expect(response.statusCode).toBe(413);
    expect(parse(response).errors[0]).toMatchObject({
      path: '(body)',
      rule: 'max-bytes',
      value: Buffer.byteLength(body),
    });
  });

  it('lets a route take a larger body when it says so', async () => {
    // Prepare
    const big: AppRoute & { maxBodyBytes: number } = {
      ...(echo[1] as AppRoute),
      maxBodyBytes: 3 * 1024 * 1024,
    };
    const api = router([big]);
    // Act
    const response = await api.handle(
      request('POST', '/v1/app/administrations/DEMO/things', { body: { text: 'x'.repeat(2 * 1024 * 1024) } }),
    );
    // Assess
    expect(response.statusCode).toBe(201);
  });

  it.each([
    ['text/plain', 'a=1'],
    ['application/x-www-form-urlencoded', 'a=1'],
  ])('answers 415 for %s', async (type, body) => {
    // Prepare
    const api = router(echo);
    // Act
    const response = await api.handle(
      request('POST', '/v1/app/administrations/DEMO/things', { body, headers: { 'content-type': type } }),
    );
    // Assess
    expect(response.statusCode).toBe(415);
    expect(parse(response).errors[0]).toMatchObject({
      path: 'content-type',
      rule: 'media-type',
      value: type,
    });
  });

  it('answers 400 json for a body that does not parse', async () => {
    // Prepare
    const api = router(echo);
    // Act
    const response = await api.handle(
      request('POST', '/v1/app/administrations/DEMO/things', { body: '{"a":' }),
    );
    // Assess
    expect(response.statusCode).toBe(400);
    expect(parse(response).errors[0]).toMatchObject({ path: '(body)', rule: 'json' });
  });
});
