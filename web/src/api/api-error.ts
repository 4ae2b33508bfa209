/** One entry of a problem's `errors`: where, which rule, a sentence, the value quoted. */
export interface ProblemDetail {
  path: string;
  rule: string;
  message: string;
  value?: unknown;
}

/** An RFC 9457 problem from the API. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  rule?: string;
  errors?: ProblemDetail[];
}

/** The API answered with an error status (or could not be reached: status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      problem?.detail ?? problem?.title ?? (status === 0 ? 'network error' : `status ${status}`),
      options,
    );
    this.name = 'ApiError';
  }

  /** The first rule the problem names (e.g. `role`, `administration-not-granted`, `changed-needs-version`). */
  get rule(): string | undefined {
    return this.problem?.errors?.[0]?.rule ?? this.problem?.rule;
  }
}
