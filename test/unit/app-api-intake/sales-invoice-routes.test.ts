import { describe, expect, it } from 'vitest';
import { hoursRoutes } from '../../../lib/app-api/hours/index.ts';
import { salesInvoicesRoutes } from '../../../lib/app-api/sales-invoices/index.ts';
import type { MirrorRelation } from '../../../lib/mirror/index.ts';
import { InMemoryDocuments } from '../partner-api/fixtures.ts';
import { SELLER } from '../sales-invoices/fixtures.ts';
import { ADMINISTRATIONS, call, TENANT, USERS } from './harness.ts';
import { InMemoryHoursStore, InMemorySalesInvoiceStore } from './in-memory-stores.ts';

const RELATIONS: MirrorRelation[] = [
  { relationNumber: '10001', name: 'Klant BV', kvk: '87654321', countryCode: 'NL', paymentDays: 14 },
  { relationNumber: '10002', name: 'Particulier' },
];

function setup(settings: Record<string, unknown> = { seller: SELLER }) {
  const documents = new InMemoryDocuments();
  const hours = new InMemoryHoursStore();
  const invoices = new InMemorySalesInvoiceStore();
  const services = {
    tenant: TENANT,
    administrations: ADMINISTRATIONS,
    documents,
    publisher: documents,
    documentNotes: documents,
    hours,
    salesInvoices: invoices,
    mirror: { read: async () => RELATIONS },
    salesInvoiceSettings: async () => settings,
  };
  return { routes: [...hoursRoutes(services), ...salesInvoicesRoutes(services)], documents, hours, invoices };
}

const HOURS = '/v1/app/administrations/DEMO/hours';
const INVOICES = '/v1/app/administrations/DEMO/sales-invoices';
const BUYER_ADDRESS = { street: 'Dorpsstraat 12', city: 'Utrecht', postalCode: '3511 AB' };

async function enterHours(
  routes: ReturnType<typeof setup>['routes'],
  minutes: number,
  relationNumber = '10001',
) {
  const answer = await call(routes, USERS.bookkeeper, 'POST', HOURS, {
    date: '2026-10-15',
    relationNumber,
    project: 'Website',
    description: 'Ontwerp',
    minutes,
    hourlyRateCents: 9000,
  });
  expect(answer.status).toBe(201);
  return answer.json.id as string;
}

