import { quoteText } from '../../../runtime/quoted-text.ts';
import { isoDate, parseFlexibleDate } from '../dates.ts';

/**
 * Dates as bank exports and spreadsheets write them: `yyyymmdd`, `yyyy-mm-dd`, `yyyy/mm/dd`, and day first
 * with `-` or `.` (`05-01-2024`, `5-1-2024`, `05.01.24`: Dutch and German spreadsheets). With a slash the order
 * is the spreadsheet's locale (`01/05/2024` is 1 May in Dutch and January 5 in US Excel), so it is decided
 * once per file from all its slash dates (a first part above 12 is a day, a second part above 12 a day), and
 * a file whose slash dates do not tell is an error naming the first of them rather than a guess.
 */
export type DateOrder = 'day-first' | 'month-first';

export interface DateCell {
  raw: string;
  line: number;
  column: string;
}

export type DateOrderDecision = { ok: true; order: DateOrder } | { ok: false; error: string };

const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/;
const DAY_FIRST = /^(\d{1,2})[-.](\d{1,2})[-.](\d{2}|\d{4})$/;
const YEAR_FIRST_SLASH = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;

/** Two-digit years are this century: bank exports are recent. */
function fullYear(text: string): number {
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

/** The date of a CSV cell, with the file's order for slash dates (undefined when it is not a date). */
export function parseCsvDate(raw: string, order: DateOrder): string | undefined {
  const value = raw.trim();
  const slashed = SLASHED.exec(value);
  if (slashed) {
    const [first, second] = [Number(slashed[1]), Number(slashed[2])];
    const year = fullYear(slashed[3] ?? '');
    return order === 'day-first' ? isoDate(year, second, first) : isoDate(year, first, second);
  }
  const dayFirst = DAY_FIRST.exec(value);
  if (dayFirst) return isoDate(fullYear(dayFirst[3] ?? ''), Number(dayFirst[2]), Number(dayFirst[1]));
  const yearFirst = YEAR_FIRST_SLASH.exec(value);
  if (yearFirst) return isoDate(Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3]));
  return parseFlexibleDate(value);
}

/** The order of a file's slash dates (day first when it has none). */
export function decideDateOrder(cells: readonly DateCell[]): DateOrderDecision {
  let dayFirst: DateCell | undefined;
  let monthFirst: DateCell | undefined;
  let undecided: DateCell | undefined;
  for (const cell of cells) {
    const slashed = SLASHED.exec(cell.raw.trim());
    if (!slashed) continue;
    const [first, second] = [Number(slashed[1]), Number(slashed[2])];
    if (first > 12 && second <= 12) dayFirst ??= cell;
    else if (second > 12 && first <= 12) monthFirst ??= cell;
    else if (first !== second) undecided ??= cell;
  }
  if (dayFirst && monthFirst) {
    return {
      ok: false,
      error:
        `line ${monthFirst.line} ${monthFirst.column} ${quoteText(monthFirst.raw)}: month first, but line ` +
        `${dayFirst.line} ${dayFirst.column} ${quoteText(dayFirst.raw)} is day first: the file mixes date orders`,
    };
  }
  if (dayFirst) return { ok: true, order: 'day-first' };
  if (monthFirst) return { ok: true, order: 'month-first' };
  if (undecided) {
    return {
      ok: false,
      error:
        `line ${undecided.line} ${undecided.column} ${quoteText(undecided.raw)}: day or month first? no date ` +
        'in the file tells the order of its slash dates',
    };
  }
  return { ok: true, order: 'day-first' };
}
