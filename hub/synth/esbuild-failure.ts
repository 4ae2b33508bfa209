/** The first few messages of an esbuild failure, each with its file and line when esbuild gives one. */
export function esbuildFailure(error: unknown): string {
  const detail = (
    error as { errors?: Array<{ text: string; location?: { file: string; line: number } }> }
  ).errors
    ?.slice(0, 3)
    .map((e) => (e.location ? `${e.location.file}:${e.location.line} ${e.text}` : e.text))
    .join('; ');
  return detail || (error instanceof Error ? error.message : String(error));
}
