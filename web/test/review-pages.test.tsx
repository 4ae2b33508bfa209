// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewDetail, ReviewItem } from '../src/api/index.ts';
import { ReviewDetailPage } from '../src/pages/review-detail-page.tsx';
import { ReviewListPage } from '../src/pages/review-list-page.tsx';
import { renderWith } from './harness.tsx';

afterEach(cleanup);

const invoiceItem: ReviewItem = {
  id: 'doc-1',
  kind: 'invoice',
  administration: 'DEMO',
  connector: 'invoice-mailbox',
  status: 'review',
  reasons: ['unknown-supplier'],
  title: 'Factuur 2026-117 van Drukkerij Jansen',
  amountCents: 121000,
  currency: 'EUR',
  date: '2026-10-31',
  relationName: 'Drukkerij Jansen',
  createdAt: '2026-11-01T08:00:00Z',
};

function detail(item: ReviewItem, extra: Partial<ReviewDetail> = {}): ReviewDetail {
  return {
    item,
    document: {
      id: item.id,
      administration: 'DEMO',
      type: 'invoice',
      status: 'review',
      source: { connector: item.connector, externalId: 'x' },
      history: [],
      summary: { ...item, type: 'invoice', updatedAt: item.createdAt },
      createdAt: item.createdAt,
      updatedAt: item.createdAt,
    },
    errors: [],
    ...extra,
  };
}

