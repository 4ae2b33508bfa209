import { quoteText } from '../../runtime/quoted-text.ts';

/** Longest piece of a document value a finding quotes. */
const MAX_QUOTED = 40;

/** The value as a finding quotes it: in quotes, cut with an ellipsis at MAX_QUOTED characters. */
export function quoteValue(raw: string): string {
  return quoteText(raw, MAX_QUOTED);
}
