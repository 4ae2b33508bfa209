import { ScheduleExpressionError } from '../hub-error.ts';
import { type WallClock, ZonedClock } from './zoned-clock.ts';

type FieldMatcher = (clock: WallClock) => boolean;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** Hour steps searched for the next cron match: a little over five years. */
const SEARCH_HOURS = 5 * 366 * 24;

interface Cron {
  kind: 'cron';
  minute: FieldMatcher;
  hour: FieldMatcher;
  day: FieldMatcher;
  month: FieldMatcher;
  year: FieldMatcher;
}

type Parsed = Cron | { kind: 'rate'; everyMs: number } | { kind: 'at'; fields: number[] };

/**
 * An EventBridge Scheduler expression — `cron(min hour day-of-month month day-of-week year)`,
 * `rate(n minutes|hours|days)` or `at(yyyy-mm-ddThh:mm:ss)` — evaluated in the schedule's time zone.
 */
export class ScheduleExpression {
  private readonly parsed: Parsed;
  private readonly clock: ZonedClock;

  constructor(
    readonly expression: string,
    readonly timeZone = 'UTC',
  ) {
    try {
      this.clock = new ZonedClock(timeZone);
    } catch (error) {
      throw new ScheduleExpressionError(expression, `unknown time zone ${timeZone} (${String(error)})`);
    }
    this.parsed = parse(expression.trim());
  }

  /**
   * The first fire time strictly after `after`; `undefined` when there is none (an `at` in the past, a
   * cron whose years are over). `since` anchors `rate` schedules (the hub's start).
   */
  next(after: Date, since: Date = after): Date | undefined {
    const parsed = this.parsed;
    if (parsed.kind === 'rate') {
      const elapsed = after.getTime() - since.getTime();
      const periods = elapsed < 0 ? 0 : Math.floor(elapsed / parsed.everyMs) + 1;
      return new Date(since.getTime() + periods * parsed.everyMs);
    }
    if (parsed.kind === 'at') {
      const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = parsed.fields;
      const at = this.clock.instantOf(year, month, day, hour, minute, second);
      return at.getTime() > after.getTime() ? at : undefined;
    }
    return this.nextCron(parsed, after);
  }

