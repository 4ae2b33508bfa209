import { amountsIn, type FoundAmount, percentagesIn, vatIncluded, vatOn } from './receipt-amounts.ts';
import { datesIn } from './receipt-date.ts';

/** One VAT rate of a receipt: rate in hundredths of a percent (2100 = 21%), VAT in cents. */
export interface ReceiptVatLine {
  rateHundredths: number;
  vatCents: number;
  /** The amount the VAT is on (excluding VAT), when the receipt prints it. */
  baseCents?: number;
}

/** What a receipt's recognised text proposes for its booking; every field may be missing. */
export interface ReceiptProposal {
  /** ISO date. */
  date?: string;
  totalCents?: number;
  /** Sum of `vatLines`, or a VAT total the receipt prints. */
  vatCents?: number;
  vatLines: ReceiptVatLine[];
  supplier?: string;
  /** KvK number (8 digits) printed on the receipt. */
  kvk?: string;
  /** VAT id (BTW-nummer), upper case without spaces, e.g. NL123456789B01. */
  vatId?: string;
  /** 0–1: how much of the proposal the text supports (total, date, supplier, VAT agreeing with the total). */
  confidence: number;
}

/** Longest text looked at; OCR of one receipt is a few kilobytes. */
export const MAX_RECEIPT_TEXT = 20_000;
const MAX_LINE = 300;

const PAY_LINE = /\b(te\s?betalen|totaal\s?te\s?betalen|amount\s?due)\b/i;
const TOTAL_LINE = /\b(totaal|total|totaalbedrag|eindtotaal|bedrag)\b/i;
const NOT_TOTAL = /\b(sub\s?-?totaal|subtotal|excl|exclusief|korting|aantal|artikelen|items?)\b/i;
const INCLUDING = /\bincl/i;
/** `BTW` as OCR also reads it: `ETW`, `8TW` (a B whose bumps are lost). */
const VAT_LINE = /\b(btw|b\.t\.w\.?|vat|omzetbelasting|[e8]tw)\b/i;
const VAT_ID = /\b(NL)\s?(\d{9})\s?(B)\s?(\d{2})\b/i;
const KVK = /\bk\.?\s?v\.?\s?k\.?(?:[\s-]*(?:nr|nummer|no))?\.?[\s:.-]*(\d{8})\b/i;
const NOT_SUPPLIER =
  /^(kassabon|bon|receipt|factuur|welkom|bedankt|dank u|datum|tijd|kassa|btw|kvk|tel|www\.|http)/i;

/** Lines of the text, trimmed, control characters removed, each at most MAX_LINE characters. */
function linesOf(text: string): string[] {
  return (
    text
      .slice(0, MAX_RECEIPT_TEXT)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters from OCR are what is removed here.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
      .split(/\r\n|\r|\n/)
      .map((line) => line.replace(/\s+/g, ' ').trim().slice(0, MAX_LINE))
      .filter((line) => line.length > 0)
  );
}

const last = (amounts: FoundAmount[]) => amounts[amounts.length - 1];

