const AMSTERDAM = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The booking date of a platform timestamp: a zoned time is the calendar day in Amsterdam (an order at
 * 23:30 UTC on the 31st is booked on the 1st in CASH); a time without zone is the shop's local day as written.
 */
export function bookingDate(timestamp: string | undefined, now: Date): string {
  if (timestamp && /^\d{4}-\d{2}-\d{2}/.test(timestamp)) {
    if (/T.*(Z|[+-]\d{2}:?\d{2})$/.test(timestamp)) {
      const time = new Date(timestamp);
      if (!Number.isNaN(time.getTime())) return AMSTERDAM.format(time);
    }
    const day = timestamp.slice(0, 10);
    const check = new Date(`${day}T00:00:00Z`);
    if (!Number.isNaN(check.getTime()) && check.toISOString().slice(0, 10) === day) return day;
  }
  return AMSTERDAM.format(now);
}

/** An event's `occurredAt`: the platform's zoned timestamp when it has one, else now. */
export function occurredAt(timestamps: Array<string | undefined>, now: Date): string {
  for (const timestamp of timestamps) {
    if (timestamp && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(timestamp)) {
      if (!Number.isNaN(new Date(timestamp).getTime())) return timestamp;
    }
  }
  return now.toISOString();
}
