import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface IncomingHttpRequest {
  method: string;
  /** Path and query as received, e.g. `/v1/documents/abc?x=1`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
}

export interface EventShapeOptions {
  routeKey: string;
  pathParameters: Record<string, string>;
  apiId: string;
  accountId: string;
  domainName: string;
  /** The request context's `authorizer` (IAM or JWT claims) when the route has one. */
  authorizer?: Record<string, unknown>;
  now?: Date;
}

export interface HttpResponseParts {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|[\w.+-]+\+(json|xml))\b)/i;

/**
 * An HTTP request as API Gateway's payload format 2.0 hands it to a Lambda proxy integration: lowercase
 * headers with repeats joined by commas, cookies split out, query values of repeated keys joined by
 * commas, and a body that is base64 unless its content type is text.
 */
export function toApiGatewayEvent(
  request: IncomingHttpRequest,
  options: EventShapeOptions,
): APIGatewayProxyEventV2 {
  const now = options.now ?? new Date();
  const questionMark = request.url.indexOf('?');
  const rawPath = questionMark < 0 ? request.url : request.url.slice(0, questionMark);
  const rawQueryString = questionMark < 0 ? '' : request.url.slice(questionMark + 1);

  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (key === 'cookie') {
      cookies = (Array.isArray(value) ? value.join('; ') : value).split(/;\s*/).filter(Boolean);
      continue;
    }
    headers[key] = Array.isArray(value) ? value.join(',') : value;
  }

  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    query[key] = key in query ? `${query[key]},${value}` : value;
  }

  const contentType = headers['content-type'] ?? '';
  const hasBody = request.body.length > 0;
  const isText = !hasBody || contentType === '' || TEXT_TYPES.test(contentType);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: options.routeKey,
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: options.accountId,
      apiId: options.apiId,
      domainName: options.domainName,
      domainPrefix: options.domainName.split('.')[0] ?? options.domainName,
      http: {
        method: request.method.toUpperCase(),
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: options.routeKey,
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: hasBody && !isText,
  };
  if (cookies) event.cookies = cookies;
  if (Object.keys(query).length > 0) event.queryStringParameters = query;
  if (Object.keys(options.pathParameters).length > 0) event.pathParameters = options.pathParameters;
  if (hasBody) event.body = isText ? request.body.toString('utf8') : request.body.toString('base64');
  if (options.authorizer) {
    (event.requestContext as unknown as Record<string, unknown>).authorizer = options.authorizer;
  }
  return event;
}

/**
 * The function's result back into an HTTP response, as API Gateway interprets payload 2.0: an object with
 * `statusCode` is taken as given; anything else (a string, an object without `statusCode`, nothing) is a
 * 200 JSON body, as API Gateway infers it.
 */
export function fromLambdaResult(result: unknown): HttpResponseParts {
  if (result !== null && typeof result === 'object' && 'statusCode' in result) {
    const response = result as {
      statusCode: unknown;
      headers?: Record<string, unknown>;
      multiValueHeaders?: Record<string, unknown[]>;
      cookies?: unknown[];
      body?: unknown;
      isBase64Encoded?: boolean;
    };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.multiValueHeaders ?? {})) {
      headers[name.toLowerCase()] = value.map(String).join(',');
    }
    for (const [name, value] of Object.entries(response.headers ?? {}))
      headers[name.toLowerCase()] = String(value);
    const text = response.body === undefined || response.body === null ? '' : String(response.body);
    const statusCode = Number(response.statusCode);
    return {
      statusCode: Number.isInteger(statusCode) && statusCode >= 100 && statusCode <= 599 ? statusCode : 500,
      headers,
      cookies: (response.cookies ?? []).map(String),
      body: response.isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
    };
  }
  const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    cookies: [],
    body: Buffer.from(body, 'utf8'),
  };
}

/** API Gateway's `requestContext.time`: `24/Nov/2026:08:15:36 +0000`. */
function formatRequestTime(now: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(now.getUTCDate())}/${months[now.getUTCMonth()]}/${now.getUTCFullYear()}:${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} +0000`;
}
