import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromLambdaResult, toApiGatewayEvent } from '../../../hub/http/api-gateway-event.ts';
import { RouteTable } from '../../../hub/http/route-table.ts';
import type { HttpRouteDefinition } from '../../../hub/template/stack-template.ts';

const options = {
  routeKey: 'GET /v1/documents/{id}',
  pathParameters: { id: 'evt_1' },
  apiId: 'local',
  accountId: '000000000000',
  domainName: '127.0.0.1:3000',
  now: new Date('2026-11-24T08:15:36Z'),
};

describe('toApiGatewayEvent (payload format 2.0)', () => {
  it('shapes path, query, headers and cookies as API Gateway does', () => {
    // Act
    const event = toApiGatewayEvent(
      {
        method: 'get',
        url: '/v1/documents/evt_1?a=1&a=2&b=x%20y',
        headers: { 'X-Trace': ['one', 'two'], cookie: 'k=v; s=t', 'user-agent': 'curl/8' },
        body: Buffer.alloc(0),
        sourceIp: '127.0.0.1',
      },
      options,
    );
    // Assess
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/documents/{id}',
      rawPath: '/v1/documents/evt_1',
      rawQueryString: 'a=1&a=2&b=x%20y',
      headers: { 'x-trace': 'one,two', 'user-agent': 'curl/8' },
      cookies: ['k=v', 's=t'],
      queryStringParameters: { a: '1,2', b: 'x y' },
      pathParameters: { id: 'evt_1' },
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'GET', path: '/v1/documents/evt_1', sourceIp: '127.0.0.1', userAgent: 'curl/8' },
        stage: '$default',
        time: '24/Nov/2026:08:15:36 +0000',
        timeEpoch: Date.parse('2026-11-24T08:15:36Z'),
      },
    });
    expect(event.body).toBeUndefined();
    expect(event.headers.cookie).toBeUndefined();
  });

  it.each([
    ['application/json', false],
    ['application/problem+json', false],
    ['text/csv; charset=utf-8', false],
    ['application/pdf', true],
    ['application/octet-stream', true],
  ])('a %s body is base64: %s', (contentType, base64) => {
    // Prepare
    const body = Buffer.from('{"é":1}');
    // Act
    const event = toApiGatewayEvent(
      { method: 'POST', url: '/x', headers: { 'content-type': contentType }, body, sourceIp: '::1' },
      options,
    );
    // Assess
    expect(event.isBase64Encoded).toBe(base64);
    expect(base64 ? Buffer.from(event.body ?? '', 'base64') : Buffer.from(event.body ?? '')).toEqual(body);
  });

  it('never throws and keeps the raw path for any URL and headers (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.webPath(),
        fc.string(),
        fc.dictionary(
          fc.string({ minLength: 1 }).map((s) => s.toLowerCase()),
          fc.string(),
        ),
        (path, query, headers) => {
          const url = `${path || '/'}${query ? `?${query}` : ''}`;
          const event = toApiGatewayEvent(
            { method: 'GET', url, headers, body: Buffer.alloc(0), sourceIp: '1.2.3.4' },
            options,
          );
          const cut = url.indexOf('?');
          expect(event.rawPath).toBe(cut < 0 ? url : url.slice(0, cut));
          expect(event.rawQueryString).toBe(cut < 0 ? '' : url.slice(cut + 1));
        },
      ),
    );
  });
});

describe('fromLambdaResult', () => {
  it.each([
    [
      'a full response',
      {
        statusCode: 202,
        headers: { 'Content-Type': 'application/json' },
        body: '{"ok":true}',
        cookies: ['a=b'],
      },
      {
        statusCode: 202,
        headers: { 'content-type': 'application/json' },
        cookies: ['a=b'],
        body: '{"ok":true}',
      },
    ],
    [
      'a base64 body',
      { statusCode: 200, body: Buffer.from('%PDF').toString('base64'), isBase64Encoded: true },
      { statusCode: 200, headers: {}, cookies: [], body: '%PDF' },
    ],
    [
      'an object without statusCode',
      { hello: 'world' },
      {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        cookies: [],
        body: '{"hello":"world"}',
      },
    ],
    [
      'a string',
      'plain',
      { statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: 'plain' },
    ],
    [
      'nothing',
      undefined,
      { statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: 'null' },
    ],
    [
      'a nonsense status code',
      { statusCode: 'abc' },
      { statusCode: 500, headers: {}, cookies: [], body: '' },
    ],
  ])('%s', (_name, result, expected) => {
    // Act
    const parts = fromLambdaResult(result);
    // Assess
    expect({ ...parts, body: parts.body.toString('utf8') }).toEqual(expected);
  });
});

describe('RouteTable', () => {
  const route = (routeKey: string): HttpRouteDefinition => {
    const [method = 'ANY', path = '$default'] = routeKey === '$default' ? [] : routeKey.split(' ');
    return {
      logicalId: routeKey,
      method,
      path,
      routeKey,
      functionId: 'Fn',
      authorizationType: 'NONE',
      payloadFormatVersion: '2.0',
    };
  };
  const table = new RouteTable(
    [
      'GET /v1/documents/{id}',
      'GET /v1/documents/latest',
      'ANY /v1/{proxy+}',
      'POST /webhooks/{connector}',
      '$default',
    ].map(route),
  );

  it.each([
    ['GET', '/v1/documents/latest', 'GET /v1/documents/latest', {}],
    ['GET', '/v1/documents/evt%201', 'GET /v1/documents/{id}', { id: 'evt 1' }],
    ['DELETE', '/v1/documents/x', 'ANY /v1/{proxy+}', { proxy: 'documents/x' }],
    ['POST', '/webhooks/woo', 'POST /webhooks/{connector}', { connector: 'woo' }],
    ['GET', '/webhooks/woo', '$default', {}],
    ['GET', '/', '$default', {}],
  ])('%s %s → %s', (method, path, routeKey, pathParameters) => {
    // Act
    const match = table.match(method, path);
    // Assess
    expect(match?.route.routeKey).toBe(routeKey);
    expect(match?.pathParameters).toEqual(pathParameters);
  });

  it('answers nothing without a $default route', () => {
    expect(new RouteTable([route('GET /a')]).match('GET', '/b')).toBeUndefined();
  });
});
