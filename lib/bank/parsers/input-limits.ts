import { quoteText } from '../../runtime/quoted-text.ts';

/**
 * Caps on what one bank file may hold, so a hostile or broken file costs bounded time and memory: the file
 * is refused before decoding when too large, and before parsing when a line (CSV, MT940), an XML tag or an
 * XML value (camt.053, often on one line) is longer than any bank writes.
 */
export interface BankInputLimits {
  maxFileBytes: number;
  /** A physical line of a CSV or MT940 file; a whole XML tag with its attributes. */
  maxLineChars: number;
  /** One CSV field (also over quoted line breaks); one XML text or attribute value. */
  maxFieldChars: number;
}

export const DEFAULT_BANK_INPUT_LIMITS: BankInputLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxLineChars: 64 * 1024,
  maxFieldChars: 8 * 1024,
};

export function bankInputLimits(limits: Partial<BankInputLimits> = {}): BankInputLimits {
  return { ...DEFAULT_BANK_INPUT_LIMITS, ...limits };
}

export function fileSizeError(bytes: Uint8Array, limits: BankInputLimits): string | undefined {
  if (bytes.byteLength <= limits.maxFileBytes) return undefined;
  return `file has ${bytes.byteLength} bytes, more than the limit of ${limits.maxFileBytes}`;
}

/** The first line longer than the limit, found with `indexOf` (no copy of the text). */
export function longLineError(text: string, maxLineChars: number): string | undefined {
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    if (end - start > maxLineChars) {
      const head = quoteText(text.slice(start, start + 41));
      return `line ${line} has more than ${maxLineChars} characters (the limit); it starts ${head}`;
    }
    if (newline < 0) return undefined;
    start = newline + 1;
  }
  return undefined;
}

/** The first XML tag longer than the line limit, or text between tags longer than the field limit. */
export function longXmlPartError(text: string, limits: BankInputLimits): string | undefined {
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('<', at);
    const textEnd = open < 0 ? text.length : open;
    if (textEnd - at > limits.maxFieldChars) return xmlPartError(text, at, 'a value', limits.maxFieldChars);
    if (open < 0) return undefined;
    const close = text.indexOf('>', open);
    const tagEnd = close < 0 ? text.length : close;
    if (tagEnd - open > limits.maxLineChars) return xmlPartError(text, open, 'a tag', limits.maxLineChars);
    if (close < 0) return undefined;
    at = close + 1;
  }
  return undefined;
}

function xmlPartError(text: string, at: number, what: string, limit: number): string {
  return `XML at character ${at + 1}: ${what} has more than ${limit} characters (the limit); it starts ${quoteText(text.slice(at, at + 41))}`;
}
