/** Root of the errors a window counter raises: a take it cannot even try (bad key, limit, cost, window, clock). */
export class RateWindowError extends Error {
  /** The request field that broke the rule, e.g. `limit`. */
  readonly field: string;
  /** The rule it broke, e.g. `positive integer`. */
  readonly rule: string;
  readonly value: unknown;

  constructor(field: string, rule: string, value: unknown, options: { cause?: unknown } = {}) {
    super(
      `rate window ${field} must be ${rule}, got ${JSON.stringify(value) ?? String(value)}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'RateWindowError';
    this.field = field;
    this.rule = rule;
    this.value = value;
  }
}