describe('Function: hoursRoutes', () => {
  it('stores, lists and deletes unbilled hours', async () => {
    // Prepare
    const { routes } = setup();
    const id = await enterHours(routes, 90);

    // Act
    const listed = await call(routes, USERS.reader, 'GET', `${HOURS}?relation=10001&unbilled=true`);
    const removed = await call(routes, USERS.bookkeeper, 'DELETE', `${HOURS}/${id}`);
    const after = await call(routes, USERS.reader, 'GET', HOURS);

    // Assess
    expect(listed.json.items).toMatchObject([{ id, minutes: 90, createdBy: USERS.bookkeeper.username }]);
    expect(removed.status).toBe(204);
    expect(after.json.items).toEqual([]);
  });

  it.each([
    ['minutes 0', { minutes: 0 }, 'minutes'],
    ['a fractional rate', { hourlyRateCents: 12.5 }, 'hourlyRateCents'],
    ['a bad date', { date: '2026-13-01' }, 'date'],
    ['a relation number with letters', { relationNumber: 'ABC' }, 'relationNumber'],
  ])('refuses %s naming the field', async (_name, patch, path) => {
    // Act
    const answer = await call(setup().routes, USERS.bookkeeper, 'POST', HOURS, {
      date: '2026-10-15',
      relationNumber: '10001',
      description: 'x',
      minutes: 60,
      hourlyRateCents: 100,
      ...patch,
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.json.errors[0].path).toBe(path);
  });

  it('refuses a read-only user entering hours', async () => {
    // Act
    const answer = await call(setup().routes, USERS.reader, 'POST', HOURS, {});

    // Assess
    expect(answer.status).toBe(403);
  });
});

describe('Function: salesInvoicesRoutes', () => {
  it('bills hours and lines as a journal-entry.book in VRK with VAT lines, numbered per administration', async () => {
    // Prepare
    const { routes, documents, hours } = setup();
    const first = await enterHours(routes, 90);
    const second = await enterHours(routes, 20);

    // Act
    const answer = await call(routes, USERS.bookkeeper, 'POST', INVOICES, {
      relationNumber: '10001',
      hourIds: [first, second],
      lines: [{ description: 'Hosting', quantityMilli: 1000, unitPriceCents: 1500, vatRateHundredths: 2100 }],
      issueDate: '2026-10-31',
      buyer: BUYER_ADDRESS,
    });
    const next = await call(routes, USERS.bookkeeper, 'POST', INVOICES, {
      relationNumber: '10001',
      lines: [{ description: 'Boek', quantityMilli: 1000, unitPriceCents: 2000, vatRateHundredths: 900 }],
      issueDate: '2026-11-01',
      buyer: BUYER_ADDRESS,
    });

    // Assess
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ number: '2026-0001' });
    expect(answer.json.ublProblems).toBeUndefined();
    // 1,5 uur + 0,333 uur à € 90 = 135,00 + 29,97; + 15,00 hosting = 179,97; BTW 21% = 37,79.
    expect(answer.json.totals).toMatchObject({
      lineExtensionCents: 17_997,
      vatCents: 3_779,
      payableCents: 21_776,
    });
    expect(next.json.number).toBe('2026-0002');
    const event = documents.published[0];
    expect(event).toMatchObject({
      type: 'journal-entry.book',
      source: { connector: 'app-api', externalId: 'sales-invoice:2026-0001' },
      data: {
        journal: 'VRK',
        date: '2026-10-31',
        lines: [
          {
            ledgerAccount: '1300',
            amountCents: 21_776,
            relationNumber: '10001',
            invoiceNumber: '2026-0001',
            dueDate: '2026-11-14',
          },
          { ledgerAccount: '8000', amountCents: -17_997, vatCode: '2' },
          { ledgerAccount: '1510', amountCents: -3_779, vatCode: '2', vatBaseCents: 17_997 },
        ],
      },
    });
    expect([...hours.entries.values()].every((h) => h.invoiceId === answer.json.id)).toBe(true);
  });

  it('books a sales order when the administration has the order module', async () => {
    // Prepare
    const { routes, documents } = setup({ seller: SELLER, orderModule: true, hoursArticleCode: 'UREN' });
    const hour = await enterHours(routes, 60);

    // Act
    const answer = await call(routes, USERS.bookkeeper, 'POST', INVOICES, {
      relationNumber: '10001',
      hourIds: [hour],
      issueDate: '2026-10-31',
    });

    // Assess
    expect(answer.status).toBe(201);
    expect(documents.published[0]).toMatchObject({
      type: 'sales-order.create',
      data: {
        externalOrderNumber: '2026-0001',
        customer: { relationNumber: '10001' },
        lines: [{ articleCode: 'UREN', quantity: 1, unitPriceCents: 9000 }],
      },
    });
  });

  it('refuses billing hours twice, and hours of another customer', async () => {
    // Prepare
    const { routes } = setup();
    const hour = await enterHours(routes, 60);
    const other = await enterHours(routes, 60, '10002');
    await call(routes, USERS.bookkeeper, 'POST', INVOICES, {
      relationNumber: '10001',
      hourIds: [hour],
      buyer: BUYER_ADDRESS,
    });

    // Act
    const twice = await call(routes, USERS.bookkeeper, 'POST', INVOICES, {
      relationNumber: '10001',
      hourIds: [hour],
    });
    const mixed = await call(routes, USERS.bookkeeper, 'POST', INVOICES, {
      relationNumber: '10001',
      hourIds: [other],
    });
    const deleteBilled = await call(routes, USERS.bookkeeper, 'DELETE', `${HOURS}/${hour}`);

    // Assess
    expect(twice.status).toBe(409);
    expect(twice.json.errors[0]).toMatchObject({ path: 'hourIds', rule: 'billed', value: hour });
    expect(mixed.json.errors[0]).toMatchObject({ rule: 'other-customer', value: other });
    expect(deleteBilled.status).toBe(409);
  });

  it.each([
    ['no seller details', {}, 409, 'settings.salesInvoices.seller'],
    ['an unknown customer', { seller: SELLER }, 400, 'relationNumber'],
  ])('refuses an invoice with %s', async (_name, settings, status, path) => {
    // Act
    const answer = await call(setup(settings).routes, USERS.bookkeeper, 'POST', INVOICES, {
      relationNumber: '99999',
      lines: [{ description: 'x', quantityMilli: 1000, unitPriceCents: 100 }],
    });

    // Assess
    expect(answer.status).toBe(status);
    expect(answer.json.errors[0].path).toBe(path);
  });

  it('serves the PDF and the SI-UBL; a consumer without KvK gets a PDF and a 409 naming BR-NL-10 for the UBL', async () => {
    // Prepare
    const { routes } = setup();
    const business = await call(routes, USERS.bookkeeper, 'POST', INVOICES, {
      relationNumber: '10001',
      lines: [{ description: 'Advies', quantityMilli: 2000, unitPriceCents: 10000 }],
      buyer: BUYER_ADDRESS,
    });
    const consumer = await call(routes, USERS.bookkeeper, 'POST', INVOICES, {
      relationNumber: '10002',
      lines: [{ description: 'Advies', quantityMilli: 1000, unitPriceCents: 10000 }],
      buyer: BUYER_ADDRESS,
    });

    // Act
    const pdf = await call(routes, USERS.reader, 'GET', `${INVOICES}/${business.json.id}/pdf`);
    const ubl = await call(routes, USERS.reader, 'GET', `${INVOICES}/${business.json.id}/ubl`);
    const consumerUbl = await call(routes, USERS.reader, 'GET', `${INVOICES}/${consumer.json.id}/ubl`);
    const consumerPdf = await call(routes, USERS.reader, 'GET', `${INVOICES}/${consumer.json.id}/pdf`);

    // Assess
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(pdf.body, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(Buffer.from(ubl.body, 'base64').toString()).toContain('<cbc:ID>2026-0001</cbc:ID>');
    expect(consumer.json.ublProblems).toContainEqual(expect.objectContaining({ rule: 'BR-NL-10' }));
    expect(consumerUbl.status).toBe(409);
    expect(consumerPdf.status).toBe(200);
  });

  it('answers 404 for an invoice of another administration and 400 for a malformed id', async () => {
    // Prepare
    const { routes } = setup();
    const made = await call(routes, USERS.operator, 'POST', INVOICES, {
      relationNumber: '10001',
      lines: [{ description: 'x', quantityMilli: 1000, unitPriceCents: 100 }],
      buyer: BUYER_ADDRESS,
    });

    // Act
    const elsewhere = await call(
      routes,
      USERS.operator,
      'GET',
      `/v1/app/administrations/OTHER/sales-invoices/${made.json.id}/pdf`,
    );
    const malformed = await call(routes, USERS.operator, 'GET', `${INVOICES}/../../x/pdf`);

    // Assess
    expect(elsewhere.status).toBe(404);
    expect([400, 404]).toContain(malformed.status);
  });
});
