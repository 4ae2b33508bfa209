/** A form field that cannot be read: names the field and what is wrong. */
export class FormBodyError extends Error {
  constructor(
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FormBodyError';
  }
}
