/**
 * Search tokens: lower-case ASCII words (diacritics folded) and canonical amounts. A word of 3 or more
 * characters is indexed with each of its prefixes from 3 up to {@link MAX_PREFIX} characters, so a query
 * word matches every indexed word it begins; a 2-character word is indexed (and found) as it is.
 */

/** Longest prefix indexed; a longer query word is looked up by its first MAX_PREFIX characters. */
export const MAX_PREFIX = 12;
/** At most this many tokens per document (the first ones, in field priority order). */
export const MAX_TOKENS_PER_DOCUMENT = 64;
/** At most this many words of a query are used. */
export const MAX_QUERY_TOKENS = 8;

/** Lower case, diacritics folded, everything else than a–z and 0–9 a separator. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 2);
}

/** The tokens a word is found by: itself when short, else its prefixes of 3..MAX_PREFIX characters. */
export function wordTokens(word: string): string[] {
  if (word.length < 3) return [word];
  const out: string[] = [];
  for (let n = 3; n <= Math.min(word.length, MAX_PREFIX); n++) out.push(word.slice(0, n));
  return out;
}

/** An amount as tokens: canonical `<euros>.<cc>` and the whole euros (sign dropped). */
export function amountTokens(cents: number): string[] {
  if (!Number.isSafeInteger(cents)) return [];
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100);
  const rest = String(abs % 100).padStart(2, '0');
  return [`${euros}.${rest}`, String(euros)];
}

/** An identifier (invoice number, external id): its words plus the whole of it without separators. */
export function identifierWords(text: string): string[] {
  const parts = words(text);
  const compact = parts.join('');
  return parts.length > 1 && compact.length >= 3 ? [...parts, compact] : parts;
}

export interface TokenSources {
  texts: Array<string | undefined>;
  identifiers: Array<string | undefined>;
  amountsCents: Array<number | undefined>;
}

/** The bounded, de-duplicated token set of a document, in priority order (texts, identifiers, amounts). */
export function documentTokens(sources: TokenSources): string[] {
  const out = new Set<string>();
  const add = (tokens: string[]) => {
    for (const t of tokens) {
      if (out.size >= MAX_TOKENS_PER_DOCUMENT) return;
      out.add(t);
    }
  };
  const textWords = sources.texts.flatMap((t) => (typeof t === 'string' ? words(t.slice(0, 500)) : []));
  const idWords = sources.identifiers.flatMap((t) =>
    typeof t === 'string' ? identifierWords(t.slice(0, 200)) : [],
  );
  // Whole words first, so that every word is findable before prefixes use up the budget.
  for (const w of [...textWords, ...idWords]) add([w.slice(0, MAX_PREFIX)]);
  for (const cents of sources.amountsCents) if (cents !== undefined) add(amountTokens(cents));
  for (const w of [...textWords, ...idWords]) add(wordTokens(w));
  return [...out];
}

const AMOUNT_NL = /^-?€?(\d{1,3}(?:\.\d{3})+|\d+),(\d{1,2})$/;
const AMOUNT_DOT = /^-?€?(\d+)\.(\d{1,2})$/;

/** A query word that reads as an amount (`1.234,50`, `1234,5`, `1234.50`), as its canonical token. */
export function amountQueryToken(word: string): string | undefined {
  const match = AMOUNT_NL.exec(word) ?? AMOUNT_DOT.exec(word);
  if (!match) return undefined;
  const euros = (match[1] as string).replace(/\./g, '').replace(/^0+(?=\d)/, '');
  return `${euros}.${(match[2] as string).padEnd(2, '0')}`;
}

/**
 * The tokens a query must all match (AND), each as it is looked up: amounts canonical, words cut to
 * MAX_PREFIX; words of one character are left out. Empty when nothing searchable remains.
 */
export function queryTokens(q: string): string[] {
  const out = new Set<string>();
  for (const raw of q.slice(0, 500).trim().split(/\s+/)) {
    const amount = amountQueryToken(raw);
    if (amount) out.add(amount);
    else for (const w of words(raw)) out.add(w.slice(0, MAX_PREFIX));
    if (out.size >= MAX_QUERY_TOKENS) break;
  }
  return [...out].slice(0, MAX_QUERY_TOKENS);
}
