import { retryAfterMs } from '../../cash/rest/index.ts';
import { ShopApiError } from '../shop-api-error.ts';

export interface ShopHttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export interface ShopHttpRequest {
  platform: string;
  method: string;
  url: string;
  /** Path and query as errors name them (never the host with credentials, never a secret). */
  path: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
  fetch: typeof fetch;
}

/**
 * One HTTP request to a shop platform within a time budget (connect to last byte) and a size budget (the answer
 * is read in chunks and cut off past `maxBytes`). Network trouble and timeouts are retryable ShopApiErrors that
 * name the method and path only.
 */
export async function shopHttpRequest(request: ShopHttpRequest): Promise<ShopHttpAnswer> {
  const { platform, method, path } = request;
  const signal = AbortSignal.timeout(request.timeoutMs);
  let response: Response;
  try {
    response = await request.fetch(request.url, {
      method,
      headers: request.headers,
      body: request.body,
      signal,
    });
  } catch (error) {
    throw new ShopApiError(
      `${platform} ${method} ${path}: ${networkReason(error, request.timeoutMs)}`,
      { platform, method, path },
      { cause: error },
    );
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > request.maxBytes) {
    await response.body?.cancel();
    throw tooLarge(request, response.status);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    const reader = response.body?.getReader();
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > request.maxBytes) {
        await reader.cancel();
        throw tooLarge(request, response.status);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ShopApiError) throw error;
    throw new ShopApiError(
      `${platform} ${method} ${path}: ${networkReason(error, request.timeoutMs)}`,
      { platform, method, path },
      { cause: error },
    );
  }
  return { status: response.status, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') };
}

function tooLarge(request: ShopHttpRequest, status: number): ShopApiError {
  return new ShopApiError(
    `${request.platform} ${request.method} ${request.path}: the answer is larger than ${request.maxBytes} bytes`,
    {
      platform: request.platform,
      method: request.method,
      path: request.path,
      status,
    },
  );
}

function networkReason(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no complete answer within ${timeoutMs} ms`;
  const code = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  return code ? `network error ${code}` : 'network error';
}

/**
 * The ShopApiError for a non-2xx answer: 429 retryable with the wait (`Retry-After`, else the platform's own
 * hint), 401/403 permanent with what to check, 5xx retryable, other 4xx permanent.
 */
export function shopHttpError(
  request: Pick<ShopHttpRequest, 'platform' | 'method' | 'path'>,
  answer: ShopHttpAnswer,
  options: { code?: string; message?: string; fallbackRetryAfterMs?: number; credentials: string },
): ShopApiError {
  const { platform, method, path } = request;
  const details = { platform, method, path, status: answer.status, code: options.code, answer: answer.text };
  const said = options.message ? `: ${options.message.slice(0, 200)}` : '';
  if (answer.status === 429) {
    const header = answer.headers.get('retry-after');
    const wait =
      header !== null ? retryAfterMs(header) : (options.fallbackRetryAfterMs ?? retryAfterMs(null));
    return new ShopApiError(
      `${platform} rate limit reached (${method} ${path})${said}; retry in ${wait} ms`,
      { ...details, retryAfterMs: wait },
    );
  }
  if (answer.status === 401 || answer.status === 403) {
    return new ShopApiError(
      `${platform} refused the credentials (${answer.status} on ${method} ${path})${said}: check ${options.credentials}`,
      details,
    );
  }
  return new ShopApiError(`${platform} answered ${answer.status} on ${method} ${path}${said}`, details);
}
