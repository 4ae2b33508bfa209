/** An outbound setting that is not what it must be: names the field, the rule and the value (cut). */
export class OutboundConfigError extends Error {
  override readonly name = 'OutboundConfigError';
  constructor(
    readonly field: string,
    readonly rule: string,
    readonly value: unknown,
  ) {
    const shown = JSON.stringify(value) ?? String(value);
    super(`${field}: ${rule}, not ${shown.length > 40 ? `${shown.slice(0, 39)}…` : shown}`);
  }
}
