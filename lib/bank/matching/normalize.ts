/**
 * Normalisation of counterparty names, free text and invoice numbers, so that "BAKKERIJ DE VRIES B.V.",
 * "Bakkerij de Vries BV" and "Bakkerij De Vries" compare equal.
 */

/** Legal forms and words that say nothing about who the party is. */
const LEGAL_FORMS = new Set([
  'bv',
  'nv',
  'vof',
  'cv',
  'holding',
  'beheer',
  'bvba',
  'gmbh',
  'ltd',
  'limited',
  'inc',
  'sarl',
  'sa',
  'ag',
  'kg',
  'stichting',
  'stg',
  'vereniging',
  'cooperatie',
  'ua',
  'eenmanszaak',
  'maatschap',
  'i.o',
  'io',
]);

/** Salutations and joiners dropped from person names. */
const SALUTATIONS = new Set([
  'dhr',
  'hr',
  'heer',
  'mevr',
  'mw',
  'mevrouw',
  'mr',
  'mrs',
  'ms',
  'fam',
  'familie',
  'eo',
  'en',
]);

/** Dutch name particles: kept in the full name, but too common to identify a party on their own. */
export const NAME_PARTICLES = new Set([
  'de',
  'van',
  'der',
  'den',
  'het',
  't',
  'ter',
  'te',
  'in',
  'op',
  'v',
  'vd',
]);

function foldDiacritics(value: string): string {
  // Most bank text is plain ASCII; only normalise when there is something to fold.
  return /[\u0080-\uffff]/.test(value) ? value.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : value;
}

/**
 * Splits a bank name into the names it may stand for: "J. Jansen h.o.d.n. Klusbedrijf Jansen" gives both
 * "J. Jansen" and "Klusbedrijf Jansen".
 */
