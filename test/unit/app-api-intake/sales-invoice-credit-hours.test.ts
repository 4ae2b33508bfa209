import { describe, expect, it } from 'vitest';
import { hoursRoutes } from '../../../lib/app-api/hours/index.ts';
import { salesInvoicesRoutes } from '../../../lib/app-api/sales-invoices/index.ts';
import type { MailSender, OutgoingMail } from '../../../lib/mail/index.ts';
import { InMemoryDocuments } from '../partner-api/fixtures.ts';
import { SELLER } from '../sales-invoices/fixtures.ts';
import { ADMINISTRATIONS, call, TENANT, USERS } from './harness.ts';
import { InMemoryHoursStore, InMemorySalesInvoiceStore } from './in-memory-stores.ts';

class CountingSender implements MailSender {
  readonly sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail) {
    this.sent.push(mail);
    return { messageId: `msg-${this.sent.length}` };
  }
}

function setup() {
  const documents = new InMemoryDocuments();
  const hours = new InMemoryHoursStore();
  const services = {
    tenant: TENANT,
    administrations: ADMINISTRATIONS,
    documents,
    publisher: documents,
    documentNotes: documents,
    hours,
    salesInvoices: new InMemorySalesInvoiceStore(),
    mirror: {
      read: async () => [
        { relationNumber: '10001', name: 'Klant BV', kvk: '87654321', email: 'debiteuren@klant.nl' },
      ],
    },
    salesInvoiceSettings: async () => ({ seller: SELLER }),
    mail: { sender: new CountingSender(), fromAddress: 'facturen@demo.example' },
  };
  return { routes: [...hoursRoutes(services), ...salesInvoicesRoutes(services)], documents, hours };
}

const HOURS = '/v1/app/administrations/DEMO/hours';
const INVOICES = '/v1/app/administrations/DEMO/sales-invoices';

/** Two hours entries and a typed line on one invoice: lines 0 and 1 bill the hours, line 2 is hosting. */
async function invoiceWithHours(routes: ReturnType<typeof setup>['routes']) {
  const hourIds: string[] = [];
  for (const [date, description] of [
    ['2026-10-15', 'Ontwerp'],
    ['2026-10-16', 'Bouw'],
  ]) {
    const entered = await call(routes, USERS.bookkeeper, 'POST', HOURS, {
      date,
      relationNumber: '10001',
      description,
      minutes: 90,
      hourlyRateCents: 9000,
    });
    hourIds.push(entered.json.id);
  }
  const issued = await call(routes, USERS.bookkeeper, 'POST', INVOICES, {
    relationNumber: '10001',
    hourIds,
    lines: [{ description: 'Hosting', quantityMilli: 1000, unitPriceCents: 1500 }],
    issueDate: '2026-10-31',
    buyer: { street: 'Dorpsstraat 12', city: 'Utrecht', postalCode: '3511 AB' },
  });
  expect(issued.status).toBe(201);
  return { id: issued.json.id as string, hourIds };
}

const invoiceIdOf = async (routes: ReturnType<typeof setup>['routes']) =>
  Object.fromEntries(
    (
      (await call(routes, USERS.reader, 'GET', HOURS)).json.items as Array<{ id: string; invoiceId?: string }>
    ).map((h) => [h.id, h.invoiceId]),
  );

