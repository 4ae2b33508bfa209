// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { BusinessStatusPage } from '../src/pages/business-status-page.tsx';
import { HoursPage } from '../src/pages/hours-page.tsx';
import { ReceiptPage } from '../src/pages/receipt-page.tsx';
import { RelationsPage } from '../src/pages/relations-page.tsx';
import { renderWith } from './harness.tsx';

afterEach(cleanup);

describe('Bonnetje', () => {
  it('takes a photo, sends it as base64 and shows the proposal', async () => {
    // Prepare
    const { calls } = renderWith(<ReceiptPage />, (call) =>
      call.path.endsWith('/receipts')
        ? {
            status: 202,
            body: {
              documentId: 'rcpt-1',
              proposal: {
                date: '2026-11-28',
                totalCents: 2495,
                vatCents: 433,
                supplier: 'Albert Heijn',
                confidence: 0.9,
              },
            },
          }
        : undefined,
    );
    const input = screen.getByLabelText('Foto of PDF') as HTMLInputElement;
    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], 'bon.jpg', { type: 'image/jpeg' });
    // Act
    Object.defineProperty(input, 'files', { value: [photo] });
    fireEvent.change(input);
    fireEvent.click(screen.getByRole('button', { name: 'Versturen' }));
    // Assess
    expect(await screen.findByText('Albert Heijn')).toBeTruthy();
    expect(screen.getByText('€ 24,95')).toBeTruthy();
    expect(screen.getByText('28-11-2026')).toBeTruthy();
    expect(input.getAttribute('accept')).toBe('image/*,application/pdf');
    expect(input.getAttribute('capture')).toBe('environment');
    expect(calls[0]?.body).toEqual({
      fileName: 'bon.jpg',
      contentType: 'image/jpeg',
      contentBase64: '/9j/4A==',
    });
  });

  it('refuses another kind of file before sending, naming its type', async () => {
    // Prepare
    const { calls } = renderWith(<ReceiptPage />, () => undefined);
    const input = screen.getByLabelText('Foto of PDF') as HTMLInputElement;
    // Act
    Object.defineProperty(input, 'files', {
      value: [new File(['x'], 'x.exe', { type: 'application/x-msdownload' })],
    });
    fireEvent.change(input);
    fireEvent.click(screen.getByRole('button', { name: 'Versturen' }));
    // Assess
    expect(await screen.findByText('Alleen afbeeldingen en PDF (application/x-msdownload).')).toBeTruthy();
    expect(calls).toHaveLength(0);
  });
});

describe('Uren en facturen', () => {
  const hours = [
    {
      id: '2026-11-02-aaaaaaaaaaaa',
      date: '2026-11-02',
      relationNumber: '10001',
      description: 'Advies',
      minutes: 90,
      hourlyRateCents: 9500,
    },
    {
      id: '2026-11-03-bbbbbbbbbbbb',
      date: '2026-11-03',
      relationNumber: '10001',
      description: 'Workshop',
      minutes: 120,
      hourlyRateCents: 9500,
    },
    {
      id: '2026-11-03-cccccccccccc',
      date: '2026-11-03',
      relationNumber: '10002',
      description: 'Review',
      minutes: 60,
      hourlyRateCents: 8000,
    },
  ];
  const handler = (call: { path: string; method: string }) => {
    if (call.path.endsWith('/hours') && call.method === 'GET') return { status: 200, body: { items: hours } };
    if (call.path.endsWith('/hours')) return { status: 201, body: { id: 'h4' } };
    if (call.path.endsWith('/sales-invoices') && call.method === 'POST')
      return { status: 201, body: { id: 'si-1', eventId: 'e-1', number: '2026-0007' } };
    return { status: 200, body: { items: [] } };
  };

  it('adds hours as whole minutes and integer cents', async () => {
    // Prepare
    const { calls } = renderWith(<HoursPage />, handler);
    await screen.findByText('Advies');
    // Act
    fireEvent.input(screen.getByLabelText(/^Relatie/), { target: { value: '10001' } });
    fireEvent.input(screen.getByLabelText(/^Omschrijving/), { target: { value: 'Ontwerp' } });
    fireEvent.input(screen.getByLabelText(/^Uren \(bijv/), { target: { value: '1,75' } });
    fireEvent.input(screen.getByLabelText(/^Uurtarief/), { target: { value: '95,00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Uren toevoegen' }));
    // Assess
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      relationNumber: '10001',
      description: 'Ontwerp',
      minutes: 105,
      hourlyRateCents: 9500,
    });
    expect(screen.getByText('€ 142,50')).toBeTruthy();
  });

  it('invoices hours of one relation and refuses a mix', async () => {
    // Prepare
    const { calls } = renderWith(<HoursPage />, handler);
    await screen.findByText('Advies');
    // Act
    fireEvent.click(screen.getByLabelText('Selecteer Advies'));
    fireEvent.click(screen.getByLabelText('Selecteer Review'));
    fireEvent.click(screen.getByRole('button', { name: 'Factureren' }));
    const mixed = await screen.findByText('Kies uren van één relatie.');
    fireEvent.click(screen.getByLabelText('Selecteer Review'));
    fireEvent.click(screen.getByLabelText('Selecteer Workshop'));
    fireEvent.click(screen.getByRole('button', { name: 'Factureren' }));
    // Assess
    expect(mixed).toBeTruthy();
    expect(await screen.findByText('Factuur 2026-0007 is gemaakt.')).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith('/sales-invoices') && c.method === 'POST')?.body).toEqual({
      relationNumber: '10001',
      hourIds: ['2026-11-02-aaaaaaaaaaaa', '2026-11-03-bbbbbbbbbbbb'],
      lines: [],
    });
    expect(screen.getByRole('button', { name: 'PDF' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'UBL' })).toBeTruthy();
  });
});