function totalOf(lines: string[]): number | undefined {
  for (const pattern of [PAY_LINE, TOTAL_LINE]) {
    let found: number | undefined;
    for (const line of lines) {
      if (!pattern.test(line)) continue;
      // `Totaal BTW` is the VAT; `Totaal incl. BTW` is the total.
      if (pattern === TOTAL_LINE && (NOT_TOTAL.test(line) || (VAT_LINE.test(line) && !INCLUDING.test(line))))
        continue;
      const amount = last(amountsIn(line));
      // The last such line wins: a receipt prints its grand total below the partial ones.
      if (amount) found = amount.cents;
    }
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A VAT line's VAT amount: the one of its amounts that is the rate of another (base or gross). */
function vatLineOf(line: string): ReceiptVatLine | undefined {
  const rates = percentagesIn(line).filter((r) => r <= 3000);
  const amounts = amountsIn(line).map((a) => a.cents);
  const rate = rates[0];
  if (rate === undefined || amounts.length === 0) return undefined;
  for (const vat of amounts) {
    for (const other of amounts) {
      if (other === vat) continue;
      if (Math.abs(vatOn(other, rate) - vat) <= 1)
        return { rateHundredths: rate, vatCents: vat, baseCents: other };
    }
  }
  for (const vat of amounts) {
    for (const other of amounts) {
      if (other === vat) continue;
      if (Math.abs(vatIncluded(other, rate) - vat) <= 1)
        return { rateHundredths: rate, vatCents: vat, baseCents: other - vat };
    }
  }
  if (amounts.length === 1) return { rateHundredths: rate, vatCents: amounts[0] as number };
  return undefined;
}

function vatOf(lines: string[]): { lines: ReceiptVatLine[]; totalCents?: number } {
  const vatLines: ReceiptVatLine[] = [];
  let printedTotal: number | undefined;
  for (const line of lines) {
    if (!VAT_LINE.test(line) || VAT_ID.test(line)) continue;
    const vatLine = vatLineOf(line);
    if (vatLine) {
      // The same rate printed twice (a summary under the lines) counts once.
      if (
        !vatLines.some((v) => v.rateHundredths === vatLine.rateHundredths && v.vatCents === vatLine.vatCents)
      )
        vatLines.push(vatLine);
    } else if (
      percentagesIn(line).length === 0 &&
      /totaal|total/i.test(line) &&
      !INCLUDING.test(line) &&
      !PAY_LINE.test(line)
    ) {
      const amount = last(amountsIn(line));
      if (amount) printedTotal = amount.cents;
    }
  }
  return { lines: vatLines, ...(printedTotal !== undefined ? { totalCents: printedTotal } : {}) };
}

function supplierOf(lines: string[]): string | undefined {
  for (const line of lines.slice(0, 6)) {
    if (NOT_SUPPLIER.test(line)) continue;
    if ((line.match(/\p{L}/gu) ?? []).length < 3) continue;
    if (amountsIn(line).length > 0 || datesIn(line).length > 0) continue;
    return line.slice(0, 70);
  }
  return undefined;
}

/**
 * The proposal a receipt's recognised text supports: date, total (`TOTAAL`, `Te betalen`), VAT per rate
 * (`BTW 21% … 2,10`), supplier (the first line that reads like a name), KvK number and VAT id. Pure; never
 * throws; amounts in exact cents. Only a proposal: a person confirms it in the review queue.
 */
export function parseReceiptText(text: string): ReceiptProposal {
  const lines = linesOf(typeof text === 'string' ? text : '');
  const date = lines.flatMap(datesIn)[0];
  const totalCents = totalOf(lines);
  const vat = vatOf(lines);
  const vatSum = vat.lines.reduce((sum, v) => sum + v.vatCents, 0);
  const vatCents = vat.lines.length > 0 ? vatSum : vat.totalCents;
  const supplier = supplierOf(lines);
  const joined = lines.join('\n');
  const vatIdMatch = VAT_ID.exec(joined);
  const kvk = KVK.exec(joined)?.[1];
  let confidence = 0;
  if (totalCents !== undefined) confidence += 0.4;
  if (date !== undefined) confidence += 0.25;
  if (supplier !== undefined) confidence += 0.15;
  if (vatCents !== undefined && totalCents !== undefined && Math.abs(vatCents) <= Math.abs(totalCents)) {
    const basesAgree =
      vat.lines.length > 0 &&
      vat.lines.every((v) => v.baseCents !== undefined) &&
      vat.lines.reduce((sum, v) => sum + (v.baseCents ?? 0) + v.vatCents, 0) === totalCents;
    confidence += basesAgree ? 0.2 : 0.1;
  }
  return {
    ...(date !== undefined ? { date } : {}),
    ...(totalCents !== undefined ? { totalCents } : {}),
    ...(vatCents !== undefined ? { vatCents } : {}),
    vatLines: vat.lines,
    ...(supplier !== undefined ? { supplier } : {}),
    ...(kvk !== undefined ? { kvk } : {}),
    ...(vatIdMatch
      ? { vatId: `${vatIdMatch[1]}${vatIdMatch[2]}${vatIdMatch[3]}${vatIdMatch[4]}`.toUpperCase() }
      : {}),
    confidence: Math.round(confidence * 100) / 100,
  };
}
