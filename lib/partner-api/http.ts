import { truncateText } from '../runtime/quoted-text.ts';
/** The parts of an HTTP request the routes need, independent of API Gateway's event shape. */
export interface HttpRequest {
  method: string;
  /** Path without query string, e.g. `/v1/documents/evt_…`. */
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The raw body as received (signatures are computed over these exact bytes). */
  body: string;
  query?: Record<string, string>;
  /** Path parameters filled by the router. */
  params?: Record<string, string>;
  /** Correlation id for problem responses (API Gateway's request id). */
  requestId?: string;
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  /** The body is base64 of binary content (a downloaded original); API Gateway decodes it. */
  isBase64Encoded?: boolean;
}

/** One entry of a problem's `errors`: where, which rule, and a sentence for a person. */
export interface HttpProblemDetail {
  path: string;
  rule: string;
  message: string;
  value?: unknown;
  /** Position of the event in the request's batch, when the problem is about one event. */
  index?: number;
}

/** Longest piece of a request quoted back in a problem; longer input is cut and ends in `…`. */
export const MAX_QUOTED_LENGTH = 80;

/** A value from the request as a problem quotes it: at most `MAX_QUOTED_LENGTH` characters. */
export function quoted(value: string): string {
  return truncateText(value, MAX_QUOTED_LENGTH);
}

export function header(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return value === undefined || value === '' ? undefined : value;
}

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

export function statusTitle(status: number): string {
  return TITLES[status] ?? 'Error';
}

/** An RFC 9457 problem document; `type` points at the status's section of the API description. */
export function problemResponse(
  status: number,
  detail: string,
  options: {
    title?: string;
    errors?: HttpProblemDetail[];
    headers?: Record<string, string>;
    instance?: string;
    extra?: Record<string, unknown>;
  } = {},
): HttpResponse {
  const title = options.title ?? statusTitle(status);
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...options.headers },
    body: JSON.stringify({
      type: `https://cashlink.nl/problems/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      title,
      status,
      detail,
      ...(options.instance ? { instance: options.instance } : {}),
      errors: options.errors ?? [],
      ...options.extra,
    }),
  };
}
