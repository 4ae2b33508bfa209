import { readAtMost } from '../../runtime/bounded-read.ts';
import { errorMessage } from '../../runtime/error-message.ts';
import { ShopApiError } from '../shop-api-error.ts';

export interface ShopHttpOptions {
  platform: string;
  /** Per request: the time budget and the largest answer read. */
  timeoutMs?: number;
  maxResponseBytes?: number;
  fetch?: typeof fetch;
}

export interface ShopHttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Absolute URL the request goes to (may carry credentials only in headers, never here). */
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

export interface ShopHttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** Seconds or an HTTP date (RFC 9110 §10.2.3) in milliseconds from `now`; undefined when unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * One HTTP exchange with a shop's API within a time and size budget. Transport failures, 429 and 5xx become
 * retryable `ShopApiError`s, 401/403 permanent ones saying the credentials were refused; the error names the
 * path and query only (the caller keeps secrets in headers, never in the URL).
 */
export class ShopHttp {
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ShopHttpOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 20 * 1024 * 1024;
    this.fetchImpl = options.fetch ?? fetch;
  }

  async exchange(request: ShopHttpRequest): Promise<ShopHttpAnswer> {
    const where = { platform: this.options.platform, method: request.method, path: pathOf(request.url) };
    let response: Response;
    try {
      response = await this.fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new ShopApiError(`${this.options.platform} did not answer: ${errorMessage(error)}`, where, {
        cause: error,
      });
    }
    let text: string;
    try {
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      const bytes = await readAtMost(
        response.body ?? undefined,
        this.maxResponseBytes,
        Number.isNaN(declared) ? undefined : declared,
      );
      text = new TextDecoder().decode(bytes);
    } catch (error) {
      await response.body?.cancel().catch(() => undefined);
      throw new ShopApiError(`${this.options.platform} answer unreadable: ${errorMessage(error)}`, {
        ...where,
        status: response.status,
      });
    }
    return { status: response.status, headers: response.headers, text };
  }

  /** The error for a non-2xx answer; `code` is the platform's own error text when the caller found one. */
  failure(request: ShopHttpRequest, answer: ShopHttpAnswer, code?: string, waitMs?: number): ShopApiError {
    const { platform } = this.options;
    const details = {
      platform,
      method: request.method,
      path: pathOf(request.url),
      status: answer.status,
      code,
      answer: answer.text,
      retryAfterMs: waitMs ?? retryAfterMs(answer.headers.get('retry-after')),
    };
    const said = code ? `: ${code}` : '';
    if (answer.status === 401 || answer.status === 403) {
      return new ShopApiError(
        `${platform} refused the credentials (HTTP ${answer.status})${said}; check the key in the shop's settings`,
        details,
      );
    }
    if (answer.status === 429)
      return new ShopApiError(`${platform} rate limit reached (HTTP 429)${said}`, details);
    return new ShopApiError(`${platform} answered HTTP ${answer.status} to ${details.path}${said}`, details);
  }

  /** A 2xx answer's JSON; anything else that is not JSON is a permanent error naming the path. */
  json(request: ShopHttpRequest, answer: ShopHttpAnswer): unknown {
    try {
      return JSON.parse(answer.text);
    } catch {
      throw new ShopApiError(
        `${this.options.platform} answered ${pathOf(request.url)} with something not JSON`,
        {
          platform: this.options.platform,
          method: request.method,
          path: pathOf(request.url),
          status: answer.status,
          answer: answer.text,
        },
      );
    }
  }
}

export function pathOf(url: URL): string {
  return `${url.pathname}${url.search}`;
}
