import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebServer } from '../../../hub/web/index.ts';
import { LOOPBACK_HOST } from '../../../lib/local/loopback.ts';
import { ASSET_NAME, builtApp, INDEX_HTML, rawRequest } from './web-fixture.ts';

const ISSUER = 'http://127.0.0.1:39002';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for the hub's HTTP API that records what reaches it. */
async function upstreamApi(): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(parts).toString(),
      });
      res.writeHead(201, {
        'content-type': 'application/json',
        connection: 'keep-alive, x-upstream-hop',
        'x-upstream-hop': 'dropped',
        'x-request-id': 'req-1',
      });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK_HOST, () => resolve()));
  return { url: `http://${LOOPBACK_HOST}:${(server.address() as AddressInfo).port}`, seen, server };
}

describe('WebServer', () => {
  const app = builtApp();
  let api: Awaited<ReturnType<typeof upstreamApi>>;
  let web: WebServer;
  let base: string;
  let issuer: string | undefined = ISSUER;

  beforeAll(async () => {
    api = await upstreamApi();
    web = new WebServer({
      distDir: app.distDir,
      api: () => api.url,
      issuer: () => issuer,
      maxBodyBytes: 1024,
    });
    base = await web.start(0);
  });

  afterAll(async () => {
    await web.stop();
    await new Promise<void>((resolve) => api.server.close(() => resolve()));
    app.cleanup();
  });

  it('listens on the loopback address only', () => {
    // Assess
    expect(new URL(base).hostname).toBe(LOOPBACK_HOST);
  });

  it('serves index.html revalidated, with the contract’s security headers naming the issuer', async () => {
    // Act
    const answer = await rawRequest(base, '/');

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(INDEX_HTML);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
        `connect-src 'self' ${ISSUER}; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; ` +
        `form-action 'self' ${ISSUER}`,
    );
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
  });

  it.each([
    [`/${ASSET_NAME}`, 200, 'public, max-age=31536000, immutable', 'text/javascript; charset=utf-8'],
    ['/favicon.svg', 200, 'no-cache', 'image/svg+xml'],
    ['/documenten', 200, 'no-cache', 'text/html; charset=utf-8'],
    ['/te-beoordelen/evt_123?tab=fouten', 200, 'no-cache', 'text/html; charset=utf-8'],
    ['/auth/callback?code=abc&state=xyz', 200, 'no-cache', 'text/html; charset=utf-8'],
  ])('GET %s → %i, cache %s, type %s', async (path, status, cache, type) => {
    // Act
    const answer = await rawRequest(base, path);

    // Assess
    expect(answer.status).toBe(status);
    expect(answer.headers['cache-control']).toBe(cache);
    expect(answer.headers['content-type']).toBe(type);
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it.each([
    ['/../secret.txt', 400, 'path-traversal'],
    ['/assets/../../secret.txt', 400, 'path-traversal'],
    ['/%2e%2e/secret.txt', 400, 'path-traversal'],
    ['/assets%2f..%2f..%2fsecret.txt', 400, 'path-traversal'],
    ['/..%5csecret.txt', 400, 'path-traversal'],
    ['/index.html%00.js', 400, 'path-traversal'],
    ['/%E0%A4%A', 400, 'path-encoding'],
    ['/.env', 404, 'hidden-file'],
    ['/leak.txt', 404, 'no-such-file'],
    ['/assets/missing-12345678.js', 404, 'no-such-file'],
  ])('GET %s is refused with %i (%s), naming field, rule and value', async (path, status, rule) => {
    // Act
    const answer = await rawRequest(base, path);

    // Assess
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    const problem = JSON.parse(answer.body);
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: 'path', rule, value: expect.any(String) }),
    ]);
    expect(answer.body).not.toContain('not for the browser');
  });

  it('answers 304 to a revalidation with the current ETag', async () => {
    // Prepare
    const first = await rawRequest(base, '/');

    // Act
    const again = await rawRequest(base, '/', { headers: { 'if-none-match': String(first.headers.etag) } });

    // Assess
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers['content-security-policy']).toBeDefined();
  });

  it('answers HEAD without a body and refuses other methods outside /v1 with 405', async () => {
    // Act
    const head = await rawRequest(base, '/', { method: 'HEAD' });
    const post = await rawRequest(base, '/documenten', { method: 'POST', body: 'x' });

    // Assess
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect(JSON.parse(post.body).errors[0]).toMatchObject({ path: 'method', rule: 'method-not-allowed' });
  });

  it('serves /config.json as the contract describes, and 503 while no sign-in provider runs', async () => {
    // Act
    const config = await rawRequest(base, '/config.json');
    issuer = undefined;
    const without = await rawRequest(base, '/config.json');
    issuer = ISSUER;

    // Assess
    expect(config.status).toBe(200);
    expect(config.headers['cache-control']).toBe('no-cache');
    expect(JSON.parse(config.body)).toEqual({
      apiBase: '',
      issuer: ISSUER,
      clientId: 'cashlink-web',
      redirectPath: '/auth/callback',
      locale: 'nl',
    });
    expect(without.status).toBe(503);
    expect(without.headers['content-security-policy']).toContain("connect-src 'self';");
  });

  it('proxies /v1/* with the body, without hop-by-hop headers or Host, and adds the security headers', async () => {
    // Act
    const answer = await rawRequest(base, '/v1/app/me?x=1', {
      method: 'POST',
      headers: {
        authorization: 'Bearer token-1',
        'content-type': 'application/json',
        connection: 'keep-alive, x-hop',
        'x-hop': 'must not pass',
        'proxy-authorization': 'Basic abc',
        te: 'trailers',
      },
      body: '{"a":1}',
    });

    // Assess
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toEqual({ ok: true });
    expect(answer.headers['x-request-id']).toBe('req-1');
    expect(answer.headers['x-upstream-hop']).toBeUndefined();
    expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
    const seen = api.seen.at(-1) as Seen;
    expect(seen).toMatchObject({ method: 'POST', url: '/v1/app/me?x=1', body: '{"a":1}' });
    expect(seen.headers.authorization).toBe('Bearer token-1');
    expect(seen.headers.host).toBe(new URL(api.url).host);
    expect(seen.headers['x-forwarded-host']).toBe(new URL(base).host);
    expect(seen.headers['x-hop']).toBeUndefined();
    expect(seen.headers['proxy-authorization']).toBeUndefined();
    expect(seen.headers.te).toBeUndefined();
  });

  it.each([
    ['a declared length', { body: Buffer.alloc(2048, 'a') }],
    ['a chunked stream', { chunks: [Buffer.alloc(600, 'a'), Buffer.alloc(600, 'b')] }],
  ])('refuses a /v1 body over the limit sent as %s with 413', async (_name, body) => {
    // Prepare
    const before = api.seen.length;

    // Act
    const answer = await rawRequest(base, '/v1/app/receipts', { method: 'POST', ...body });

    // Assess
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(api.seen.slice(before).every((s) => s.body.length <= 1024)).toBe(true);
  });
});

