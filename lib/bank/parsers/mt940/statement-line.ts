import { parseAmountToCents } from '../amount.ts';
import { entryDateNear, parseYymmdd } from '../dates.ts';

/** The fields of one MT940 `:61:` statement line. */
export interface StatementLine {
  valueDate?: string;
  /** The entry (booking) date the line gives as MMDD; absent when the line has none (Rabobank, Triodos). */
  entryDate?: string;
  /** The MMDD entry date could not be read; the booking date fell back to the value date. */
  invalidEntryDate?: string;
  bookingDate: string;
  amountCents: number;
  reversal: boolean;
  transactionType: string;
  customerReference?: string;
  bankReference?: string;
  /** Second line of `:61:` and text after the reference: counter IBAN (Rabobank), name (ASN/SNS), /TRCD/ (ING). */
  supplementary?: string;
}

/** Digits with at most one decimal mark, `,` or `.` (old Rabobank), zero-padded or ending in the mark. */
function isAmountText(text: string): boolean {
  return /^\d*[,.]?\d*$/.test(text) && /\d/.test(text);
}

export type StatementLineParse = { ok: true; line: StatementLine } | { ok: false; reason: string };

const HEAD = /^(\d{6})(\d{4}| {4})?(RC|RD|EC|ED|C|D)/;

/**
 * Parses `:61:` content (first line plus continuation lines):
 * `YYMMDD[MMDD](C|D|RC|RD)[funds code]amount[(N|S|F)xxx][reference][//bank reference][\n supplementary]`.
 * The sign is from the account holder's view: C and RD add money, D and RC take it away.
 */
export function parseStatementLine(input: string[]): StatementLineParse {
  // Sparkassen break the line after the mark (and funds code): the amount starts the next line.
  const lines =
    /^\d{6}(?:\d{4}| {4})?R?[CD][A-Z]?\s*$/.test(input[0] ?? '') && input.length > 1
      ? [`${(input[0] ?? '').trimEnd()}${(input[1] ?? '').trim()}`, ...input.slice(2)]
      : input;
  const first = lines[0] ?? '';
  const head = HEAD.exec(first);
  if (!head) return { ok: false, reason: `"${first.slice(0, 20)}": expected YYMMDD[MMDD] and C/D/RC/RD` };
  const valueDate = parseYymmdd(head[1] ?? '');
  const mark = head[3] ?? '';
  let rest = first.slice(head[0].length);
  if (/^[A-Z](?=\s*[\d,.])/.test(rest)) rest = rest.slice(1); // funds code (third letter of the currency)
  rest = rest.replace(/^\s+(?=[\d,.])/, ''); // a space before the amount (cuscal, Sparkassen)
  const typed = /^(.*?)([NSF][A-Z0-9 ]{3})(.*)$/.exec(rest);
  // Some banks leave the type code out: the amount is followed directly by `//bank reference` or nothing.
  const untyped = /^(\d*[,.]?\d*)(?=\/\/|\s*$)(.*)$/.exec(rest);
  const typedAmountReads = typed !== null && isAmountText((typed[1] ?? '').trim());
  const amountRaw = typedAmountReads
    ? (typed?.[1] ?? '').trim()
    : untyped && isAmountText(untyped[1] ?? '')
      ? (untyped[1] ?? '')
      : (typed ? (typed[1] ?? '') : rest).trim();
  if (!isAmountText(amountRaw))
    return { ok: false, reason: `amount "${amountRaw.slice(0, 40)}": not a number` };
  const afterAmount = typedAmountReads ? (typed?.[3] ?? '') : (untyped?.[2] ?? '');
  const transactionType = typedAmountReads ? (typed?.[2] ?? '').trim() : '';
  const amount = parseAmountToCents(amountRaw);
  if (!amount.ok) return { ok: false, reason: `amount "${amountRaw}": ${amount.reason}` };

  const entryRaw = (head[2] ?? '').trim();
  let bookingDate: string | undefined;
  if (entryRaw && valueDate) bookingDate = entryDateNear(entryRaw, valueDate);
  if (!valueDate && entryRaw) {
    // Value date invalid (e.g. 30 February): take the entry date in the year the value date names.
    const yy = Number((head[1] ?? '').slice(0, 2));
    bookingDate = entryDateNear(entryRaw, `${yy < 80 ? 2000 + yy : 1900 + yy}-07-01`);
  }
  const invalidEntryDate = entryRaw && !bookingDate && valueDate ? entryRaw : undefined;
  const entryDate = bookingDate;
  bookingDate ??= valueDate;
  if (!bookingDate) return { ok: false, reason: `value date "${head[1]}": not a valid date` };

  const debit = mark === 'D' || mark === 'RC' || mark === 'ED';
  const [referencePart = '', ...bankParts] = afterAmount.split('//');
  let customerReference = referencePart.trim();
  const extras: string[] = [];
  const compact = customerReference.replace(/\s/g, '');
  if (customerReference.length > 16 && !/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) {
    extras.push(customerReference.slice(16).trim());
    customerReference = referencePart.slice(0, 16).trim();
  }
  const bankReference = bankParts.join('//').trim();
  extras.push(...lines.slice(1).map((line) => line.trim()));
  const supplementary = extras.filter((part) => part !== '').join(' ');
  const line: StatementLine = {
    bookingDate,
    amountCents: debit ? -amount.cents : amount.cents,
    reversal: mark.startsWith('R'),
    transactionType,
  };
  if (valueDate) line.valueDate = valueDate;
  if (entryDate) line.entryDate = entryDate;
  if (invalidEntryDate) line.invalidEntryDate = invalidEntryDate;
  if (customerReference) line.customerReference = customerReference;
  if (bankReference) line.bankReference = bankReference;
  if (supplementary) line.supplementary = supplementary;
  if (line.amountCents === 0) line.amountCents = 0;
  return { ok: true, line };
}
