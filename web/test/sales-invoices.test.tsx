// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { SalesInvoiceRow } from '../src/api/index.ts';
import { isEmailAddress, SalesInvoiceList } from '../src/sales-invoices/index.ts';
import { type Call, renderWith } from './harness.tsx';

afterEach(cleanup);

const BASE = '/v1/app/administrations/DEMO/sales-invoices';
const INVOICE: SalesInvoiceRow = {
  id: 'si_00000000000000a1',
  number: '2026-0001',
  eventId: 'evt_1',
  invoice: {
    kind: 'invoice',
    issueDate: '2026-10-31',
    buyer: { name: 'Klant BV', relationNumber: '10001' },
    lines: [
      {
        description: '2026-10-15 Ontwerp',
        quantityMilli: 1500,
        unitCode: 'HUR',
        unitPriceCents: 90_000,
        vatRateHundredths: 2100,
      },
      {
        description: 'Hosting',
        quantityMilli: 1000,
        unitCode: 'C62',
        unitPriceCents: 1500,
        vatRateHundredths: 2100,
      },
    ],
  },
  totals: { lineCents: [135_000, 1500], payableCents: 165_165 },
  bookingStatus: 'booked',
  lastMailedTo: 'debiteuren@klant.nl',
  lastMailedAt: '2026-10-31T10:00:00.000Z',
};
const CREDIT: SalesInvoiceRow = {
  ...INVOICE,
  id: 'si_00000000000000c1',
  number: '2026-0002',
  invoice: { ...INVOICE.invoice, kind: 'credit-note', billingReference: { number: '2026-0001' } },
  bookingStatus: 'rejected',
  bookingProblem: '"Grootboekrekening 8000 bestaat niet"',
  lastMailedTo: undefined,
  lastMailedAt: undefined,
} as SalesInvoiceRow;

function handler(more: (call: Call) => { status: number; body?: unknown } | undefined = () => undefined) {
  return (call: Call) =>
    more(call) ??
    (call.path === BASE
      ? { status: 200, body: { items: [CREDIT, INVOICE] } }
      : call.path === `${BASE}/${INVOICE.id}` && call.method === 'GET'
        ? { status: 200, body: { ...INVOICE, recipient: 'debiteuren@klant.nl' } }
        : undefined);
}