describe('WebServer without its parts', () => {
  it('answers 502 on /v1 while the API is down and 503 naming the reason while the app is not built', async () => {
    // Prepare
    const web = new WebServer({
      distDir: '/nonexistent/dist/web',
      api: () => undefined,
      issuer: () => ISSUER,
      unbuiltReason: 'Vite is not installed: run npm ci',
    });
    const base = await web.start(0);

    try {
      // Act
      const api = await rawRequest(base, '/v1/app/me');
      const page = await rawRequest(base, '/');

      // Assess
      expect(api.status).toBe(502);
      expect(page.status).toBe(503);
      expect(JSON.parse(page.body).detail).toBe('Vite is not installed: run npm ci');
    } finally {
      await web.stop();
    }
  });

  it('answers 502 when the API refuses the connection', async () => {
    // Prepare: a port that was free a moment ago.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, LOOPBACK_HOST, () => resolve()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const web = new WebServer({
      distDir: '/nonexistent',
      api: () => `http://${LOOPBACK_HOST}:${port}`,
      issuer: () => ISSUER,
    });
    const base = await web.start(0);

    try {
      // Act
      const answer = await rawRequest(base, '/v1/app/me', { method: 'POST', body: '{}' });

      // Assess
      expect(answer.status).toBe(502);
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
    } finally {
      await web.stop();
    }
  });
});
