/**
 * Dates as Dutch receipts print them: `31-10-2026`, `31/10/26`, `31.10.2026`, `31 okt 2026`,
 * `31 oktober 2026`, and ISO `2026-10-31`. Only real calendar dates count.
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  januari: 1,
  feb: 2,
  febr: 2,
  februari: 2,
  mrt: 3,
  maa: 3,
  maart: 3,
  apr: 4,
  april: 4,
  mei: 5,
  jun: 6,
  juni: 6,
  jul: 7,
  juli: 7,
  aug: 8,
  augustus: 8,
  sep: 9,
  sept: 9,
  september: 9,
  okt: 10,
  oct: 10,
  oktober: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const NUMERIC = /(?<![\d])(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?![\d])/g;
const ISO = /(?<![\d])(\d{4})-(\d{2})-(\d{2})(?![\d])/g;
const NAMED = /(?<![\d])(\d{1,2})\.?\s?([a-z]{3,9})\.?\s?(\d{4}|\d{2})(?![\d])/gi;

function iso(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2199) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const fullYear = (text: string) => (text.length === 2 ? 2000 + Number(text) : Number(text));

interface DateAt {
  date: string;
  at: number;
}

/** Every valid date in a line, in order of position. */
export function datesIn(line: string): string[] {
  const found: DateAt[] = [];
  for (const m of line.matchAll(ISO)) {
    const date = iso(Number(m[1]), Number(m[2]), Number(m[3]));
    if (date) found.push({ date, at: m.index ?? 0 });
  }
  for (const m of line.matchAll(NUMERIC)) {
    const date = iso(fullYear(m[3] ?? ''), Number(m[2]), Number(m[1]));
    if (date) found.push({ date, at: m.index ?? 0 });
  }
  for (const m of line.matchAll(NAMED)) {
    const month = MONTHS[(m[2] ?? '').toLowerCase()];
    if (month === undefined) continue;
    const date = iso(fullYear(m[3] ?? ''), month, Number(m[1]));
    if (date) found.push({ date, at: m.index ?? 0 });
  }
  return found.sort((a, b) => a.at - b.at).map((d) => d.date);
}
