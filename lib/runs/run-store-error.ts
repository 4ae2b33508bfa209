/** A run list request that cannot be answered as asked (a cursor not made by this store). */
export class RunCursorError extends Error {
  override readonly name = 'RunCursorError';
  constructor(
    message: string,
    readonly value: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
