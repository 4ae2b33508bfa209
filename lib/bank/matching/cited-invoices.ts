import { invoiceDigits, normalizeInvoiceNumber } from './normalize.ts';
import { findPaymentReferences, normalizePaymentReference } from './references.ts';

/**
 * What the text of a bank line cites as an invoice: payment references (betalingskenmerk, RF, checked), the
 * words after an invoice keyword ("Factuur 2025-0123", "fact. F2600042", "INV 2026 0042"), and words shaped
 * like the tenant's invoice numbers ("2025-0123" on its own). Each is one token, compact and upper case;
 * the words after a keyword are kept in order, so "INV 2026 0042" can still be read as one number.
 */
export interface CitedInvoices {
  /** Normalized payment references (digits, or RF upper case without spaces). */
  paymentReferences: string[];
  /** Groups of adjacent words after an invoice keyword. */
  keywordGroups: CitedWord[][];
  /** Words outside keyword groups whose shape is that of an invoice number in the open items. */
  shapedWords: CitedWord[];
}

/** A word as written (for reasons) and compact (letters and digits, upper case: for comparing). */
export interface CitedWord {
  text: string;
  compact: string;
}

/**
 * Words that introduce invoice numbers. "nota" and "creditnota" too: a credit note is an invoice the
 * payment may net against. Glued forms ("FACTUUR2026-0042") are split off below.
 */
const KEYWORD =
  /^(?:factuur|factuurnr|factuurnummer|facturen|factuurnrs|fact|factnr|fctr|fnr|invoice|invoices|inv|invoicenr|nota|creditnota|creditfactuur|credit)$/i;