describe('Function: salesInvoicesRoutes, crediting releases hours', () => {
  it('makes the hours of a credited line invoiceable again and keeps the others invoiced', async () => {
    // Prepare
    const { routes, hours } = setup();
    const { id, hourIds } = await invoiceWithHours(routes);

    // Act
    const credit = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/credit-note`, {
      lineIndexes: [1],
    });
    const after = await invoiceIdOf(routes);
    const again = await call(routes, USERS.bookkeeper, 'POST', INVOICES, {
      relationNumber: '10001',
      hourIds: [hourIds[1]],
      buyer: { street: 'Dorpsstraat 12', city: 'Utrecht', postalCode: '3511 AB' },
    });
    const original = await call(routes, USERS.reader, 'GET', `${INVOICES}/${id}`);

    // Assess
    expect(credit.status).toBe(201);
    expect(credit.json.totals.lineCents).toEqual([13_500]);
    expect(after[hourIds[0] as string]).toBe(id);
    expect(after[hourIds[1] as string]).toBeUndefined();
    expect(hours.entries.get(hourIds[1] as string)?.creditedBy).toEqual([
      { invoiceId: id, creditNoteId: credit.json.id },
    ]);
    expect(again.status).toBe(201);
    expect(original.json.creditedBy).toEqual([
      expect.objectContaining({ id: credit.json.id, lineIndexes: [1], releasedHourIds: [hourIds[1]] }),
    ]);
  });

  it('releases the hours of lines typed in full, not of a line credited in part', async () => {
    // Prepare
    const { routes } = setup();
    const { id, hourIds } = await invoiceWithHours(routes);
    const invoice = (await call(routes, USERS.reader, 'GET', `${INVOICES}/${id}`)).json.invoice;
    const [first, second] = invoice.lines;

    // Act
    const credit = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/credit-note`, {
      lines: [
        { ...first, hourId: undefined, quantityMilli: -first.quantityMilli },
        { ...second, hourId: undefined, quantityMilli: 500 },
      ].map(({ hourId: _h, ...line }) => line),
    });
    const after = await invoiceIdOf(routes);

    // Assess
    expect(credit.status).toBe(201);
    expect(after[hourIds[0] as string]).toBeUndefined();
    expect(after[hourIds[1] as string]).toBe(id);
  });

  it('credits what is left by default and refuses a line credited before, naming it', async () => {
    // Prepare
    const { routes } = setup();
    const { id } = await invoiceWithHours(routes);
    await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/credit-note`, { lineIndexes: [0] });

    // Act
    const twice = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/credit-note`, {
      lineIndexes: [0, 2],
    });
    const outside = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/credit-note`, {
      lineIndexes: [3],
    });
    const both = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/credit-note`, {
      lineIndexes: [1],
      lines: [{ description: 'x', quantityMilli: 1000, unitPriceCents: 1 }],
    });
    const rest = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/credit-note`, {});
    const nothing = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/credit-note`, {});
    const hours = await invoiceIdOf(routes);

    // Assess
    expect(twice.status).toBe(409);
    expect(twice.json.errors).toEqual([
      expect.objectContaining({ path: 'lineIndexes', rule: 'line-credited', value: '0' }),
    ]);
    expect(outside.status).toBe(400);
    expect(outside.json.errors[0]).toMatchObject({ rule: 'line-index', value: '3' });
    expect(both.status).toBe(400);
    expect(rest.status).toBe(201);
    expect(rest.json.totals.lineCents).toEqual([13_500, 1_500]);
    expect(nothing.status).toBe(409);
    expect(nothing.json.errors[0].rule).toBe('nothing-left');
    expect(Object.values(hours)).toEqual([undefined, undefined]);
  });
});

describe('Function: salesInvoicesRoutes, mailings in the history and the list', () => {
  it('notes every mailing in the booking document’s history and lists the last one', async () => {
    // Prepare
    const { routes, documents } = setup();
    const { id } = await invoiceWithHours(routes);

    // Act
    await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/email`, {});
    await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/email`, {
      to: 'ander@klant.nl',
      again: true,
    });
    const list = await call(routes, USERS.reader, 'GET', INVOICES);

    // Assess
    const row = list.json.items[0];
    expect(row).toMatchObject({
      id,
      lastMailedTo: 'ander@klant.nl',
      lastMailedAt: '2026-10-31T10:00:00.000Z',
      bookingStatus: 'queued',
    });
    const notes = (documents.records.get(row.eventId)?.history ?? []).flatMap((h) => h.note ?? []);
    expect(notes).toEqual([
      `invoice 2026-0001 e-mailed to debiteuren@klant.nl by ${USERS.bookkeeper.username} (PDF and UBL), message id msg-1`,
      `invoice 2026-0001 e-mailed to ander@klant.nl by ${USERS.bookkeeper.username} (PDF and UBL), message id msg-2`,
    ]);
  });

  it('shows why a booking was refused', async () => {
    // Prepare
    const { routes, documents } = setup();
    const { id } = await invoiceWithHours(routes);
    const eventId = (await call(routes, USERS.reader, 'GET', `${INVOICES}/${id}`)).json.eventId;
    const record = documents.records.get(eventId);
    if (!record) throw new Error('no booking document');
    record.status = 'rejected';
    record.errors = [{ source: 'cash', message: 'Grootboekrekening 8000 bestaat niet' }];

    // Act
    const list = await call(routes, USERS.reader, 'GET', INVOICES);

    // Assess
    expect(list.json.items[0]).toMatchObject({
      bookingStatus: 'rejected',
      bookingProblem: '"Grootboekrekening 8000 bestaat niet"',
    });
  });
});
