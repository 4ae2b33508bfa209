import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  creditedLineIndexes,
  fullyCreditedLines,
  hourLineDescription,
  hoursReleasedBy,
  type SalesInvoiceLine,
} from '../../../lib/sales-invoices/index.ts';
import { invoice } from './fixtures.ts';

const hourLine = (hourId: string | undefined, description: string, quantityMilli = 1500) =>
  ({
    description,
    quantityMilli,
    unitCode: 'HUR',
    unitPriceCents: 9000,
    vatCategory: 'S',
    vatRateHundredths: 2100,
    ...(hourId ? { hourId } : {}),
  }) satisfies SalesInvoiceLine;

const HOURS = [
  { id: '2026-10-15-aaaaaaaaaaaa', date: '2026-10-15', project: 'Website', description: 'Ontwerp' },
  { id: '2026-10-16-bbbbbbbbbbbb', date: '2026-10-16', description: 'Bouw' },
];
const LINES = [
  hourLine(HOURS[0]?.id, hourLineDescription(HOURS[0] as (typeof HOURS)[0])),
  hourLine(HOURS[1]?.id, hourLineDescription(HOURS[1] as (typeof HOURS)[1])),
  { ...hourLine(undefined, 'Hosting', 1000), unitCode: 'C62' },
];
const RECORD = { invoice: invoice({ lines: LINES }), hourIds: HOURS.map((h) => h.id) };

describe('Function: hoursReleasedBy', () => {
  it.each([
    ['the first hours line', [0], [HOURS[0]?.id]],
    ['both hours lines', [0, 1], [HOURS[0]?.id, HOURS[1]?.id]],
    ['only the typed line', [2], []],
    ['no line', [], []],
    ['a line the invoice does not have', [7], []],
  ])('crediting %s releases the hours of exactly those lines', (_name, indexes, released) => {
    // Act
    const answer = hoursReleasedBy(RECORD, indexes);

    // Assess
    expect(answer).toEqual(released);
  });

  it('finds the hours of an invoice written before lines carried hourId by the line text', () => {
    // Prepare
    const old = {
      ...RECORD,
      invoice: invoice({ lines: LINES.map(({ hourId: _id, ...line }) => line) }),
    };

    // Act
    const answer = hoursReleasedBy(old, [1], HOURS);

    // Assess
    expect(answer).toEqual([HOURS[1]?.id]);
  });

  it('never releases hours the invoice did not bill', () => {
    // Prepare
    const foreign = { ...RECORD, hourIds: [HOURS[1]?.id as string] };

    // Act
    const answer = hoursReleasedBy(foreign, [0, 1, 2]);

    // Assess
    expect(answer).toEqual([HOURS[1]?.id]);
  });

  it('releases a subset of the billed hours, each once, for any choice of lines (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -2, max: 6 }), { maxLength: 12 }), (indexes) => {
        // Act
        const released = hoursReleasedBy(RECORD, indexes, HOURS);

        // Assess
        expect(new Set(released).size).toBe(released.length);
        for (const id of released) expect(RECORD.hourIds).toContain(id);
        const expected = new Set(indexes.flatMap((i) => (i === 0 || i === 1 ? [HOURS[i]?.id] : [])));
        expect(new Set(released)).toEqual(expected);
      }),
    );
  });
});

describe('Function: fullyCreditedLines', () => {
  it.each([
    ['the same line, negative as typed', [{ ...LINES[1], quantityMilli: -1500 }], [1]],
    ['part of a line', [{ ...LINES[0], quantityMilli: 500 }], []],
    ['another price', [{ ...LINES[0], unitPriceCents: 1 }], []],
    ['two lines in another order', [LINES[2], LINES[0]], [0, 2]],
  ])('matches %s', (_name, credit, indexes) => {
    // Act
    const answer = fullyCreditedLines(LINES, credit as SalesInvoiceLine[]);

    // Assess
    expect(answer).toEqual(indexes);
  });

  it('does not take a line credited before', () => {
    // Act
    const answer = fullyCreditedLines(LINES, [LINES[0] as SalesInvoiceLine], new Set([0]));

    // Assess
    expect(answer).toEqual([]);
  });

  it('reads the lines credited before from every credit note', () => {
    // Act
    const answer = creditedLineIndexes({
      creditedBy: [
        { id: 'si_1', number: '2026-0002', payableCents: 1, lineIndexes: [2] },
        { id: 'si_2', number: '2026-0003', payableCents: 1 },
        { id: 'si_3', number: '2026-0004', payableCents: 1, lineIndexes: [0] },
      ],
    });

    // Assess
    expect([...answer].sort()).toEqual([0, 2]);
  });
});
