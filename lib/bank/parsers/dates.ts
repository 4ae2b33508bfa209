/** Date helpers: ISO `YYYY-MM-DD` strings, validated without time zones getting in the way. */

export function isoDate(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** SWIFT `YYMMDD`; years 00–79 are 20xx, 80–99 are 19xx. */
export function parseYymmdd(text: string): string | undefined {
  if (!/^\d{6}$/.test(text)) return undefined;
  const yy = Number(text.slice(0, 2));
  return isoDate(yy < 80 ? 2000 + yy : 1900 + yy, Number(text.slice(2, 4)), Number(text.slice(4, 6)));
}

function dayNumber(iso: string): number {
  return (
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000
  );
}

/**
 * The MT940 entry (booking) date is only `MMDD`; its year is the one that puts it closest to the value
 * date, so a value date of 2018-12-31 with entry date 0101 books on 2019-01-01.
 */
export function entryDateNear(mmdd: string, anchorIso: string): string | undefined {
  if (!/^\d{4}$/.test(mmdd)) return undefined;
  const anchorYear = Number(anchorIso.slice(0, 4));
  let best: string | undefined;
  for (const year of [anchorYear - 1, anchorYear, anchorYear + 1]) {
    const candidate = isoDate(year, Number(mmdd.slice(0, 2)), Number(mmdd.slice(2, 4)));
    if (!candidate) continue;
    if (
      !best ||
      Math.abs(dayNumber(candidate) - dayNumber(anchorIso)) < Math.abs(dayNumber(best) - dayNumber(anchorIso))
    ) {
      best = candidate;
    }
  }
  return best;
}

/** `YYYYMMDD`, `YYYY-MM-DD`, `DD-MM-YYYY`, `DD/MM/YYYY` or an ISO date-time → ISO date. */
export function parseFlexibleDate(text: string): string | undefined {
  const value = text.trim();
  let match = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$/.exec(value);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{2})[-/.](\d{2})[-/.](\d{4})$/.exec(value);
  if (match) return isoDate(Number(match[3]), Number(match[2]), Number(match[1]));
  return undefined;
}

/**
 * Whether a statement from `opening` to `closing` (ISO dates) covers a single booking day: no opening date,
 * the same date, or an opening date that is the previous booking day (the day before, or the Friday/Saturday
 * before a Monday). Banks differ in what `:60F:` carries: Rabobank gives the previous day's closing date, others
 * the statement's own date; both mean one day.
 */
export function coversOneBookingDay(opening: string | undefined, closing: string): boolean {
  if (opening === undefined || opening === closing) return true;
  const first = dayNumber(opening);
  const last = dayNumber(closing);
  if (!(first < last)) return false;
  for (let day = first + 1; day < last; day++) {
    // 1970-01-01 (day 0) was a Thursday: weekday 2 is Saturday, 3 Sunday.
    const weekday = (((day % 7) + 7) % 7) as number;
    if (weekday !== 2 && weekday !== 3) return false;
  }
  return true;
}
