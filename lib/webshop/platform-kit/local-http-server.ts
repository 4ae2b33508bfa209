import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../../runtime/error-message.ts';

export type LocalRequestHandler = (
  request: IncomingMessage,
  body: string,
  response: ServerResponse,
) => Promise<void>;

/** The largest request body a simulator reads (a product or stock write is a few KB). */
const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * The HTTP listener under a platform simulator: 127.0.0.1 only, a port of 0 picks a free one, bodies read
 * whole up to a limit, and a handler that fails answers 500 instead of leaving the client hanging.
 */
export class LocalHttpServer {
  private server: Server | undefined;
  private origin: string | undefined;

  constructor(private readonly handler: LocalRequestHandler) {}

  /** Starts listening; answers the origin, e.g. `http://127.0.0.1:50123`. */
  async start(port = 0): Promise<string> {
    if (this.origin) return this.origin;
    const server = createServer((request, response) => {
      this.serve(request, response).catch((error: unknown) => {
        if (!response.headersSent && !response.destroyed) {
          response.writeHead(500, { 'content-type': 'text/plain' }).end(errorMessage(error));
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.origin;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.origin = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > MAX_REQUEST_BYTES) {
        response
          .writeHead(413, { 'content-type': 'text/plain', connection: 'close' })
          .end('request too large');
        return;
      }
      chunks.push(chunk as Buffer);
    }
    await this.handler(request, Buffer.concat(chunks).toString('utf8'), response);
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}
