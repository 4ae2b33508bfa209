import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionWorker } from '../../../hub/functions/function-worker.ts';
import { HttpApiServer } from '../../../hub/http/http-api-server.ts';
import type { HttpRouteDefinition } from '../../../hub/template/stack-template.ts';

const route = (method: string, path: string, authorizationType: string): HttpRouteDefinition => ({
  logicalId: `R${method}${path.replace(/\W/g, '')}`,
  method,
  path,
  routeKey: `${method} ${path}`,
  functionId: 'AppApi',
  authorizationType,
  payloadFormatVersion: '2.0',
});

interface SeenEvent {
  routeKey: string;
  pathParameters?: Record<string, string>;
  headers: Record<string, string>;
  requestContext: { authorizer?: unknown };
}

let server: HttpApiServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('HttpApiServer: the web app’s user routes', () => {
  it('routes ANY /v1/app/{proxy+} to the function with the bearer token and no stand-in authorizer', async () => {
    // Prepare
    const events: SeenEvent[] = [];
    const worker = {
      invoke: async (event: unknown) => {
        events.push(event as SeenEvent);
        return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
      },
    } as unknown as FunctionWorker;
    server = new HttpApiServer({
      routes: [route('ANY', '/v1/app/{proxy+}', 'JWT')],
      functions: new Map([['AppApi', worker]]),
      apiId: 'local',
      accountId: '000000000000',
    });
    const base = await server.start(0);
    // Act
    const me = await fetch(`${base}/v1/app/me`, { headers: { authorization: 'Bearer abc.def.ghi' } });
    const deep = await fetch(`${base}/v1/app/review/doc_1/book`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    // Assess
    expect([me.status, deep.status]).toEqual([200, 200]);
    expect(events.map((e) => [e.routeKey, e.pathParameters?.proxy])).toEqual([
      ['ANY /v1/app/{proxy+}', 'me'],
      ['ANY /v1/app/{proxy+}', 'review/doc_1/book'],
    ]);
    expect(events[0]?.headers.authorization).toBe('Bearer abc.def.ghi');
    for (const event of events) expect(event.requestContext.authorizer).toBeUndefined();
  });

  it('hands a base64 answer (a downloaded original) back as bytes', async () => {
    // Prepare
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
    const worker = {
      invoke: async () => ({
        statusCode: 200,
        headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="a.pdf"' },
        body: bytes.toString('base64'),
        isBase64Encoded: true,
      }),
    } as unknown as FunctionWorker;
    server = new HttpApiServer({
      routes: [route('ANY', '/v1/app/{proxy+}', 'JWT')],
      functions: new Map([['AppApi', worker]]),
      apiId: 'local',
      accountId: '000000000000',
    });
    const base = await server.start(0);
    // Act
    const response = await fetch(`${base}/v1/app/documents/doc_1/original`);
    // Assess
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="a.pdf"');
  });
});
