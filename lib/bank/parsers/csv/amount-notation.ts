import { quoteText } from '../../../runtime/quoted-text.ts';
import { type AmountParse, parseAmountToCents } from '../amount.ts';

/**
 * Amounts as bank CSV exports and spreadsheets write them: a decimal comma or dot, thousands grouped by the
 * other mark or a space, and a sign as `-`/`+`/`−` before or `-` after the number, or parentheses.
 * `1.000` is one thousand with a decimal comma and one with a decimal dot, so the decimal mark is never
 * guessed per value: a layout that knows its notation says it, and otherwise it is decided once for the
 * whole file from every amount in it (`decideDecimalMark`); when no value tells, that is an error.
 */
export type DecimalMark = ',' | '.';

/** What one amount says about the decimal mark. */
export type MarkEvidence = DecimalMark | 'none' | 'ambiguous';

const GROUPING = /[ \u00a0\u202f]/g;
const SIGNED = /^(?:([+\-\u2212])\s*)?(.*?)(?:\s*(-))?$/s;

interface Unsigned {
  negative: boolean;
  digits: string;
}

/** The sign and the number text without it, or a reason. */
function splitSign(raw: string): Unsigned | { reason: string } {
  let text = raw.trim().replace(/^€\s*|\s*€$/g, '');
  let negative = false;
  const parenthesised = /^\((.*)\)$/s.exec(text);
  if (parenthesised) {
    negative = true;
    text = (parenthesised[1] ?? '').trim();
  }
  const match = SIGNED.exec(text);
  const lead = match?.[1];
  const trail = match?.[3];
  if (lead && trail) return { reason: 'two signs' };
  if ((lead || trail) && parenthesised) return { reason: 'a sign inside parentheses' };
  if (lead === '-' || lead === '\u2212' || trail) negative = true;
  return { negative, digits: match?.[2] ?? '' };
}

/** What a single amount says about the decimal mark (see the module comment). */
export function decimalMarkEvidence(raw: string): MarkEvidence {
  const split = splitSign(raw);
  if ('reason' in split) return 'none';
  const digits = split.digits.replace(GROUPING, '');
  const commas = digits.split(',').length - 1;
  const dots = digits.split('.').length - 1;
  if (commas > 0 && dots > 0) return digits.lastIndexOf(',') > digits.lastIndexOf('.') ? ',' : '.';
  if (commas + dots === 0) return 'none';
  const mark: DecimalMark = commas > 0 ? ',' : '.';
  const other: DecimalMark = mark === ',' ? '.' : ',';
  if (commas + dots > 1) return other;
  const [whole = '', fraction = ''] = digits.split(mark);
  // Three digits after a 1-3 digit group not starting with 0: a thousands group as much as decimals.
  if (fraction.length === 3 && /^[1-9]\d{0,2}$/.test(whole)) return 'ambiguous';
  return mark;
}

/** Parses an amount in the given notation, strictly: groups of three, one decimal mark, one sign. */
export function parseAmountInNotation(raw: string, mark: DecimalMark): AmountParse {
  const split = splitSign(raw);
  if ('reason' in split) return { ok: false, reason: `not a number (${split.reason})` };
  const grouping = mark === ',' ? '.' : ',';
  const digits = split.digits.replace(GROUPING, grouping);
  if (/[^\d.,]/.test(digits) || !/\d/.test(digits)) return { ok: false, reason: 'not a number' };
  const [whole = '', fraction, extra] = digits.split(mark);
  if (extra !== undefined) return { ok: false, reason: `not a number (more than one decimal ${name(mark)})` };
  const grouped = whole.includes(grouping);
  if (grouped && !new RegExp(`^\\d{1,3}(?:\\${grouping}\\d{3})+$`).test(whole)) {
    return {
      ok: false,
      reason: `not a number in ${name(mark)} notation (thousands ${name(grouping)}s must group 3 digits)`,
    };
  }
  const plainWhole = grouped ? whole.split(grouping).join('') : whole;
  if (!/^\d*$/.test(plainWhole) || !/^\d*$/.test(fraction ?? '') || (plainWhole === '' && !fraction)) {
    return { ok: false, reason: 'not a number' };
  }
  const parsed = parseAmountToCents(`${plainWhole}${fraction !== undefined ? `.${fraction}` : ''}`);
  if (!parsed.ok) return parsed;
  return { ok: true, cents: split.negative && parsed.cents !== 0 ? -parsed.cents : parsed.cents };
}

/** Whether the amount text carries a sign (a direction column then must not be contradicted). */
export function isSignedAmount(raw: string): boolean {
  const split = splitSign(raw);
  return 'reason' in split || split.negative || /^\s*\+/.test(raw);
}

function name(mark: DecimalMark): string {
  return mark === ',' ? 'comma' : 'dot';
}

/** An amount cell, named for error messages. */
export interface AmountCell {
  raw: string;
  line: number;
  column: string;
}

export type MarkDecision = { ok: true; mark: DecimalMark } | { ok: false; error: string; line: number };

/**
 * The decimal mark of a file from all its amounts: values with both marks, repeated marks or not three
 * decimals decide it; they must agree. Values that only have three digits after one mark decide nothing;
 * when nothing else does either, the file cannot be read without a guess and the first of them is named.
 * A file without any mark (whole amounts) reads the same either way.
 */
export function decideDecimalMark(cells: readonly AmountCell[]): MarkDecision {
  const seen = new Map<DecimalMark, AmountCell>();
  let ambiguous: AmountCell | undefined;
  for (const cell of cells) {
    const evidence = decimalMarkEvidence(cell.raw);
    if (evidence === 'ambiguous') ambiguous ??= cell;
    else if (evidence !== 'none' && !seen.has(evidence)) seen.set(evidence, cell);
  }
  const comma = seen.get(',');
  const dot = seen.get('.');
  if (comma && dot) {
    const [first, second] = comma.line < dot.line ? [comma, dot] : [dot, comma];
    return {
      ok: false,
      line: second.line,
      error:
        `line ${second.line} ${second.column} ${quoteText(second.raw)}: decimal ${name(comma === second ? ',' : '.')}, ` +
        `but line ${first.line} ${first.column} ${quoteText(first.raw)} has a decimal ${name(comma === first ? ',' : '.')}: ` +
        'the file mixes notations',
    };
  }
  if (comma) return { ok: true, mark: ',' };
  if (dot) return { ok: true, mark: '.' };
  if (ambiguous) {
    return {
      ok: false,
      line: ambiguous.line,
      error:
        `line ${ambiguous.line} ${ambiguous.column} ${quoteText(ambiguous.raw)}: thousands or decimals? ` +
        'no amount in the file tells whether the decimal mark is a comma or a dot',
    };
  }
  return { ok: true, mark: ',' };
}
