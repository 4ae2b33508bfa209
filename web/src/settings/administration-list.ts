/** Administration codes typed as `DEMO, ANDERS` or `*` (all). */
export function parseAdministrations(text: string): string[] | '*' {
  const trimmed = text.trim();
  if (trimmed === '*') return '*';
  return [...new Set(trimmed.split(/[\s,;]+/).filter((code) => code !== ''))];
}

export function showAdministrations(value: readonly string[] | '*' | undefined, all: string): string {
  if (value === '*') return all;
  return (value ?? []).join(', ');
}
