/** Wall-clock fields of an instant in a time zone; `weekday` 1 = Sunday … 7 = Saturday (cron numbering). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 1, Mon: 2, Tue: 3, Wed: 4, Thu: 5, Fri: 6, Sat: 7 };

/**
 * Converts instants to wall-clock time in one IANA zone (e.g. Europe/Amsterdam) with the platform's tz
 * database, so schedules follow daylight saving time the way Scheduler does.
 */
export class ZonedClock {
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    // Throws RangeError for an unknown zone: the caller reports it with the schedule's name.
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
  }

  wallClock(instant: Date): WallClock {
    const parts: Record<string, string> = {};
    for (const part of this.format.formatToParts(instant)) parts[part.type] = part.value;
    return {
      year: Number(parts.year),
      month: Number(parts.month),
      day: Number(parts.day),
      hour: Number(parts.hour),
      minute: Number(parts.minute),
      weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
    };
  }

  /** The instant at which the wall clock shows this local time (the earlier one in an autumn overlap). */
  instantOf(year: number, month: number, day: number, hour: number, minute: number, second = 0): Date {
    const wanted = Date.UTC(year, month - 1, day, hour, minute, second);
    let guess = wanted;
    for (let i = 0; i < 3; i++) {
      const shown = this.wallClock(new Date(guess));
      const shownMs = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute, second);
      const difference = shownMs - wanted;
      if (difference === 0) break;
      guess -= difference;
    }
    return new Date(guess);
  }
}
