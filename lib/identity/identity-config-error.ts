/** The environment names no way to verify tokens or reach the user directory (a deployment mistake). */
export class IdentityConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IdentityConfigError';
  }
}
