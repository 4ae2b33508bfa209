import type { HttpProblemDetail } from './http.ts';

/** Root of the partner API's errors. */
export class PartnerApiError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PartnerApiError';
  }
}

/**
 * A request the API answers with an RFC 9457 problem: thrown by authentication, authorization and the
 * routes, turned into an `application/problem+json` response in one place.
 */
export class HttpProblem extends PartnerApiError {
  /** Members added to the problem document beside the standard ones. */
  readonly extra: Record<string, unknown>;

  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: HttpProblemDetail[] = [],
    readonly headers: Record<string, string> = {},
    options: { cause?: unknown; extra?: Record<string, unknown> } = {},
  ) {
    super(`${status} ${title}: ${detail}`, { cause: options.cause });
    this.name = 'HttpProblem';
    this.extra = options.extra ?? {};
  }
}

/** An API key that does not follow the `clk_<id>_<secret>` format, or a key record that is damaged. */
export class ApiKeyFormatError extends PartnerApiError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiKeyFormatError';
  }
}

/** A correction the connector cannot apply (no such review item, invoice not open…), naming the field. */
export class CorrectionRefusedError extends PartnerApiError {
  constructor(
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CorrectionRefusedError';
  }
}

/** The match memory is no longer at the version the caller named (If-Match); nothing was changed. */
export class MemoryVersionMismatchError extends PartnerApiError {
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
    options?: { cause?: unknown },
  ) {
    super(`the bank rules are at version ${currentVersion}, not ${expectedVersion}`, options);
    this.name = 'MemoryVersionMismatchError';
  }
}
