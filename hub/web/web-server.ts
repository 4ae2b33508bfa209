import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { LOOPBACK_HOST } from '../../lib/local/loopback.ts';
import { type HttpProblemDetail, problemResponse } from '../../lib/partner-api/http.ts';
import { quoteText } from '../../lib/runtime/quoted-text.ts';
import { securityHeaders, WEB_APP_CLIENT_ID, webAppConfig } from '../../lib/web-hosting/index.ts';
import { ApiProxy } from './api-proxy.ts';
import { REVALIDATE, StaticFiles } from './static-files.ts';
import { WebServerError } from './web-server-error.ts';

export interface WebRequestReport {
  method: string;
  path: string;
  statusCode: number;
  durationMs: number;
  kind: 'file' | 'fallback' | 'config' | 'api' | 'refused' | 'error';
}

export interface WebServerOptions {
  /** The built app, `<projectRoot>/dist/web`. */
  distDir: string;
  /** Base URL of the hub's HTTP API, read per request (it may start after the web server). */
  api: () => string | undefined;
  /** The sign-in provider's issuer URL, read per request; `/config.json` answers 503 while there is none. */
  issuer: () => string | undefined;
  clientId?: string;
  /** Why the app is not there (ensureWebBuild's reason), shown instead of the app. */
  unbuiltReason?: string;
  /** Largest `/v1/*` request body forwarded; default 10 MB like API Gateway. */
  maxBodyBytes?: number;
  onRequest?: (report: WebRequestReport) => void;
}

/** The default port of `npm start`'s web app. */
export const DEFAULT_WEB_PORT = 3001;
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The web app on this machine, as S3 + CloudFront serve it in AWS: the built files of `dist/web/` (hashed
 * assets immutable, index.html revalidated, index.html for app routes), `/config.json` naming the local
 * sign-in provider, `/v1/*` proxied to the hub's HTTP API, and the contract's security headers on every
 * answer. Listens on 127.0.0.1 only.
 */
export class WebServer {
  private server: Server | undefined;
  private readonly files: StaticFiles;
  private readonly proxy: ApiProxy;

  constructor(private readonly options: WebServerOptions) {
    this.files = new StaticFiles(options.distDir);
    this.proxy = new ApiProxy({ target: options.api, maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES });
  }

  /** Listens on LOOPBACK_HOST at `port` (0: a free one); answers the base URL. */
  async start(port: number = DEFAULT_WEB_PORT): Promise<string> {
    const server = createServer((req, res) => {
      void this.handle(req, res);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, LOOPBACK_HOST, () => resolve());
      });
    } catch (error) {
      throw new WebServerError(`the web app cannot listen on ${LOOPBACK_HOST}:${port}`, { cause: error });
    }
    this.server = server;
    return `http://${LOOPBACK_HOST}:${(server.address() as AddressInfo).port}`;
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
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const headers = securityHeaders({ issuer: this.options.issuer() });
    let kind: WebRequestReport['kind'] = 'error';
    res.on('finish', () =>
      this.options.onRequest?.({
        method,
        path,
        statusCode: res.statusCode,
        durationMs: Date.now() - started,
        kind,
      }),
    );
    try {
      if (path === '/v1' || path.startsWith('/v1/')) {
        kind = 'api';
        return await this.proxy.forward(req, res, headers);
      }
      if (method !== 'GET' && method !== 'HEAD') {
        kind = 'refused';
        req.resume();
        return problem(
          res,
          405,
          `${quoteText(method, 20)} is not served here; the app is read with GET`,
          headers,
          [
            {
              path: 'method',
              rule: 'method-not-allowed',
              message: 'GET or HEAD only',
              value: quoteText(method, 20),
            },
          ],
          { allow: 'GET, HEAD' },
        );
      }
      if (path === '/config.json') {
        kind = 'config';
        return this.config(res, headers, method);
      }
      const answer = await this.files.resolve(path);
      if (answer.kind === 'refused') {
        kind = 'refused';
        return problem(res, answer.status, answer.detail, headers, [
          { path: 'path', rule: answer.rule, message: answer.detail, value: quoteText(path, 80) },
        ]);
      }
      if (answer.kind === 'unbuilt')
        return problem(
          res,
          503,
          this.options.unbuiltReason ??
            `the web app is not built (${this.options.distDir}): run npm run build:web`,
          headers,
        );
      kind = answer.fallback ? 'fallback' : 'file';
      const etag = `W/"${answer.size.toString(16)}-${Math.floor(answer.mtimeMs).toString(16)}"`;
      const fileHeaders = {
        ...headers,
        'content-type': answer.contentType,
        'cache-control': answer.cacheControl,
        etag,
        'last-modified': new Date(answer.mtimeMs).toUTCString(),
      };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, fileHeaders);
        res.end();
        return;
      }
      res.writeHead(200, { ...fileHeaders, 'content-length': String(answer.size) });
      if (method === 'HEAD') {
        res.end();
        return;
      }
      await pipeline(createReadStream(answer.path), res);
    } catch {
      kind = 'error';
      if (!res.headersSent) problem(res, 500, 'the web server failed on this request', headers);
      else res.destroy();
    }
  }

  private config(res: ServerResponse, headers: Record<string, string>, method: string): void {
    const issuer = this.options.issuer();
    if (!issuer) {
      problem(res, 503, 'the sign-in provider is not running, so the app cannot sign in', headers);
      return;
    }
    const body = Buffer.from(
      JSON.stringify(webAppConfig(issuer, this.options.clientId ?? WEB_APP_CLIENT_ID)),
    );
    res.writeHead(200, {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': REVALIDATE,
      'content-length': String(body.length),
    });
    res.end(method === 'HEAD' ? undefined : body);
  }
}

function problem(
  res: ServerResponse,
  status: number,
  detail: string,
  headers: Record<string, string>,
  errors: HttpProblemDetail[] = [],
  extra: Record<string, string> = {},
): void {
  const answer = problemResponse(status, detail, { errors });
  res.writeHead(status, { ...answer.headers, ...headers, ...extra });
  res.end(answer.body);
}