describe('Facturen', () => {
  it('lists invoices and credit notes with total, kind, booking and last mailing', async () => {
    // Prepare
    renderWith(<SalesInvoiceList refresh={0} onCredited={() => undefined} />, handler());

    // Act
    const row = (await screen.findByRole('rowheader', { name: '2026-0001' })).closest('tr') as HTMLElement;
    const credit = screen.getByRole('rowheader', { name: '2026-0002' }).closest('tr') as HTMLElement;

    // Assess
    expect(within(row).getByText('€ 1.651,65')).toBeTruthy();
    expect(within(row).getByText('31-10-2026')).toBeTruthy();
    expect(within(row).getByText('geboekt')).toBeTruthy();
    expect(within(row).getByText(/debiteuren@klant\.nl/)).toBeTruthy();
    expect(within(credit).getByText('Creditnota (creditnota bij 2026-0001)')).toBeTruthy();
    expect(within(credit).getByText(/Grootboekrekening 8000 bestaat niet/)).toBeTruthy();
    expect(within(credit).queryByRole('button', { name: 'Crediteren: 2026-0002' })).toBeNull();
    expect(within(credit).getByText('niet gemaild')).toBeTruthy();
  });

  it('shows no E-mailen or Crediteren to a read-only user', async () => {
    // Prepare
    renderWith(<SalesInvoiceList refresh={0} onCredited={() => undefined} />, handler(), 'read-only');

    // Act
    await screen.findByRole('rowheader', { name: '2026-0001' });

    // Assess
    expect(screen.queryByRole('button', { name: /^E-mailen/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Crediteren/ })).toBeNull();
  });

  it('e-mails to the relation’s address, and after already-sent offers Opnieuw versturen', async () => {
    // Prepare
    let posts = 0;
    const { calls } = renderWith(
      <SalesInvoiceList refresh={0} onCredited={() => undefined} />,
      handler((call) => {
        if (!call.path.endsWith('/email')) return undefined;
        posts++;
        return (call.body as { again: boolean }).again
          ? { status: 200, body: { mailing: { to: 'debiteuren@klant.nl', at: '2026-11-01T09:00:00Z' } } }
          : {
              status: 409,
              body: {
                detail: 'already e-mailed',
                errors: [{ path: 'again', rule: 'already-sent', message: 'send again with again: true' }],
                lastMailing: {
                  to: 'debiteuren@klant.nl',
                  at: '2026-10-31T10:00:00.000Z',
                  by: 'b',
                  messageId: 'm',
                },
              },
            };
      }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'E-mailen: 2026-0001' }));
    const field = (await screen.findByLabelText(/^E-mailadres van de ontvanger/)) as HTMLInputElement;
    await waitFor(() => expect(field.value).toBe('debiteuren@klant.nl'));

    // Act
    fireEvent.click(screen.getByRole('button', { name: 'Versturen' }));
    const warning = await screen.findByText(/is al verstuurd naar debiteuren@klant\.nl op 31-10-2026/);
    fireEvent.click(screen.getByRole('button', { name: 'Opnieuw versturen' }));

    // Assess
    expect(warning).toBeTruthy();
    expect(await screen.findByText('2026-0001 is verstuurd naar debiteuren@klant.nl.')).toBeTruthy();
    expect(posts).toBe(2);
    expect(calls.filter((c) => c.path.endsWith('/email')).map((c) => c.body)).toEqual([
      { to: 'debiteuren@klant.nl', again: false },
      { to: 'debiteuren@klant.nl', again: true },
    ]);
  });

  it('refuses a malformed address before sending', async () => {
    // Prepare
    const { calls } = renderWith(<SalesInvoiceList refresh={0} onCredited={() => undefined} />, handler());
    fireEvent.click(await screen.findByRole('button', { name: 'E-mailen: 2026-0002' }));
    fireEvent.input(await screen.findByLabelText(/^E-mailadres van de ontvanger/), {
      target: { value: 'klant@' },
    });

    // Act
    fireEvent.click(screen.getByRole('button', { name: 'Versturen' }));

    // Assess
    expect(await screen.findByText(/geen geldig e-mailadres/)).toBeTruthy();
    expect(calls.some((c) => c.path.endsWith('/email'))).toBe(false);
  });

  it('credits the chosen lines, shows the credit note and tells the page', async () => {
    // Prepare
    let credited = 0;
    const { calls } = renderWith(
      <SalesInvoiceList refresh={0} onCredited={() => credited++} />,
      handler((call) =>
        call.path.endsWith('/credit-note')
          ? {
              status: 201,
              body: { id: 'si_00000000000000c2', number: '2026-0003', totals: { payableCents: 163_350 } },
            }
          : undefined,
      ),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Crediteren: 2026-0001' }));
    fireEvent.click(screen.getByLabelText('Hosting: € 15,00'));

    // Act
    expect(screen.getByText('Te crediteren (excl. btw): € 1.350,00')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Creditnota maken' }));

    // Assess
    expect(await screen.findByText('Creditnota 2026-0003 is gemaakt: € 1.633,50.')).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith('/credit-note'))?.body).toEqual({ lineIndexes: [0] });
    expect(credited).toBe(1);
  });

  it('shows the API’s reason when a credit is refused', async () => {
    // Prepare
    renderWith(
      <SalesInvoiceList refresh={0} onCredited={() => undefined} />,
      handler((call) =>
        call.path.endsWith('/credit-note')
          ? {
              status: 409,
              body: {
                detail: 'more would be credited than was invoiced',
                errors: [{ path: 'lines', rule: 'credits-exceed-invoice', message: 'invoiced € 1.651,65' }],
              },
            }
          : undefined,
      ),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Crediteren: 2026-0001' }));

    // Act
    fireEvent.click(screen.getByRole('button', { name: 'Creditnota maken' }));

    // Assess
    expect(await screen.findByText('more would be credited than was invoiced')).toBeTruthy();
    expect(screen.getByText(/credits-exceed-invoice/)).toBeTruthy();
  });
});

describe('Function: isEmailAddress', () => {
  it.each([
    ['naam@bedrijf.nl', true],
    [' naam@bedrijf.nl ', true],
    ['a.b+c@sub.bedrijf.co.uk', true],
    ['klant@', false],
    ['@bedrijf.nl', false],
    ['naam@bedrijf', false],
    ['na am@bedrijf.nl', false],
    ['naam..x@bedrijf.nl', false],
    ['', false],
  ])('%s → %s', (text, expected) => {
    expect(isEmailAddress(text)).toBe(expected);
  });

  it('never takes text without exactly one @ (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        if (text.split('@').length !== 2) expect(isEmailAddress(text)).toBe(false);
      }),
    );
  });
});
