import { type IncomingHttpHeaders, type IncomingMessage, request, type ServerResponse } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { problemResponse } from '../../lib/partner-api/http.ts';

/** Headers of one hop only (RFC 9110 §7.6.1): never forwarded in either direction. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
]);

export interface ApiProxyOptions {
  /** Base URL of the hub's HTTP API (`http://127.0.0.1:3000`), or undefined while it is not running. */
  target: () => string | undefined;
  /** Largest request body forwarded; API Gateway's payload limit is 10 MB. */
  maxBodyBytes: number;
}

/** The request body grew past the limit while it streamed. */
class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/**
 * `/v1/*` of the web app's origin forwarded to the hub's HTTP API, as CloudFront's `/v1/*` behaviour does in
 * AWS: bodies stream both ways (with a size limit on the way in), hop-by-hop headers are dropped, Host is
 * the API's own, and the answer carries the web app's security headers.
 */
export class ApiProxy {
  constructor(private readonly options: ApiProxyOptions) {}

  async forward(
    req: IncomingMessage,
    res: ServerResponse,
    answerHeaders: Record<string, string>,
  ): Promise<void> {
    const target = this.options.target();
    if (!target) return problem(res, 502, 'the hub’s HTTP API is not running', answerHeaders);
    const limit = this.options.maxBodyBytes;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(declared) && declared > limit)
      return problem(
        res,
        413,
        `request body of ${declared} bytes is over the limit of ${limit}`,
        answerHeaders,
        {
          connection: 'close',
        },
      );

    const base = new URL(target);
    const upstream = request({
      protocol: base.protocol,
      hostname: base.hostname,
      port: base.port,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: forwardedRequestHeaders(req),
    });
    const fail = (error: unknown) => {
      if (res.headersSent) {
        if (!res.writableEnded) res.destroy();
        return;
      }
      if (error instanceof BodyTooLarge)
        problem(res, 413, `request body is over the limit of ${limit} bytes`, answerHeaders, {
          connection: 'close',
        });
      else problem(res, 502, 'the hub’s HTTP API did not answer', answerHeaders);
    };
    const answered = new Promise<void>((resolve) => {
      upstream.on('error', (error) => {
        fail(error);
        resolve();
      });
      upstream.on('response', (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answerHeadersOf(answer.headers), ...answerHeaders });
        pipeline(answer, res).then(resolve, () => {
          res.destroy();
          resolve();
        });
      });
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    try {
      await pipeline(req, new ByteLimit(limit), upstream);
    } catch (error) {
      fail(error);
      upstream.destroy();
      return;
    }
    await answered;
  }
}

/** Passes bytes on until more than `limit` have gone through, then fails the stream. */
class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) callback(new BodyTooLarge(this.limit));
    else callback(null, chunk);
  }
}

/** Headers named in `Connection` are hop-by-hop too. */
function droppedBy(headers: IncomingHttpHeaders): Set<string> {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return new Set([...HOP_BY_HOP, ...named]);
}

/** The viewer's headers for the API: all but hop-by-hop ones and Host, plus where the request came from. */
export function forwardedRequestHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const dropped = droppedBy(req.headers);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || dropped.has(name) || name === 'host') continue;
    headers[name] = value;
  }
  const remote = req.socket.remoteAddress ?? '127.0.0.1';
  const before = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = before ? `${String(before)}, ${remote}` : remote;
  if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
  headers['x-forwarded-proto'] = 'http';
  return headers;
}

/** The API's answer headers for the viewer, without hop-by-hop ones (Node frames the body itself). */
export function answerHeadersOf(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const dropped = droppedBy(headers);
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || dropped.has(name)) continue;
    kept[name] = value;
  }
  return kept;
}

function problem(
  res: ServerResponse,
  status: number,
  detail: string,
  answerHeaders: Record<string, string>,
  extra: Record<string, string> = {},
): void {
  const answer = problemResponse(status, detail);
  res.writeHead(status, { ...answer.headers, ...answerHeaders, ...extra });
  res.end(answer.body);
}