export function splitTradeNames(name: string): string[] {
  return name
    .split(/\s+(?:t\.?\s?)?h\.?\s?o\.?\s?d\.?\s?n\.?(?=\s)|\s+handelend onder de naam\s+/i)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Names repeat (the same counterparty on many lines): a bounded memo keeps tokenising cheap. */
const TOKEN_MEMO = new Map<string, readonly string[]>();
const TOKEN_MEMO_LIMIT = 50_000;

/** Tokens of a name: lower case, no diacritics, no legal forms or salutations. */
export function nameTokens(name: string): string[] {
  return [...sharedNameTokens(name)];
}

/** `nameTokens` without the copy, for callers that only read: the memo's own array. */
export function sharedNameTokens(name: string): readonly string[] {
  let tokens = TOKEN_MEMO.get(name);
  if (!tokens) {
    tokens = computeNameTokens(name);
    if (TOKEN_MEMO.size >= TOKEN_MEMO_LIMIT) TOKEN_MEMO.clear();
    TOKEN_MEMO.set(name, tokens);
  }
  return tokens;
}

function computeNameTokens(name: string): string[] {
  const cleaned = foldDiacritics(name)
    .toLowerCase()
    .replace(/&/g, ' en ')
    .replace(/\b(?:t\.?\s?)?h\.\s?o\.\s?d\.\s?n\.?(?=\s|$)|\bhodn\b/g, ' ')
    // B.V. / V.O.F. / N.V. collapse to one (dropped) legal-form token; other dotted letters are initials.
    .replace(
      /\b([a-z])\.\s?([a-z])\.(?:\s?([a-z])\.)?/g,
      (whole: string, a: string, b: string, c?: string) => {
        const collapsed = `${a}${b}${c ?? ''}`;
        return LEGAL_FORMS.has(collapsed) ? ` ${collapsed} ` : whole.replace(/\./g, ' ');
      },
    )
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (cleaned === '') return [];
  const tokens = cleaned.split(' ');
  // Single letters are initials: kept, because "J. de Vries" and "P. de Vries" are different people.
  return tokens.filter((token) => !LEGAL_FORMS.has(token) && !SALUTATIONS.has(token));
}

/** One canonical string per name, used for exact-name lookups. */
export function normalizeName(name: string): string {
  return sharedNameTokens(name).join(' ');
}

/**
 * Order-free key for exact name lookups: "DE VRIES J" and "J. de Vries" give the same key, and so do
 * "Bakkerij De Vries B.V." and "BAKKERIJ DE VRIES".
 */
export function nameKey(name: string): string {
  return nameTokens(name).sort().join(' ');
}

/** Tokens that can identify a party: not particles, at least 3 characters. */
export function significantNameTokens(name: string): string[] {
  return sharedNameTokens(name).filter((token) => token.length >= 3 && !NAME_PARTICLES.has(token));
}

/*
 * Patterns used per word live at module level: a regex literal in a function is a new RegExp object on
 * every call, and these run millions of times per run.
 */
const NOT_LETTER_OR_DIGIT = /[^A-Z0-9]/g;
const WORD_SEPARATORS = /[\s,;:()[\]{}"'|]+/;
const LEADING_LABEL = /^(?:FACTUURNR|FACTUURNUMMER|FACTUUR|FACT|FACTNR|INVOICE|INV|NR|NO|REF)(?=\d)/;

/** Invoice numbers compare on letters and digits only: "F-2026/0042" → "F20260042". */
export function normalizeInvoiceNumber(value: string): string {
  return foldDiacritics(value).toUpperCase().replace(NOT_LETTER_OR_DIGIT, '');
}

/** The digits of an invoice number without leading zeros, the form people type when they drop the prefix. */
export function invoiceDigits(value: string): string {
  return value.replace(/\D/g, '').replace(/^0+/, '');
}

/**
 * Candidate tokens in free text for invoice-number lookups: each word, and each pair and triple of
 * adjacent words joined (people write "INV 2026 0042" as often as "INV-2026-0042").
 */
export function textLookupTokens(text: string): string[] {
  const words = foldDiacritics(text)
    .toUpperCase()
    .split(WORD_SEPARATORS)
    .map((word) => word.replace(NOT_LETTER_OR_DIGIT, ''))
    .filter((word) => word.length > 0);
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const one = words[i] as string;
    out.add(one);
    // Words that run into labels: "FACTUUR2026-0042", "NR.12345" → also without the leading letters.
    const tail = one.replace(LEADING_LABEL, '');
    if (tail !== one && tail.length > 0) out.add(tail);
    const next = words[i + 1];
    if (next !== undefined) {
      const two = one + next;
      if (two.length <= 24) out.add(two);
      const third = words[i + 2];
      if (third !== undefined && two.length + third.length <= 24) out.add(two + third);
    }
  }
  return [...out];
}

/** Optimal string alignment distance, stopped early once it exceeds `max`. */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_v, j) => j);
  for (let i = 1; i < rows; i++) {
    const current = new Array<number>(cols).fill(0);
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (prev[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (prevPrev[j - 2] as number) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = current;
  }
  return prev[cols - 1] as number;
}

/**
 * Typo keys of a token for the symmetric-delete index: a 30-bit FNV-1a hash of the token and of each of its
 * single-character deletions, so two tokens one edit apart share a key. Hashes, not the strings themselves:
 * 27,000 relations give ~400,000 keys, and numbers are built and looked up without allocating a string each.
 * A rare hash collision only adds a candidate, which the similarity check then scores on the real tokens.
 */
export function typoKeys(token: string): number[] {
  const keys = [hashWithout(token, -1)];
  for (let skip = 0; skip < token.length; skip++) keys.push(hashWithout(token, skip));
  return keys;
}

function hashWithout(token: string, skip: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    if (i === skip) continue;
    hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  }
  // 30 bits stay a small integer in V8 (no heap number per key).
  return hash & 0x3fffffff;
}

/**
 * Dice similarity over name tokens where tokens of 5+ characters may differ by one edit (typos), shorter
 * ones must be equal. 1 means the same tokens.
 */
export function nameSimilarity(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const used = new Array<boolean>(b.length).fill(false);
  let matched = 0;
  for (const token of a) {
    let found = b.findIndex((other, j) => !used[j] && other === token);
    if (found < 0 && token.length >= 5) {
      found = b.findIndex(
        (other, j) => !used[j] && other.length >= 5 && boundedEditDistance(token, other, 1) <= 1,
      );
    }
    if (found >= 0) {
      used[found] = true;
      matched++;
    }
  }
  return (2 * matched) / (a.length + b.length);
}
