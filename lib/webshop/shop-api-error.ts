import { truncateText } from '../runtime/quoted-text.ts';

/**
 * A platform's REST API refused or failed a request. `retryable` for 429, 5xx and network trouble;
 * `retryAfterMs` from `Retry-After` (seconds or an HTTP date) or the platform's own rate-limit headers.
 */
export class ShopApiError extends Error {
  override readonly name = 'ShopApiError';
  readonly retryable: boolean;

  constructor(
    message: string,
    readonly details: {
      platform: string;
      method: string;
      /** Path and query only: never a URL with credentials in it. */
      path: string;
      status?: number;
      /** The platform's error code when it has one (CCV `429.10`, Magento `message`). */
      code?: string;
      retryAfterMs?: number;
      /** The answer's body, truncated. */
      answer?: string;
    },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    const status = details.status;
    this.retryable = status === undefined || status === 429 || status >= 500;
    if (details.answer !== undefined) this.details.answer = truncateText(details.answer, 500);
  }
}
