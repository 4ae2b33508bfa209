/**
 * A query the index cannot answer as asked: names the field, the rule it breaks and the value given
 * (quoted, truncated), so an API can answer 400 with it.
 */
export class DocumentQueryError extends Error {
  readonly field: string;
  readonly rule: string;
  readonly value: string;

  constructor(field: string, rule: string, message: string, value: unknown, options?: { cause?: unknown }) {
    super(`${field}: ${message}`, options);
    this.name = 'DocumentQueryError';
    this.field = field;
    this.rule = rule;
    this.value = quoteValue(value);
  }
}

/** A value as an error shows it: JSON-quoted, cut to 80 characters. */
export function quoteValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
