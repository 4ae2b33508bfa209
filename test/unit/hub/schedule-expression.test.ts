import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleExpressionError } from '../../../hub/hub-error.ts';
import { ScheduleExpression } from '../../../hub/schedule/schedule-expression.ts';
import { ZonedClock } from '../../../hub/schedule/zoned-clock.ts';

const AMSTERDAM = 'Europe/Amsterdam';

describe('ScheduleExpression in Europe/Amsterdam', () => {
  it.each([
    ['every 15 minutes', 'cron(0/15 * * * ? *)', '2026-11-24T08:07:00Z', '2026-11-24T08:15:00Z'],
    [
      'working-day hours, winter (UTC+1)',
      'cron(0 7-19 ? * MON-FRI *)',
      '2026-11-24T08:07:00Z',
      '2026-11-24T09:00:00Z',
    ],
    [
      'working-day hours skip the weekend',
      'cron(0 7-19 ? * MON-FRI *)',
      '2026-11-28T10:00:00Z',
      '2026-11-30T06:00:00Z',
    ],
    ['summer time (UTC+2)', 'cron(30 2 * * ? *)', '2026-07-01T12:00:00Z', '2026-07-02T00:30:00Z'],
    [
      '02:30 does not exist on the spring-forward day',
      'cron(30 2 * * ? *)',
      '2026-03-28T12:00:00Z',
      '2026-03-30T00:30:00Z',
    ],
    ['third Friday', 'cron(0 12 ? * FRI#3 *)', '2026-11-24T08:07:00Z', '2026-12-18T11:00:00Z'],
    ['last day of the month', 'cron(0 9 L * ? *)', '2026-11-24T08:07:00Z', '2026-11-30T08:00:00Z'],
    ['last Friday', 'cron(0 9 ? * 6L *)', '2026-11-24T08:07:00Z', '2026-11-27T08:00:00Z'],
    [
      'office hours Monday-Saturday',
      'cron(0/15 6-20 ? * MON-SAT *)',
      '2026-11-29T12:00:00Z',
      '2026-11-30T05:00:00Z',
    ],
    ['rate from the anchor', 'rate(5 minutes)', '2026-11-24T08:07:00Z', '2026-11-24T08:12:00Z'],
    ['one-time at, local time', 'at(2026-12-01T10:00:00)', '2026-11-24T08:07:00Z', '2026-12-01T09:00:00Z'],
  ])('%s: %s after %s → %s', (_name, expression, after, expected) => {
    // Prepare
    const schedule = new ScheduleExpression(expression, AMSTERDAM);
    // Act
    const next = schedule.next(new Date(after));
    // Assess
    expect(next?.toISOString().replace('.000', '')).toBe(expected);
  });

  it('has no next time for an at() in the past or a year that is over', () => {
    // Act + Assess
    expect(
      new ScheduleExpression('at(2020-01-01T00:00:00)', AMSTERDAM).next(new Date('2026-01-01')),
    ).toBeUndefined();
    expect(
      new ScheduleExpression('cron(0 0 1 1 ? 2025)', AMSTERDAM).next(new Date('2026-01-01')),
    ).toBeUndefined();
  });

  it.each([
    ['cron(0 7 * * MON *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 7 * *)', /6 fields/],
    ['cron(61 * * * ? *)', /minutes value 61/],
    ['cron(0 7 ? * FUNDAY *)', /day-of-week value FUNDAY/],
    ['cron(0 7 15W * ? *)', /W \(nearest weekday\) is not supported/],
    ['rate(0 minutes)', /at least 1/],
    ['rate(5 weeks)', /minutes\|hours\|days/],
    ['every day', /cron\(…\), rate\(…\) or at\(…\)/],
  ])('rejects %s with a reason', (expression, reason) => {
    // Act + Assess
    expect(() => new ScheduleExpression(expression, AMSTERDAM)).toThrow(ScheduleExpressionError);
    expect(() => new ScheduleExpression(expression, AMSTERDAM)).toThrow(reason);
  });

  it('rejects an unknown time zone', () => {
    expect(() => new ScheduleExpression('rate(1 minute)', 'Mars/Olympus')).toThrow(/unknown time zone/);
  });

  it('the next time is later, on a whole minute, and matches the minute and hour lists (property)', () => {
    const clock = new ZonedClock(AMSTERDAM);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 4 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 4 }),
        fc.date({ min: new Date('2024-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        (minutes, hours, after) => {
          // Prepare
          const schedule = new ScheduleExpression(
            `cron(${minutes.join(',')} ${hours.join(',')} * * ? *)`,
            AMSTERDAM,
          );
          // Act
          const next = schedule.next(after);
          // Assess
          expect(next).toBeDefined();
          const wall = clock.wallClock(next as Date);
          expect((next as Date).getTime()).toBeGreaterThan(after.getTime());
          expect((next as Date).getTime() % 60_000).toBe(0);
          expect(minutes).toContain(wall.minute);
          expect(hours).toContain(wall.hour);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rate times are whole periods after the anchor (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (every, elapsed) => {
          // Prepare
          const since = new Date('2026-01-01T00:00:00Z');
          const after = new Date(since.getTime() + elapsed);
          // Act
          const next = new ScheduleExpression(`rate(${every} minutes)`).next(after, since) as Date;
          // Assess
          const offset = next.getTime() - since.getTime();
          expect(offset % (every * 60_000)).toBe(0);
          expect(next.getTime()).toBeGreaterThan(after.getTime());
          expect(next.getTime() - after.getTime()).toBeLessThanOrEqual(every * 60_000);
        },
      ),
    );
  });
});
