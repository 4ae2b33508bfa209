import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK_HOST } from '../../lib/local/loopback.ts';
import type { FunctionWorker } from '../functions/function-worker.ts';
import { FunctionInvocationError } from '../hub-error.ts';
import type { HttpRouteDefinition } from '../template/stack-template.ts';
import { fromLambdaResult, type HttpResponseParts, toApiGatewayEvent } from './api-gateway-event.ts';
import { RouteTable } from './route-table.ts';

export interface HttpRequestReport {
  method: string;
  path: string;
  routeKey?: string;
  statusCode: number;
  durationMs: number;
  error?: unknown;
}

export interface HttpApiServerOptions {
  routes: readonly HttpRouteDefinition[];
  /** Function logical id → its worker. */
  functions: ReadonlyMap<string, FunctionWorker>;
  apiId: string;
  accountId: string;
  /** API Gateway's payload limit is 10 MB. */
  maxBodyBytes?: number;
  onRequest?: (report: HttpRequestReport) => void;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The tenant's HTTP API on a local port: each request is matched to a route as API Gateway does, turned
 * into a payload-2.0 event for the route's function, and the function's answer turned back into the HTTP
 * response. IAM authorization is API Gateway's job and is not enforced locally; the request context carries
 * a local caller instead, so handlers read the same fields as on AWS. JWT routes (the web app) get no
 * stand-in: their function verifies the token itself.
 */
export class HttpApiServer {
  private server: Server | undefined;
  private readonly table: RouteTable;

  constructor(private readonly options: HttpApiServerOptions) {
    this.table = new RouteTable(options.routes);
  }

  /** Listens on 127.0.0.1 only: the local API is for this machine, never the network. */
  async start(port: number): Promise<string> {
    const host = LOOPBACK_HOST;
    const server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    return `http://${host}:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const respond = (parts: HttpResponseParts, routeKey?: string, error?: unknown) => {
      const headers: Record<string, string | string[]> = {
        ...parts.headers,
        'content-length': String(parts.body.length),
      };
      if (parts.cookies.length > 0) headers['set-cookie'] = parts.cookies;
      res.writeHead(parts.statusCode, headers);
      res.end(parts.body);
      this.options.onRequest?.({
        method,
        path,
        ...(routeKey ? { routeKey } : {}),
        statusCode: parts.statusCode,
        durationMs: Date.now() - started,
        ...(error !== undefined ? { error } : {}),
      });
    };
    const match = this.table.match(method, path);
    const worker = match ? this.options.functions.get(match.route.functionId) : undefined;
    if (!match || !worker) return respond(gatewayError(404, 'Not Found'));
    let body: Buffer;
    try {
      body = await readBody(req, this.options.maxBodyBytes ?? MAX_BODY_BYTES);
    } catch {
      return respond(gatewayError(413, 'Request Entity Too Large'), match.route.routeKey);
    }
    const event = toApiGatewayEvent(
      { method, url, headers: req.headers, body, sourceIp: req.socket.remoteAddress ?? '127.0.0.1' },
      {
        routeKey: match.route.routeKey,
        pathParameters: match.pathParameters,
        apiId: this.options.apiId,
        accountId: this.options.accountId,
        domainName: req.headers.host ?? 'localhost',
        ...authorizerFor(match.route, this.options.accountId),
      },
    );
    try {
      const result = await worker.invoke(event);
      respond(fromLambdaResult(result), match.route.routeKey);
    } catch (error) {
      const timeout = error instanceof FunctionInvocationError && error.kind === 'timeout';
      respond(
        timeout ? gatewayError(503, 'Service Unavailable') : gatewayError(500, 'Internal Server Error'),
        match.route.routeKey,
        error,
      );
    }
  }
}

/** A local stand-in for what the gateway's authorizer puts in the request context. */
function authorizerFor(
  route: HttpRouteDefinition,
  accountId: string,
): { authorizer?: Record<string, unknown> } {
  if (route.authorizationType === 'AWS_IAM') {
    return {
      authorizer: {
        iam: {
          accessKey: 'LOCAL',
          accountId,
          callerId: 'LOCAL',
          principalOrgId: null,
          userArn: `arn:aws:iam::${accountId}:user/local-partner`,
          userId: 'LOCAL',
          cognitoIdentity: null,
        },
      },
    };
  }
  // JWT routes (the web app's `user` routes) get no stand-in claims: the app-api function verifies the
  // bearer token itself against the local sign-in provider, so a request without a valid token fails there.
  return {};
}

function gatewayError(statusCode: number, message: string): HttpResponseParts {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    cookies: [],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
