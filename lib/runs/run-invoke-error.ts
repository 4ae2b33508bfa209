/** A connector could not be started (no function for it, or Lambda refused the call). */
export class RunInvokeError extends Error {
  override readonly name = 'RunInvokeError';
}
