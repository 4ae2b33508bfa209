import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK_HOST } from '../../lib/local/loopback.ts';
import { errorMessage } from '../../lib/runtime/error-message.ts';
import type { CognitoAdminApi } from './cognito-admin-api.ts';
import { MAX_FORM_BYTES } from './form-body.ts';
import type { OidcProvider } from './oidc-provider.ts';
import { json, type ProviderRequest, type ProviderResponse } from './provider-http.ts';

export interface IdentityServerOptions {
  /** Web origins the browser calls `/token`, `/userinfo`, `/revoke` and the JWKS from (CORS). */
  webOrigins: readonly string[];
  onError?: (error: unknown) => void;
}

/** Largest request body: the Cognito JSON calls and the forms are small. */
const MAX_BODY_BYTES = Math.max(MAX_FORM_BYTES, 64 * 1024);
const LOOPBACK_PEERS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const CORS_PATHS = new Set([
  '/token',
  '/userinfo',
  '/revoke',
  '/jwks.json',
  '/.well-known/openid-configuration',
]);

/** Headers on every answer: the sign-in page loads only its own stylesheet, in no frame. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * The local sign-in provider's HTTP server on 127.0.0.1: the OIDC routes and Cognito's admin JSON API on
 * one port. Peers other than loopback are refused; bodies over 64 KB are refused unread.
 */
export class IdentityServer {
  private server: Server | undefined;

  constructor(
    private readonly oidc: () => OidcProvider,
    private readonly cognito: () => CognitoAdminApi,
    private readonly options: IdentityServerOptions,
  ) {}

  /** Listens on LOOPBACK_HOST (`port` 0: any free one) and answers its base URL. */
  async listen(port: number): Promise<string> {
    const server = createServer((req, res) => {
      void this.serve(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, LOOPBACK_HOST, () => resolve());
    });
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

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let answer: ProviderResponse;
    const origin = req.headers.origin;
    const url = new URL(req.url ?? '/', 'http://local');
    try {
      if (!LOOPBACK_PEERS.has(req.socket.remoteAddress ?? '')) answer = json(403, { error: 'loopback only' });
      else if (req.method === 'OPTIONS') answer = { status: 204, headers: {}, body: '' };
      else {
        const body = await readBody(req);
        if (body === undefined) answer = json(413, { error: 'request body too large' });
        else {
          const request: ProviderRequest = {
            method: req.method ?? 'GET',
            path: url.pathname,
            query: url.searchParams,
            headers: flatHeaders(req),
            body,
            remoteAddress: req.socket.remoteAddress ?? '',
          };
          const cognito = this.cognito();
          answer = cognito.accepts(request)
            ? await cognito.handle(request)
            : ((await this.oidc().handle(request)) ?? json(404, { error: 'not found' }));
        }
      }
    } catch (error) {
      this.options.onError?.(error);
      answer = json(500, { error: 'server_error', error_description: errorMessage(error).slice(0, 200) });
    }
    const headers: Record<string, string> = { ...SECURITY_HEADERS, ...answer.headers };
    if (origin && this.options.webOrigins.includes(origin) && CORS_PATHS.has(url.pathname)) {
      headers['access-control-allow-origin'] = origin;
      headers['access-control-allow-methods'] = 'GET, POST';
      headers['access-control-allow-headers'] = 'authorization, content-type';
      headers['access-control-max-age'] = '600';
      headers.vary = 'Origin';
    }
    headers['content-length'] = String(Buffer.byteLength(answer.body));
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers))
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

/** The body as UTF-8, or undefined when it exceeds MAX_BODY_BYTES (reading stops there). */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
