import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createAppApiHandler } from '../../../functions/app-api/app-api-handler.ts';
import { AppRouter } from '../../../lib/app-api/index.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { jsonResponse } from '../../../lib/partner-api/index.ts';
import { observability } from '../../../lib/runtime/powertools.ts';
import { ADMINISTRATIONS, fakeVerifier, TENANT } from './fixtures.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

function event(method: string, path: string, headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'ANY /v1/app/{proxy+}',
    rawPath: path,
    rawQueryString: 'q=jansen',
    queryStringParameters: { q: 'jansen' },
    headers,
    isBase64Encoded: false,
    pathParameters: { proxy: path.replace('/v1/app/', '') },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'example.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'example',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'req-7',
      routeKey: 'ANY /v1/app/{proxy+}',
      stage: '$default',
      time: '01/Apr/2026:10:00:00 +0000',
      timeEpoch: 0,
    },
  };
}

const handler = createAppApiHandler({
  observability: observability('app-api-test'),
  router: async () =>
    new AppRouter({
      tenant: TENANT,
      administrations: ADMINISTRATIONS,
      verifier: fakeVerifier,
      routes: [
        {
          method: 'GET',
          path: '/v1/app/search',
          action: 'read',
          handle: async (ctx) => jsonResponse(200, { q: ctx.request.query?.q }),
        },
        {
          method: 'GET',
          path: '/v1/app/file',
          action: 'read',
          handle: async () => ({ statusCode: 200, headers: {}, body: 'AAE=', isBase64Encoded: true }),
        },
      ],
    }),
});

describe('app-api handler', () => {
  it('routes the greedy route’s request by its real path, with query and request id', async () => {
    // Act
    const result = (await handler(
      event('GET', '/v1/app/search', { authorization: 'Bearer token-reader' }),
      lambdaContext('app-api', 29_000),
    )) as APIGatewayProxyStructuredResultV2;
    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(String(result.body))).toEqual({ q: 'jansen' });
    expect(result.headers?.['x-request-id']).toBe('req-7');
  });

  it('passes a binary answer on base64-encoded', async () => {
    // Act
    const result = (await handler(
      event('GET', '/v1/app/file', { authorization: 'Bearer token-reader' }),
      lambdaContext('app-api', 29_000),
    )) as APIGatewayProxyStructuredResultV2;
    // Assess
    expect(result).toMatchObject({ statusCode: 200, body: 'AAE=', isBase64Encoded: true });
  });

  it('answers 401 without a token', async () => {
    // Act
    const result = (await handler(
      event('GET', '/v1/app/search', {}),
      lambdaContext('app-api', 29_000),
    )) as APIGatewayProxyStructuredResultV2;
    // Assess
    expect(result.statusCode).toBe(401);
  });
});
