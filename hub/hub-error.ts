/** Root of every error the local hub raises; `cause` keeps the underlying failure. */
export class HubError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HubError';
  }
}

/** The CloudFormation template holds something the hub cannot run locally (or cannot read). */
export class TemplateError extends HubError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemplateError';
  }
}

/** Synthesizing the tenant stack or bundling a function failed. */
export class SynthError extends HubError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SynthError';
  }
}

/** A Scheduler expression (`cron(…)`, `rate(…)`, `at(…)`) the hub cannot evaluate. */
export class ScheduleExpressionError extends HubError {
  constructor(
    readonly expression: string,
    reason: string,
  ) {
    super(`Schedule expression ${expression}: ${reason}`);
    this.name = 'ScheduleExpressionError';
  }
}

/** A function invocation failed: the handler threw, timed out or its worker died. */
export class FunctionInvocationError extends HubError {
  constructor(
    readonly functionName: string,
    message: string,
    readonly kind: 'error' | 'timeout' | 'crash',
    options?: { cause?: unknown },
  ) {
    super(`${functionName}: ${message}`, options);
    this.name = 'FunctionInvocationError';
  }
}
