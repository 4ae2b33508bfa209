/** A message that cannot be written: the field, the rule and the value (quoted, cut). */
export class MailMessageError extends Error {
  constructor(
    readonly path: string,
    readonly rule: string,
    message: string,
    readonly value?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MailMessageError';
  }
}

/**
 * Why the sending service did not take a message: `rejected` (the message: SES MessageRejected,
 * BadRequest), `sender-not-verified` (the identity or configuration set), `throttled` (sending quota or
 * rate, a paused account), `unavailable` (anything else: network, service fault).
 */
export type MailSendFailure = 'rejected' | 'sender-not-verified' | 'throttled' | 'unavailable';

export class MailSendError extends Error {
  constructor(
    readonly failure: MailSendFailure,
    /** The service's error name, e.g. `MessageRejected`. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MailSendError';
  }
}