describe('invoice review of a Bonnetje photo', () => {
  const receiptProposal = {
    date: '2026-03-28',
    totalCents: 2420,
    vatCents: 420,
    vatLines: [{ rateHundredths: 2100, vatCents: 420, baseCents: 2000 }],
    supplier: 'Bouwmarkt Gamma',
    confidence: 0.9,
  };

  it('shows what OCR read and books it prefilled once the person confirms', async () => {
    // Prepare
    const photo: ReviewItem = { ...invoiceItem, id: 'doc-9', title: 'bonnetje-20260328.jpg' };
    const { calls } = renderWith(<ReviewDetailPage id="doc-9" />, (call) => {
      if (call.path === '/v1/app/review/doc-9')
        return { status: 200, body: detail(photo, { receiptProposal }) };
      if (call.path.endsWith('/book'))
        return { status: 202, body: { documentId: 'doc-9', status: 'queued' } };
      return { status: 200, body: { items: [] } };
    });
    await screen.findByRole('button', { name: 'Boeken' });
    const facts = screen.getByRole('region', { name: 'Herkend op het bonnetje' });
    // Assess the proposal and the prefilled booking
    expect(facts.textContent).toContain('Bouwmarkt Gamma');
    expect(facts.textContent).toContain('€ 24,20');
    expect(facts.textContent).toContain('€ 4,20');
    expect(facts.textContent).toContain('28-03-2026');
    expect(facts.textContent).toContain('90%');
    expect((screen.getByLabelText(/^Boekdatum/) as HTMLInputElement).value).toBe('2026-03-28');
    expect((screen.getByLabelText(/^Omschrijving/) as HTMLInputElement).value).toBe(
      'Bonnetje Bouwmarkt Gamma',
    );
    const amounts = screen.getAllByLabelText(/Bedrag \(debet/) as HTMLInputElement[];
    expect(amounts.map((field) => field.value)).toEqual(['20,00', '4,20', '-24,20']);
    // Act: the person chooses journal and ledger accounts and confirms
    fireEvent.input(screen.getByLabelText(/^Dagboek/), { target: { value: 'INK' } });
    const ledgers = screen.getAllByLabelText(/^Grootboekrekening/) as HTMLInputElement[];
    ['4500', '1520', '1600'].forEach((account, i) => {
      fireEvent.input(ledgers[i] as HTMLElement, { target: { value: account } });
    });
    fireEvent.click(screen.getByRole('button', { name: 'Boeken' }));
    // Assess
    await screen.findByText('Geboekt: het boekstuk gaat naar CASH.');
    expect(calls.find((call) => call.path === '/v1/app/review/doc-9/book')?.body).toEqual({
      booking: {
        journal: 'INK',
        date: '2026-03-28',
        description: 'Bonnetje Bouwmarkt Gamma',
        lines: [
          { ledgerAccount: '4500', amountCents: 2000 },
          { ledgerAccount: '1520', amountCents: 420, vatBaseCents: 2000 },
          { ledgerAccount: '1600', amountCents: -2420, text: 'Bouwmarkt Gamma' },
        ],
      },
      learn: true,
    });
  });
});

describe('Te beoordelen list', () => {
  it('shows the queue with money and dates in Dutch and filters by kind', async () => {
    // Prepare
    const { calls } = renderWith(<ReviewListPage />, (call) =>
      call.path === '/v1/app/review' ? { status: 200, body: { items: [invoiceItem] } } : undefined,
    );
    // Act
    await screen.findByRole('link', { name: invoiceItem.title });
    fireEvent.change(screen.getByLabelText('Soort'), { target: { value: 'bank-line' } });
    // Assess
    expect(screen.getByRole('heading', { level: 1, name: 'Te beoordelen' })).toBeTruthy();
    expect(screen.getByText('€ 1.210,00')).toBeTruthy();
    expect(screen.getByText('31-10-2026')).toBeTruthy();
    await waitFor(() => expect(calls.at(-1)?.query.get('kind')).toBe('bank-line'));
    expect(calls[0]?.authorization).toBe('Bearer test-token');
  });

  it('shows a 403 as "Geen toegang" with its rule', async () => {
    // Prepare
    renderWith(<ReviewListPage />, () => ({
      status: 403,
      body: {
        title: 'Forbidden',
        status: 403,
        errors: [{ path: 'administration', rule: 'administration-not-granted', message: 'not granted' }],
      },
    }));
    // Act
    const alert = await screen.findByRole('alert');
    // Assess
    expect(alert.textContent).toContain('Geen toegang');
    expect(alert.textContent).toContain('administration-not-granted');
  });
});

describe('invoice review', () => {
  const proposal = {
    journal: '70',
    date: '2026-10-31',
    description: 'Drukwerk oktober',
    lines: [
      { ledgerAccount: '4500', amountCents: 100000, vatCode: '2' },
      { ledgerAccount: '1520', amountCents: 21000 },
      { ledgerAccount: '1600', amountCents: -121000, relationNumber: '20001', invoiceNumber: '2026-117' },
    ],
  };

  it('books the edited booking with Boeken', async () => {
    // Prepare
    const { calls } = renderWith(<ReviewDetailPage id="doc-1" />, (call) => {
      if (call.path === '/v1/app/review/doc-1')
        return { status: 200, body: detail(invoiceItem, { proposal }) };
      if (call.path.endsWith('/book'))
        return { status: 202, body: { documentId: 'doc-1', status: 'queued' } };
      if (call.path.endsWith('/choices'))
        return { status: 200, body: { items: [{ value: '4500', label: 'Drukwerk' }] } };
      return undefined;
    });
    await screen.findByRole('button', { name: 'Boeken' });
    // Act
    fireEvent.input(screen.getAllByLabelText(/Bedrag \(debet/)[0] as HTMLElement, {
      target: { value: '1.000,00' },
    });
    fireEvent.input(screen.getByLabelText(/^Omschrijving/), { target: { value: 'Drukwerk oktober 2026' } });
    fireEvent.click(screen.getByRole('button', { name: 'Boeken' }));
    // Assess
    await screen.findByText('Geboekt: het boekstuk gaat naar CASH.');
    const book = calls.find((call) => call.path === '/v1/app/review/doc-1/book');
    expect(book?.method).toBe('POST');
    expect(book?.body).toEqual({
      booking: { ...proposal, description: 'Drukwerk oktober 2026' },
      learn: true,
    });
  });

  it('starts an invoice without a proposal from the API’s starting point, and says to enter euros', async () => {
    // Prepare: the detail as the API answers it for an invoice in kronor
    const startingPoint = {
      proposal: {
        date: '2026-11-30',
        description: "Factuur SE-88 El-Handlar'n Sverige AB",
        reference: 'SE-88',
        lines: [
          { invoiceNumber: 'SE-88', text: 'Fact SE-88 El-Handlarn' },
          { invoiceNumber: 'SE-88', text: 'Fact SE-88 El-Handlarn' },
        ],
      },
      foreignCurrency: 'SEK',
    };
    const { calls } = renderWith(<ReviewDetailPage id="doc-1" />, (call) => {
      if (call.path === '/v1/app/review/doc-1')
        return { status: 200, body: detail(invoiceItem, { startingPoint }) };
      if (call.path.endsWith('/book'))
        return { status: 202, body: { documentId: 'doc-1', status: 'queued' } };
      return undefined;
    });
    await screen.findByRole('button', { name: 'Boeken' });
    // Act: the person adds what the API could not know (journal, accounts, euro amounts)
    fireEvent.input(screen.getByLabelText(/^Dagboek/), { target: { value: 'INK' } });
    const ledgers = screen.getAllByLabelText(/^Grootboekrekening/);
    const amounts = screen.getAllByLabelText(/^Bedrag/);
    fireEvent.input(ledgers[0] as HTMLElement, { target: { value: '4000' } });
    fireEvent.input(amounts[0] as HTMLElement, { target: { value: '100,00' } });
    fireEvent.input(ledgers[1] as HTMLElement, { target: { value: '1600' } });
    fireEvent.input(amounts[1] as HTMLElement, { target: { value: '-100,00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Boeken' }));
    // Assess: the notice names the currency; the booking carries the starting point's date, texts and numbers
    expect(screen.getByRole('note').textContent).toContain('SEK');
    expect((screen.getByLabelText(/^Omschrijving/) as HTMLInputElement).value).toBe(
      "Factuur SE-88 El-Handlar'n Sverige AB",
    );
    await screen.findByText('Geboekt: het boekstuk gaat naar CASH.');
    const book = calls.find((call) => call.path === '/v1/app/review/doc-1/book');
    expect(book?.body).toEqual({
      booking: {
        journal: 'INK',
        date: '2026-11-30',
        description: "Factuur SE-88 El-Handlar'n Sverige AB",
        reference: 'SE-88',
        lines: [
          {
            ledgerAccount: '4000',
            amountCents: 10000,
            invoiceNumber: 'SE-88',
            text: 'Fact SE-88 El-Handlarn',
          },
          {
            ledgerAccount: '1600',
            amountCents: -10000,
            invoiceNumber: 'SE-88',
            text: 'Fact SE-88 El-Handlarn',
          },
        ],
      },
      learn: true,
    });
  });

  it('asks the CASH mirror for choices only for the field in use', async () => {
    // Prepare
    const { calls } = renderWith(<ReviewDetailPage id="doc-1" />, (call) => {
      if (call.path === '/v1/app/review/doc-1')
        return { status: 200, body: detail(invoiceItem, { proposal }) };
      if (call.path.endsWith('/choices'))
        return { status: 200, body: { items: [{ value: '4510', label: 'Drukwerk', detail: 'kosten' }] } };
      return undefined;
    });
    await screen.findByRole('button', { name: 'Boeken' });
    const before = calls.filter((c) => c.path.endsWith('/choices')).length;
    // Act
    const field = screen.getAllByLabelText(/^Grootboekrekening/)[0] as HTMLInputElement;
    fireEvent.focus(field);
    fireEvent.input(field, { target: { value: '451' } });
    // Assess
    await waitFor(() =>
      expect(document.querySelector('datalist option')?.getAttribute('value')).toBe('4510'),
    );
    const asked = calls.filter((c) => c.path.endsWith('/choices'));
    expect(before).toBe(0);
    expect(asked.at(-1)?.query.get('kind')).toBe('ledgerAccounts');
    expect(asked.at(-1)?.query.get('q')).toBe('451');
    expect(asked.at(-1)?.path).toBe('/v1/app/administrations/DEMO/choices');
  });

  it('does not send an unbalanced booking and says the difference', async () => {
    // Prepare
    const { calls } = renderWith(<ReviewDetailPage id="doc-1" />, (call) =>
      call.path === '/v1/app/review/doc-1'
        ? { status: 200, body: detail(invoiceItem, { proposal }) }
        : { status: 200, body: { items: [] } },
    );
    await screen.findByRole('button', { name: 'Boeken' });
    // Act
    fireEvent.input(screen.getAllByLabelText(/Bedrag \(debet/)[0] as HTMLElement, {
      target: { value: '999,99' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Boeken' }));
    // Assess
    const alert = await screen.findByText(/tellen niet op tot nul/);
    expect(alert.textContent).toContain('€ -0,01');
    expect(calls.some((call) => call.path.endsWith('/book'))).toBe(false);
  });

  it('shows the server problem naming field, rule and value', async () => {
    // Prepare
    renderWith(<ReviewDetailPage id="doc-1" />, (call) => {
      if (call.path === '/v1/app/review/doc-1')
        return { status: 200, body: detail(invoiceItem, { proposal }) };
      if (call.path.endsWith('/book')) {
        return {
          status: 400,
          body: {
            title: 'Bad Request',
            errors: [
              {
                path: 'booking.lines[0].ledgerAccount',
                rule: 'ledger-account-exists',
                message: 'unknown account',
                value: '4500',
              },
            ],
          },
        };
      }
      return { status: 200, body: { items: [] } };
    });
    // Act
    fireEvent.click(await screen.findByRole('button', { name: 'Boeken' }));
    // Assess
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'booking.lines[0].ledgerAccount: unknown account (regel ledger-account-exists, waarde "4500")',
    );
  });

  it('hides Boeken from a read-only user', async () => {
    // Prepare
    renderWith(
      <ReviewDetailPage id="doc-1" />,
      (call) =>
        call.path === '/v1/app/review/doc-1'
          ? { status: 200, body: detail(invoiceItem, { proposal }) }
          : { status: 200, body: { items: [] } },
      'read-only',
    );
    // Act
    await screen.findByText(invoiceItem.title, { exact: false });
    // Assess
    expect(screen.queryByRole('button', { name: 'Boeken' })).toBeNull();
  });
});

describe('bank line review', () => {
  const bankItem: ReviewItem = {
    ...invoiceItem,
    id: 'line-1',
    kind: 'bank-line',
    title: 'Betaling Jansen',
    amountCents: 121000,
  };
  const candidates = [
    {
      relationNumber: '10001',
      relationName: 'Jansen BV',
      matches: [{ invoiceNumber: 'F-2026-0042', amountCents: 121000 }],
      confidence: 0.82,
      reasons: ['amount-equal', 'name-similar'],
      differenceCents: 0,
    },
  ];

  it('accepts the best candidate with Accepteren', async () => {
    // Prepare
    const { calls } = renderWith(<ReviewDetailPage id="line-1" />, (call) => {
      if (call.path === '/v1/app/review/line-1')
        return { status: 200, body: detail(bankItem, { candidates }) };
      if (call.path.endsWith('/match')) return { status: 202, body: {} };
      return { status: 200, body: { items: [] } };
    });
    // Act
    fireEvent.click(await screen.findByRole('button', { name: 'Accepteren' }));
    // Assess
    await screen.findByText('Verwerkt.');
    expect(screen.getByText('amount-equal')).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith('/match'))?.body).toEqual({
      decision: { openItem: { relationNumber: '10001', invoiceNumber: 'F-2026-0042' } },
    });
  });

  it('books to a ledger account and makes a rule with Maak regel', async () => {
    // Prepare
    const withEntry = detail(bankItem, { candidates: [] });
    withEntry.document.result = {
      entry: { counterpartyName: 'Bank kosten', counterpartyIban: 'NL91ABNA0417164300' },
    };
    const { calls } = renderWith(<ReviewDetailPage id="line-1" />, (call) => {
      if (call.path === '/v1/app/review/line-1') return { status: 200, body: withEntry };
      if (call.path.endsWith('/match')) return { status: 202, body: { rule: { id: 'u-1' } } };
      return { status: 200, body: { items: [] } };
    });
    await screen.findByRole('button', { name: 'Maak regel' });
    // Act
    fireEvent.input(screen.getByLabelText(/^Grootboekrekening/), { target: { value: '4600' } });
    fireEvent.click(screen.getByRole('button', { name: 'Maak regel' }));
    // Assess
    await screen.findByText('Verwerkt; de regel is gemaakt.');
    expect(calls.find((c) => c.path.endsWith('/match'))?.body).toEqual({
      decision: { ledgerAccount: '4600' },
      makeRule: {
        conditions: { counterpartyIban: 'NL91ABNA0417164300' },
        action: { ledgerAccount: '4600' },
      },
    });
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(calls.some((c) => c.path.endsWith('/bank-rules'))).toBe(false);
  });
});

describe('bank line review, rule refused', () => {
  const item: ReviewItem = { ...invoiceItem, id: 'line-2', kind: 'bank-line', title: 'Kosten' };

  it('leaves the line unmatched when its rule is refused before the match, and names why', async () => {
    // Prepare
    const { calls } = renderWith(<ReviewDetailPage id="line-2" />, (call) => {
      if (call.path === '/v1/app/review/line-2')
        return { status: 200, body: detail(item, { candidates: [] }) };
      if (call.path.endsWith('/match')) {
        return {
          status: 400,
          body: {
            detail: 'the match is invalid',
            errors: [
              {
                path: 'makeRule.conditions.nameContains',
                rule: 'name-fragment',
                message: 'too short',
                value: 'x',
              },
            ],
          },
        };
      }
      return { status: 200, body: { items: [] } };
    });
    await screen.findByRole('button', { name: 'Maak regel' });
    // Act
    fireEvent.input(screen.getByLabelText(/^Grootboekrekening/), { target: { value: '4600' } });
    fireEvent.input(screen.getByLabelText('Naam bevat'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Maak regel' }));
    // Assess
    expect((await screen.findByRole('alert')).textContent).toContain(
      'makeRule.conditions.nameContains: too short',
    );
    expect(screen.queryByText('Verwerkt.')).toBeNull();
    expect(calls.filter((c) => c.path.endsWith('/match'))).toHaveLength(1);
    expect((screen.getByRole('button', { name: 'Accepteren' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('keeps the line matched when only its rule could not be saved after the match', async () => {
    // Prepare
    renderWith(<ReviewDetailPage id="line-2" />, (call) => {
      if (call.path === '/v1/app/review/line-2')
        return { status: 200, body: detail(item, { candidates: [] }) };
      if (call.path.endsWith('/match'))
        return {
          status: 202,
          body: {
            documentId: 'line-2',
            status: 'queued',
            ruleProblem: {
              status: 409,
              title: 'Conflict',
              detail: 'rule u-9 already holds for these conditions',
              errors: [
                {
                  path: 'makeRule.conditions',
                  rule: 'rule-conflict',
                  message: 'same conditions',
                  value: 'u-9',
                },
              ],
            },
          },
        };
      return { status: 200, body: { items: [] } };
    });
    await screen.findByRole('button', { name: 'Maak regel' });
    // Act
    fireEvent.input(screen.getByLabelText(/^Grootboekrekening/), { target: { value: '4600' } });
    fireEvent.click(screen.getByRole('button', { name: 'Maak regel' }));
    // Assess
    expect(await screen.findByText('Verwerkt.')).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toContain('rule u-9 already holds');
    expect(screen.queryByText('Verwerkt; de regel is gemaakt.')).toBeNull();
  });
});

describe('rejected event review', () => {
  const eventItem: ReviewItem = {
    ...invoiceItem,
    id: 'evt-1',
    kind: 'event',
    title: 'relation.upsert 42',
    status: 'rejected',
  };
  const eventSchema = {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1 },
      creditLimitCents: { type: 'integer' },
      addresses: { type: 'array', items: { type: 'object', properties: { city: { type: 'string' } } } },
    },
  };
  const event = {
    type: 'relation.upsert',
    data: { name: 'Jansen', creditLimitCents: 50000, addresses: [{ city: 'Utrecht' }] },
  };

  it('resends the same data under the same id (the event as kept on its record)', async () => {
    // Prepare
    const onRecord = detail(eventItem, {
      eventSchema,
      errors: [{ source: 'cash', message: 'Relatie bestaat al', rubriek: '0101' }],
    });
    onRecord.document.event = event;
    const { calls } = renderWith(<ReviewDetailPage id="evt-1" />, (call) => {
      if (call.path === '/v1/app/review/evt-1') return { status: 200, body: onRecord };
      if (call.path.endsWith('/resend')) return { status: 202, body: {} };
      return undefined;
    });
    // Act
    fireEvent.click(await screen.findByRole('button', { name: 'Opnieuw versturen' }));
    // Assess
    await screen.findByText('Opnieuw verstuurd.');
    expect(screen.getByText(/Relatie bestaat al/)).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith('/resend'))?.body).toEqual({ data: event.data });
  });

  it('asks for a new version when the data changed, then sends it', async () => {
    // Prepare
    const { calls } = renderWith(<ReviewDetailPage id="evt-1" />, (call) => {
      if (call.path === '/v1/app/review/evt-1')
        return { status: 200, body: detail(eventItem, { event, eventSchema }) };
      if (call.path.endsWith('/resend')) return { status: 202, body: {} };
      return undefined;
    });
    await screen.findByRole('button', { name: 'Opnieuw versturen' });
    // Act
    fireEvent.input(screen.getByLabelText('city'), { target: { value: 'Zeist' } });
    fireEvent.input(screen.getByLabelText(/creditLimitCents/), { target: { value: '750,00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Opnieuw versturen' }));
    await screen.findByText('De gegevens zijn gewijzigd: geef een nieuwe versie op.');
    const sentBefore = calls.filter((c) => c.path.endsWith('/resend')).length;
    fireEvent.input(screen.getByLabelText(/Nieuwe versie/), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Opnieuw versturen' }));
    // Assess
    await screen.findByText('Opnieuw verstuurd.');
    expect(sentBefore).toBe(0);
    expect(calls.find((c) => c.path.endsWith('/resend'))?.body).toEqual({
      data: { name: 'Jansen', creditLimitCents: 75000, addresses: [{ city: 'Zeist' }] },
      newVersion: '2',
    });
  });

  it('shows a kind it does not know generically', async () => {
    // Prepare
    const future: ReviewItem = { ...invoiceItem, id: 'x-1', kind: 'timesheet', title: 'Uren week 44' };
    renderWith(<ReviewDetailPage id="x-1" />, (call) =>
      call.path === '/v1/app/review/x-1'
        ? { status: 200, body: detail(future, { event: { weekNumber: 44, totalCents: 5000 } }) }
        : undefined,
    );
    // Act
    await screen.findByText(/Deze soort \(timesheet\)/);
    // Assess
    expect(screen.getByText('€ 50,00')).toBeTruthy();
  });
});
