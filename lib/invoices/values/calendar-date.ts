/** How a date text of an invoice reads: an ISO day, or why it is none. */
export type DateReading = { ok: true; date: string } | { ok: false; reason: string };

// xs:date: a four-digit year (longer years are not an invoice's), an optional time zone which says nothing
// about the day booked.
const XS_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;

/** `YYYY-MM-DD` (an xs:date's time zone is dropped) when it is a day that exists, year 0001–9999. */
export function readCalendarDate(raw: string): DateReading {
  const match = XS_DATE.exec(raw.trim());
  if (!match) return { ok: false, reason: 'is not a date YYYY-MM-DD' };
  const [, y = '', m = '', d = ''] = match;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  // Date.UTC maps years 0–99 onto 1900–1999; setUTCFullYear keeps them.
  const probe = new Date(Date.UTC(2000, 0, 1));
  probe.setUTCFullYear(year, month - 1, day);
  const exists =
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day;
  return exists
    ? { ok: true, date: `${y}-${m}-${d}` }
    : { ok: false, reason: 'is not a day of the calendar' };
}