const GLUED_KEYWORD =
  /^(factuurnummer|factuurnr|factuur|factnr|fact|invoice|inv|nota|creditnota)[.:#]?(?=\d)/i;
/** Between a keyword and its numbers: "nr", "no.", "nummer", "#". */
const FILLER = /^(?:nr|nrs|no|nummer|nummers|number|#|dd)$/i;
/** Joiners inside a list of numbers: "2026-0001 en 2026-0002", "2026-0001 & 0002". */
const JOINER = /^(?:en|and|&|\+|,|\/|-)$/i;
const DATE = /^(?:\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}-\d{2}-\d{2})$/;
const AMOUNT = /^(?:€|eur)?\d{1,3}(?:[.]\d{3})*,\d{2}$|^(?:€|eur)?\d+[.,]\d{2}$/i;

/* Per-word patterns at module level: a regex literal in a function is a new RegExp object per call. */
const WORD_SEPARATORS = /[\s,;:()[\]{}"'|]+/;
const EDGE_PUNCTUATION = /^[.\-/#]+|[.\-/]+$/g;
const KEYWORD_PUNCTUATION = /[.:#]/g;
const DIGIT = /\d/;

/** Words of a text: split on white space and list punctuation; `-`, `.`, `/` stay inside a word. */
function words(text: string): string[] {
  return text
    .split(WORD_SEPARATORS)
    .map((word) => word.replace(EDGE_PUNCTUATION, ''))
    .filter((word) => word.length > 0);
}

/** Letters and digits only, upper case: how invoice numbers compare. */
function compact(word: string): string {
  return normalizeInvoiceNumber(word);
}

/** The shape of an invoice number: digits become 9, letters and separators stay ("2026-0042" → "9999-9999"). */
export function invoiceShape(value: string): string {
  return value.toUpperCase().replace(/\d/g, '9');
}

/**
 * A shape worth looking for without a keyword: at least four digits and something besides digits, and not a
 * date's shape. Plain numbers ("10234") are everywhere in bank text (orders, customer numbers, amounts).
 */
export function isDistinctiveShape(shape: string): boolean {
  if ((shape.match(/9/g) ?? []).length < 4 || /^9+$/.test(shape)) return false;
  return !DATE.test(shape.replace(/9/g, '1'));
}

function digitCount(word: string): number {
  let digits = 0;
  for (let at = 0; at < word.length; at++) {
    const code = word.charCodeAt(at);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits;
}

/** Collects what the text cites; `shapes` are the distinctive shapes of the open items' invoice numbers. */
export function citedInvoices(
  text: string,
  structuredReference: string | undefined,
  shapes: ReadonlySet<string>,
): CitedInvoices {
  const paymentReferences = new Set(findPaymentReferences(text).map((ref) => ref.value));
  if (structuredReference) {
    const structured = normalizePaymentReference(structuredReference);
    if (structured) paymentReferences.add(structured.value);
  }
  const keywordGroups: CitedWord[][] = [];
  const shapedWords: CitedWord[] = [];
  let group: CitedWord[] | undefined;
  for (const raw of words(text)) {
    const glued = GLUED_KEYWORD.exec(raw);
    const word = glued ? raw.slice(glued[0].length) : raw;
    if (glued || KEYWORD.test(word.replace(KEYWORD_PUNCTUATION, ''))) {
      group = [];
      keywordGroups.push(group);
      if (!glued) continue;
    }
    if (group) {
      if (group.length === 0 && FILLER.test(word)) continue;
      if (JOINER.test(word)) continue;
      if (DIGIT.test(word) && !DATE.test(word) && !AMOUNT.test(word)) {
        group.push({ text: word, compact: compact(word) });
        continue;
      }
      group = undefined;
    }
    // Every distinctive shape has four digits or more: a word with fewer cannot have one.
    if (digitCount(word) >= 4 && shapes.has(invoiceShape(word)))
      shapedWords.push({ text: word, compact: compact(word) });
  }
  return {
    paymentReferences: [...paymentReferences],
    keywordGroups: keywordGroups.filter((words) => words.length > 0),
    shapedWords,
  };
}

/** The forms under which a text may cite one open item: its number, the number's digits, its reference. */
export function citationForms(invoiceNumber: string, paymentReference: string | undefined): string[] {
  const forms = [compact(invoiceNumber)];
  const digits = invoiceDigits(invoiceNumber);
  if (digits.length >= 3 && digits !== forms[0]) forms.push(digits);
  if (paymentReference) {
    const reference = normalizePaymentReference(paymentReference);
    forms.push(reference ? reference.value : compact(paymentReference));
  }
  return forms.filter((form) => form.length > 0);
}

/** Whether a cited word is one of the forms (leading zeros aside) or the tail (4+ characters) of one. */
function explainedWord(forms: ReadonlySet<string>, word: string): boolean {
  if (forms.has(word) || forms.has(word.replace(/^0+/, ''))) return true;
  if (word.length < 4) return false;
  for (const form of forms) if (form.length > word.length && form.endsWith(word)) return true;
  return false;
}

/**
 * The cited tokens that none of the given forms explains: each names some other invoice (open elsewhere,
 * already paid, or unknown). Keyword groups are read greedily, up to three adjacent words as one number
 * ("INV 2026 0042"); a word is also explained when it is the tail of a form (at least four characters:
 * "factuur 0042" for 2026-0042). A payment reference none of the forms has is let through only when
 * `unknownReferenceMayBeOurs` says so for it (the candidate has none on file, and the text names it otherwise).
 */
export function unexplainedCitations(
  cited: CitedInvoices,
  forms: ReadonlySet<string>,
  unknownReferenceMayBeOurs: (reference: string) => boolean,
): string[] {
  const out: string[] = [];
  let namedByNumber = false;
  for (const group of cited.keywordGroups) {
    for (let i = 0; i < group.length; ) {
      let taken = 0;
      const word = group[i] as CitedWord;
      const next = group[i + 1];
      if (next) {
        const two = word.compact + next.compact;
        const third = group[i + 2];
        if (third && forms.has(two + third.compact)) taken = 3;
        else if (forms.has(two)) taken = 2;
      }
      if (taken === 0 && explainedWord(forms, word.compact)) taken = 1;
      if (taken > 0) namedByNumber = true;
      if (taken === 0) {
        // A lone short number after a keyword ("factuur 3 van 5") is a count, not an invoice.
        if (word.compact.length >= 3) out.push(word.text);
        taken = 1;
      }
      i += taken;
    }
  }
  for (const word of cited.shapedWords) {
    if (!explainedWord(forms, word.compact)) out.push(word.text);
    else namedByNumber = true;
  }
  for (const reference of cited.paymentReferences) {
    if (forms.has(reference)) continue;
    if (!(namedByNumber && unknownReferenceMayBeOurs(reference))) out.push(reference);
  }
  return [...new Set(out)];
}
