import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueryReader } from '../../../lib/app-api/index.ts';
import { HttpProblem } from '../../../lib/partner-api/index.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

function problemOf(run: () => void): HttpProblem | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
}

describe('QueryReader', () => {
  it('defaults to 50 per page without a cursor', () => {
    // Prepare
    const reader = new QueryReader({});
    // Act
    const page = reader.page();
    reader.done();
    // Assess
    expect(page).toEqual({ limit: 50 });
  });

  it('collects every wrong parameter into one 400 naming field, rule and quoted value', () => {
    // Prepare
    const reader = new QueryReader({
      limit: '0',
      from: '2026-02-30',
      minCents: '12,50',
      status: 'x'.repeat(300),
    });
    // Act
    reader.page();
    reader.date('from');
    reader.cents('minCents');
    reader.oneOf('status', ['review', 'booked']);
    const problem = problemOf(() => reader.done());
    // Assess
    expect(problem?.status).toBe(400);
    expect(problem?.errors.map((e) => [e.path, e.rule])).toEqual([
      ['limit', 'range'],
      ['from', 'date'],
      ['minCents', 'cents'],
      ['status', 'enum'],
    ]);
    expect(String(problem?.errors[3]?.value).length).toBeLessThanOrEqual(80);
  });

  it('takes every limit from 1 to 100 and refuses anything else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -1000, max: 100_000 }).map(String), fc.string()), (text) => {
        // Prepare
        const reader = new QueryReader({ limit: text });
        // Act
        const page = reader.page();
        const problem = problemOf(() => reader.done());
        // Assess
        const n = Number(text);
        const valid = /^\d{1,4}$/.test(text) && n >= 1 && n <= 100;
        if (text === '') expect(page.limit).toBe(50);
        else if (valid) expect(page.limit).toBe(n);
        else expect(problem?.errors[0]?.rule).toBe('range');
      }),
      { numRuns: RUNS },
    );
  });

  it('passes a cursor of base64url characters through unchanged and refuses others', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), (cursor) => {
        // Prepare
        const reader = new QueryReader({ cursor });
        // Act
        const page = reader.page();
        const problem = problemOf(() => reader.done());
        // Assess
        if (cursor === '') expect(page.cursor).toBeUndefined();
        else if (/^[A-Za-z0-9_.~-]{1,2048}$/.test(cursor)) expect(page.cursor).toBe(cursor);
        else expect(problem?.errors[0]?.path).toBe('cursor');
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts exactly the calendar dates that exist', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
        (date) => {
          // Prepare
          const iso = date.toISOString().slice(0, 10);
          const reader = new QueryReader({ from: iso });
          // Act
          const value = reader.date('from');
          reader.done();
          // Assess
          expect(value).toBe(iso);
        },
      ),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        // Prepare
        const reader = new QueryReader({ to: text });
        // Act
        const value = reader.date('to');
        const problem = problemOf(() => reader.done());
        // Assess
        const real =
          /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
        if (text === '') expect(value).toBeUndefined();
        else if (real && text >= '1900') expect(value).toBe(text);
        else expect(problem?.errors[0]?.rule).toBe('date');
      }),
      { numRuns: RUNS },
    );
  });

  it('reads cents as exact integers and refuses decimals, separators and floats', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }), (cents) => {
        // Prepare
        const reader = new QueryReader({ minCents: String(cents) });
        // Act
        const value = reader.cents('minCents');
        reader.done();
        // Assess
        expect(value).toBe(cents);
        expect(Number.isInteger(value)).toBe(true);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noInteger: true, noNaN: true }).map(String),
          fc.constantFrom('12,50', '1.000', '1e3', '0x10', ' 5', '--1', 'Infinity'),
        ),
        (text) => {
          // Prepare
          const reader = new QueryReader({ maxCents: text });
          // Act
          reader.cents('maxCents');
          const problem = problemOf(() => reader.done());
          // Assess
          expect(problem?.errors[0]).toMatchObject({ path: 'maxCents', rule: 'cents' });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never throws anything but its 400 on any query', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('limit', 'cursor', 'from', 'to', 'minCents', 'q', 'status'),
          fc.string(),
        ),
        (query) => {
          // Prepare
          const reader = new QueryReader(query);
          // Act
          reader.page();
          reader.date('from');
          reader.date('to');
          reader.cents('minCents');
          reader.text('q', 100);
          reader.oneOf('status', ['review']);
          const problem = problemOf(() => reader.done());
          // Assess
          if (problem) expect(problem.status).toBe(400);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
