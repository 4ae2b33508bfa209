/** Longest piece of a document value a finding quotes. */
const MAX_QUOTED = 40;

/** The value as a finding quotes it: in quotes, cut with an ellipsis past MAX_QUOTED characters. */
export function quoteValue(raw: string): string {
  const chars = Array.from(raw);
  return `"${chars.length > MAX_QUOTED ? `${chars.slice(0, MAX_QUOTED).join('')}…` : raw}"`;
}