  private nextCron(cron: Cron, after: Date): Date | undefined {
    let t = Math.floor(after.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    let hourSteps = 0;
    while (hourSteps < SEARCH_HOURS) {
      const clock = this.clock.wallClock(new Date(t));
      if (!cron.year(clock) || !cron.month(clock) || !cron.day(clock) || !cron.hour(clock)) {
        // Whole hours at a time: every zone the hub meets has whole-hour (or half-hour) offsets.
        t = Math.floor(t / HOUR_MS) * HOUR_MS + HOUR_MS;
        if (this.clock.wallClock(new Date(t)).minute !== 0) t = Math.floor(t / (HOUR_MS / 2)) * (HOUR_MS / 2);
        hourSteps++;
        continue;
      }
      if (cron.minute(clock)) return new Date(t);
      t += MINUTE_MS;
    }
    return undefined;
  }
}

function parse(expression: string): Parsed {
  const match = /^(cron|rate|at)\((.*)\)$/.exec(expression);
  if (!match) throw new ScheduleExpressionError(expression, 'expected cron(…), rate(…) or at(…)');
  const [, kind, body = ''] = match;
  if (kind === 'rate') return parseRate(expression, body.trim());
  if (kind === 'at') return parseAt(expression, body.trim());
  return parseCron(expression, body.trim());
}

function parseRate(expression: string, body: string): Parsed {
  const rate = /^(\d+)\s+(minute|minutes|hour|hours|day|days)$/.exec(body);
  if (!rate) throw new ScheduleExpressionError(expression, 'rate needs "<n> minutes|hours|days"');
  const value = Number(rate[1]);
  if (value < 1) throw new ScheduleExpressionError(expression, 'rate must be at least 1');
  const unit = (rate[2] ?? '').replace(/s$/, '');
  const unitMs = unit === 'minute' ? MINUTE_MS : unit === 'hour' ? HOUR_MS : 24 * HOUR_MS;
  return { kind: 'rate', everyMs: value * unitMs };
}

function parseAt(expression: string, body: string): Parsed {
  const at = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (!at) throw new ScheduleExpressionError(expression, 'at needs yyyy-mm-ddThh:mm:ss');
  return { kind: 'at', fields: at.slice(1).map(Number) };
}

function parseCron(expression: string, body: string): Cron {
  const fields = body.split(/\s+/);
  if (fields.length !== 6) {
    throw new ScheduleExpressionError(
      expression,
      `cron needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`,
    );
  }
  const [minutes = '', hours = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new ScheduleExpressionError(expression, 'exactly one of day-of-month and day-of-week must be ?');
  }
  const minuteSet = numbers(expression, 'minutes', minutes, 0, 59);
  const hourSet = numbers(expression, 'hours', hours, 0, 23);
  const monthSet = numbers(expression, 'month', month, 1, 12, MONTHS);
  const yearSet = numbers(expression, 'year', year, 1970, 2199);
  const day =
    dayOfMonth === '?' ? weekdayMatcher(expression, dayOfWeek) : monthDayMatcher(expression, dayOfMonth);
  return {
    kind: 'cron',
    minute: (c) => minuteSet.has(c.minute),
    hour: (c) => hourSet.has(c.hour),
    day,
    month: (c) => monthSet.has(c.month),
    year: (c) => yearSet.has(c.year),
  };
}

function daysInMonth(clock: WallClock): number {
  return new Date(Date.UTC(clock.year, clock.month, 0)).getUTCDate();
}

function monthDayMatcher(expression: string, field: string): FieldMatcher {
  if (field === 'L') return (c) => c.day === daysInMonth(c);
  if (/W/.test(field))
    throw new ScheduleExpressionError(
      expression,
      `day-of-month ${field}: W (nearest weekday) is not supported locally`,
    );
  const days = numbers(expression, 'day-of-month', field, 1, 31);
  return (c) => days.has(c.day);
}

function weekdayMatcher(expression: string, field: string): FieldMatcher {
  const last = /^(\w+)L$/.exec(field);
  if (last?.[1]) {
    const weekday = single(expression, 'day-of-week', last[1], 1, 7, DAYS);
    return (c) => c.weekday === weekday && c.day + 7 > daysInMonth(c);
  }
  if (field === 'L') return (c) => c.weekday === 7;
  const nth = /^(\w+)#([1-5])$/.exec(field);
  if (nth?.[1]) {
    const weekday = single(expression, 'day-of-week', nth[1], 1, 7, DAYS);
    const occurrence = Number(nth[2]);
    return (c) => c.weekday === weekday && Math.ceil(c.day / 7) === occurrence;
  }
  const days = numbers(expression, 'day-of-week', field, 1, 7, DAYS);
  return (c) => days.has(c.weekday);
}

function single(
  expression: string,
  name: string,
  text: string,
  min: number,
  max: number,
  names?: string[],
): number {
  const upper = text.toUpperCase();
  const index = names?.indexOf(upper) ?? -1;
  const value = index >= 0 ? index + min : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ScheduleExpressionError(expression, `${name} value ${text} is outside ${min}-${max}`);
  }
  return value;
}

/** A cron list (`a,b`), range (`a-b`, wrapping for weekdays), step (`*\/n`, `a/n`, `a-b/n`) or `*`/`?`. */
function numbers(
  expression: string,
  name: string,
  field: string,
  min: number,
  max: number,
  names?: string[],
): Set<number> {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new ScheduleExpressionError(expression, `${name} step ${stepText} must be a whole number ≥ 1`);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      from = single(expression, name, a, min, max, names);
      to = single(expression, name, b, min, max, names);
    } else {
      from = single(expression, name, range, min, max, names);
      to = stepText === undefined ? from : max;
    }
    const span = to >= from ? to - from : to + (max - min + 1) - from;
    for (let offset = 0; offset <= span; offset += step) {
      out.add(((from - min + offset) % (max - min + 1)) + min);
    }
  }
  return out;
}