describe('Relaties', () => {
  it('adds a relation (name required) and lists it', async () => {
    // Prepare
    const { calls } = renderWith(<RelationsPage />, (call) =>
      call.method === 'POST'
        ? { status: 202, body: {} }
        : { status: 200, body: { items: [{ relationNumber: '10001', name: 'Jansen BV', city: 'Utrecht' }] } },
    );
    await screen.findByText('Jansen BV');
    fireEvent.click(screen.getByRole('button', { name: 'Nieuwe relatie' }));
    // Act
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    const refused = calls.filter((c) => c.method === 'POST').length;
    fireEvent.input(screen.getByLabelText(/^Naam/), { target: { value: 'De Vries' } });
    fireEvent.input(screen.getByLabelText(/^Plaats/), { target: { value: 'Zeist' } });
    fireEvent.input(screen.getByLabelText(/^IBAN/), { target: { value: 'nl91 abna 0417 1643 00' } });
    fireEvent.click(screen.getByLabelText('Leverancier (crediteur)'));
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    // Assess
    expect(refused).toBe(0);
    expect(await screen.findByText('Opgeslagen; de relatie gaat naar CASH.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'De Vries',
      iban: 'NL91ABNA0417164300',
      address: { city: 'Zeist' },
      roles: ['customer', 'supplier'],
    });
  });

  it('edits a numbered relation with PUT and asks for a role when none is left', async () => {
    // Prepare
    const { calls } = renderWith(<RelationsPage />, (call) =>
      call.method === 'PUT'
        ? { status: 202, body: {} }
        : {
            status: 200,
            body: { items: [{ relationNumber: '10001', name: 'Jansen BV', vatId: 'NL001234567B01' }] },
          },
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Relatie Jansen BV wijzigen' }));
    // Act
    fireEvent.click(screen.getByLabelText('Klant (debiteur)'));
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    const refused = await screen.findByText('Kies klant, leverancier of beide.');
    fireEvent.click(screen.getByLabelText('Leverancier (crediteur)'));
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    // Assess
    expect(refused).toBeTruthy();
    await screen.findByText('Opgeslagen; de relatie gaat naar CASH.');
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.path).toBe('/v1/app/administrations/DEMO/relations/10001');
    expect(put?.body).toEqual({ name: 'Jansen BV', vatId: 'NL001234567B01', roles: ['supplier'] });
  });
});

describe('Bedrijfsstatus', () => {
  it('shows balances, ageing and the month result in euros', async () => {
    // Prepare
    renderWith(<BusinessStatusPage />, () => ({
      status: 200,
      body: {
        asOf: '2026-12-01',
        bankAccounts: [{ ledgerAccount: '1100', description: 'ING zakelijk', balanceCents: 1234567 }],
        receivables: {
          totalCents: 50000,
          buckets: [
            { label: '0-30', cents: 30000 },
            { label: '90+', cents: 20000 },
          ],
        },
        payables: { totalCents: 0, buckets: [] },
        month: { revenueCents: 1000000, costsCents: 250001 },
        lastMonth: { revenueCents: 0, costsCents: 0 },
      },
    }));
    // Act
    await screen.findByText('Stand per 01-12-2026');
    // Assess
    expect(screen.getByText('€ 12.345,67')).toBeTruthy();
    expect(screen.getByText('90+ dagen')).toBeTruthy();
    expect(screen.getByText('€ 7.499,99')).toBeTruthy();
  });
});
