/** The message of whatever was thrown, for a console line. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A schedule expression or name shortened for one console line. */
export function shortName(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
