import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  createPartnerApiHandler,
  toHttpRequest,
} from '../../../functions/partner-api/partner-api-handler.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { observability } from '../../../lib/runtime/powertools.ts';
import { API_KEY, memo, testApi } from './fixtures.ts';

function apiGatewayEvent(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'example.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'example',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'req-42',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '01/Apr/2026:10:00:00 +0000',
      timeEpoch: 0,
    },
  };
}

describe('Function: toHttpRequest', () => {
  it('lower-cases header names and decodes a base64 body byte for byte', () => {
    // Prepare
    const body = '{"omschrijving":"Café € 12,50"}';
    const event = {
      ...apiGatewayEvent('POST', '/v1/events', Buffer.from(body).toString('base64'), {
        'Content-Type': 'application/json',
      }),
      isBase64Encoded: true,
    };
    // Act
    const request = toHttpRequest(event);
    // Assess
    expect(request).toMatchObject({ method: 'POST', path: '/v1/events', body, requestId: 'req-42' });
    expect(request.headers['content-type']).toBe('application/json');
  });
});

describe('Function: createPartnerApiHandler', () => {
  it('answers API Gateway with the status, headers and body of the API', async () => {
    // Prepare
    const { api } = testApi();
    const handler = createPartnerApiHandler({
      api: async () => api,
      observability: observability('partner-api-test'),
    });
    const event = apiGatewayEvent('POST', '/v1/events', JSON.stringify(memo('h-1')), {
      'content-type': 'application/json',
      'x-api-key': API_KEY,
    });
    // Act
    const response = await handler(event, lambdaContext('partner-api', 29_000));
    // Assess
    expect(response.statusCode).toBe(202);
    expect(response.headers?.location).toMatch(/^\/v1\/documents\/evt_/);
  });

  it('hands /v1/app/ requests to the app routes it serves (API keys), the rest to the partner API', async () => {
    // Prepare
    const { api } = testApi();
    const seen: string[] = [];
    const handler = createPartnerApiHandler({
      api: async () => api,
      app: async () => ({
        handle: async (request) => {
          seen.push(request.path);
          return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"items":[]}' };
        },
      }),
      observability: observability('partner-api-test'),
    });
    // Act
    const app = await handler(
      apiGatewayEvent('GET', '/v1/app/api-keys'),
      lambdaContext('partner-api', 29_000),
    );
    const partner = await handler(
      apiGatewayEvent('GET', '/v1/documents/evt_x'),
      lambdaContext('partner-api', 29_000),
    );
    // Assess
    expect(app.body).toBe('{"items":[]}');
    expect(seen).toEqual(['/v1/app/api-keys']);
    expect(partner.statusCode).toBe(401);
  });
});
