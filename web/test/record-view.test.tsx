// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordView } from '../src/components/invoice-data.tsx';
import { formatCents } from '../src/format/index.ts';
import { renderWith } from './harness.tsx';

afterEach(() => cleanup());

describe('RecordView', () => {
  it.each([
    ['euros when the record names no currency', undefined, 'EUR'],
    ["the record's own currency", 'SEK', 'SEK'],
  ])('shows amounts in %s, also in its lines and parts', (_name, currency, shown) => {
    // Prepare
    const data = {
      ...(currency ? { currency } : {}),
      totalCents: 123_456,
      totals: { taxCents: 2_500 },
      lines: [{ description: 'Stroom', amountCents: 99_00 }],
    };
    // Act
    renderWith(<RecordView data={data} />, () => undefined);
    // Assess
    for (const cents of [123_456, 2_500, 99_00])
      expect(screen.getAllByText(formatCents(cents, 'nl', shown)).length).toBeGreaterThan(0);
  });

  it("lets a part's own currency win over the record's (VAT in the tax currency)", () => {
    // Act
    renderWith(
      <RecordView data={{ currency: 'SEK', totalCents: 1_000, vat: { currency: 'EUR', taxCents: 90 } }} />,
      () => undefined,
    );
    // Assess
    expect(screen.getByText(formatCents(1_000, 'nl', 'SEK'))).toBeTruthy();
    expect(screen.getByText(formatCents(90, 'nl', 'EUR'))).toBeTruthy();
  });
});
