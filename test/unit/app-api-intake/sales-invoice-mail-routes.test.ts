import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { salesInvoicesRoutes } from '../../../lib/app-api/sales-invoices/index.ts';
import {
  buildMimeMessage,
  MailSendError,
  type MailSender,
  type OutgoingMail,
} from '../../../lib/mail/index.ts';
import type { MirrorRelation } from '../../../lib/mirror/index.ts';
import { InMemoryDocuments } from '../partner-api/fixtures.ts';
import { SELLER } from '../sales-invoices/fixtures.ts';
import { ADMINISTRATIONS, call, TENANT, USERS } from './harness.ts';
import { InMemoryHoursStore, InMemorySalesInvoiceStore } from './in-memory-stores.ts';

const RELATIONS: MirrorRelation[] = [
  {
    relationNumber: '10001',
    name: 'Klant BV',
    kvk: '87654321',
    countryCode: 'NL',
    email: 'crediteuren@klant.nl',
  },
  { relationNumber: '10002', name: 'Zonder Adres BV', kvk: '87654322', countryCode: 'NL' },
];

/** Records what it is asked to send; fails with `failure` when set. */
class RecordingSender implements MailSender {
  readonly sent: OutgoingMail[] = [];
  failure: Error | undefined;
  async send(mail: OutgoingMail) {
    if (this.failure) throw this.failure;
    this.sent.push(mail);
    return { messageId: `msg-${this.sent.length}` };
  }
}

function setup(options: { mail?: boolean } = {}) {
  const documents = new InMemoryDocuments();
  const invoices = new InMemorySalesInvoiceStore();
  const sender = new RecordingSender();
  const services = {
    tenant: TENANT,
    administrations: ADMINISTRATIONS,
    documents,
    publisher: documents,
    documentNotes: documents,
    hours: new InMemoryHoursStore(),
    salesInvoices: invoices,
    mirror: { read: async () => RELATIONS },
    salesInvoiceSettings: async () => ({ seller: SELLER }),
    ...(options.mail === false ? {} : { mail: { sender, fromAddress: 'facturen@demo.example' } }),
  };
  return { routes: salesInvoicesRoutes(services), documents, invoices, sender };
}

const INVOICES = '/v1/app/administrations/DEMO/sales-invoices';
const ADDRESS = { street: 'Dorpsstraat 12', city: 'Utrecht', postalCode: '3511 AB' };

async function issue(routes: ReturnType<typeof setup>['routes'], relationNumber = '10001') {
  const answer = await call(routes, USERS.bookkeeper, 'POST', INVOICES, {
    relationNumber,
    lines: [
      { description: 'Advies', quantityMilli: 2000, unitCode: 'HUR', unitPriceCents: 10_000 },
      { description: 'Boek', quantityMilli: 1000, unitPriceCents: 2_000, vatRateHundredths: 900 },
    ],
    issueDate: '2026-10-31',
    buyer: ADDRESS,
  });
  expect(answer.status).toBe(201);
  return answer.json as { id: string; number: string };
}

describe('Function: salesInvoicesRoutes, POST …/{id}/email', () => {
  it('sends the PDF and the UBL to the relation’s address in CASH, in Dutch, and records the mailing', async () => {
    // Prepare
    const { routes, sender } = setup();
    const { id } = await issue(routes);

    // Act
    const answer = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/email`, {});
    const record = await call(routes, USERS.reader, 'GET', `${INVOICES}/${id}`);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json.mailing).toMatchObject({
      to: 'crediteuren@klant.nl',
      by: USERS.bookkeeper.username,
      messageId: 'msg-1',
      ubl: true,
      subject: 'Factuur 2026-0001 van Demo Advies B.V.',
    });
    const mail = sender.sent[0] as OutgoingMail;
    expect(mail.from).toEqual({ address: 'facturen@demo.example', name: SELLER.name });
    expect(mail.replyTo).toEqual([{ address: SELLER.email, name: SELLER.name }]);
    expect(mail.text).toContain('factuur 2026-0001 van 31 oktober 2026 voor een bedrag van € 263,80');
    expect(mail.attachments.map((a) => [a.fileName, a.contentType])).toEqual([
      ['factuur-2026-0001.pdf', 'application/pdf'],
      ['factuur-2026-0001.xml', 'application/xml'],
    ]);
    expect(record.json.mailings).toEqual([answer.json.mailing]);
    expect(record.json.mailLock).toBeUndefined();
    expect(record.json.recipient).toBe('crediteuren@klant.nl');
    // The message as SES gets it reads back with both files.
    const parsed = await simpleParser(
      buildMimeMessage(mail, { date: new Date(), messageId: 'x@demo.example', boundary: '=_t' }),
    );
    expect(parsed.attachments.map((a) => a.filename)).toEqual([
      'factuur-2026-0001.pdf',
      'factuur-2026-0001.xml',
    ]);
  });

  it('does not send twice unless asked again, and then sends to the recipient typed', async () => {
    // Prepare
    const { routes, sender } = setup();
    const { id } = await issue(routes);
    await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/email`, {});

    // Act
    const second = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/email`, {});
    const again = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/email`, {
      to: 'boekhouding@klant.nl',
      subject: 'Nogmaals: factuur 2026-0001',
      again: true,
    });

    // Assess
    expect(second.status).toBe(409);
    expect(second.json.errors).toEqual([expect.objectContaining({ path: 'again', rule: 'already-sent' })]);
    expect(second.json.lastMailing).toMatchObject({ to: 'crediteuren@klant.nl' });
    expect(again.status).toBe(200);
    expect(again.json.mailings.map((m: { to: string }) => m.to)).toEqual([
      'crediteuren@klant.nl',
      'boekhouding@klant.nl',
    ]);
    expect(sender.sent.map((m) => m.subject)).toEqual([
      'Factuur 2026-0001 van Demo Advies B.V.',
      'Nogmaals: factuur 2026-0001',
    ]);
  });

  it('sends once when two clicks arrive together', async () => {
    // Prepare
    const { routes, sender } = setup();
    const { id } = await issue(routes);

    // Act
    const answers = await Promise.all([
      call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/email`, {}),
      call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/email`, {}),
    ]);

    // Assess
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(sender.sent).toHaveLength(1);
  });

  it.each([
    ['a read-only user', USERS.reader, {}, 403, 'read-only'],
    ['a bookkeeper of another administration', USERS.outsider, {}, 403, 'administration'],
    ['a recipient that is no address', USERS.bookkeeper, { to: 'klant@' }, 400, 'to'],
    ['an unknown field', USERS.bookkeeper, { cc: 'x@y.nl' }, 400, '(root)'],
  ])('refuses %s', async (_name, user, body, status, _what) => {
    // Prepare
    const { routes, sender } = setup();
    const { id } = await issue(routes);

    // Act
    const answer = await call(routes, user, 'POST', `${INVOICES}/${id}/email`, body);

    // Assess
    expect(answer.status).toBe(status);
    expect(sender.sent).toEqual([]);
  });

  it('asks for a recipient when the relation has no e-mail address in CASH', async () => {
    // Prepare
    const { routes } = setup();
    const { id } = await issue(routes, '10002');

    // Act
    const answer = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/email`, {});

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.json.errors).toEqual([expect.objectContaining({ path: 'to', rule: 'required' })]);
  });

  it.each([
    ['no mail configured', undefined, 503, 'mail-not-configured'],
    [
      'an unverified sender',
      new MailSendError('sender-not-verified', 'MessageRejected', 'not verified'),
      409,
      'MessageRejected',
    ],
    ['a rejected message', new MailSendError('rejected', 'MessageRejected', 'bad'), 422, 'MessageRejected'],
    [
      'SES throttling',
      new MailSendError('throttled', 'TooManyRequestsException', 'slow down'),
      503,
      'TooManyRequestsException',
    ],
  ])('answers %s as a problem, records nothing and frees the lock', async (_name, failure, status, rule) => {
    // Prepare
    const { routes, sender, invoices } = setup({ mail: failure !== undefined });
    sender.failure = failure;
    const { id } = await issue(routes);

    // Act
    const answer = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/email`, {});

    // Assess
    expect(answer.status).toBe(status);
    expect(answer.json.errors[0].rule).toBe(rule);
    const record = await invoices.get('DEMO', id);
    expect(record?.mailings).toBeUndefined();
    expect(record?.mailLock).toBeUndefined();
  });
});

describe('Function: salesInvoicesRoutes, POST …/{id}/credit-note', () => {
  it('credits the whole invoice: next number, BillingReference, booked with inverted signs, e-mailable', async () => {
    // Prepare
    const { routes, documents, sender } = setup();
    const { id, number } = await issue(routes);

    // Act
    const answer = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/credit-note`, {
      issueDate: '2026-11-05',
      note: 'Dubbel gefactureerd',
    });
    const ubl = await call(routes, USERS.reader, 'GET', `${INVOICES}/${answer.json.id}/ubl`);
    const mailed = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${answer.json.id}/email`, {});
    const original = await call(routes, USERS.reader, 'GET', `${INVOICES}/${id}`);

    // Assess
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ number: '2026-0002', kind: 'credit-note' });
    expect(answer.json.totals.payableCents).toBe(26_380);
    const xml = Buffer.from(ubl.body, 'base64').toString('utf8');
    expect(ubl.headers['content-disposition']).toContain('creditnota-2026-0002.xml');
    expect(xml).toContain('<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>');
    expect(xml).toContain(`<cac:InvoiceDocumentReference><cbc:ID>${number}</cbc:ID>`);
    const booking = documents.published[1];
    expect(booking).toMatchObject({
      type: 'journal-entry.book',
      source: { externalId: 'sales-invoice:2026-0002' },
      data: { journal: 'VRK', description: 'Creditnota 2026-0002 (factuur 2026-0001)' },
    });
    const lines = (
      booking as unknown as { data: { lines: Array<{ ledgerAccount: string; amountCents: number }> } }
    ).data.lines;
    expect(lines[0]).toMatchObject({
      ledgerAccount: '1300',
      amountCents: -26_380,
      invoiceNumber: '2026-0002',
    });
    expect(lines.reduce((sum, l) => sum + l.amountCents, 0)).toBe(0);
    expect(mailed.status).toBe(200);
    expect(sender.sent[0]?.subject).toBe('Creditnota 2026-0002 van Demo Advies B.V.');
    expect(original.json.creditedBy).toEqual([
      { id: answer.json.id, number: '2026-0002', payableCents: 26_380, lineIndexes: [0, 1] },
    ]);
  });

  it('credits negative hours and articles as positive credit note lines, never more than invoiced', async () => {
    // Prepare
    const { routes } = setup();
    const { id } = await issue(routes);
    const oneHour = [
      { description: 'Advies', quantityMilli: -1000, unitCode: 'HUR', unitPriceCents: 10_000 },
    ];

    // Act
    const partial = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/credit-note`, {
      lines: oneHour,
    });
    const rest = await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/credit-note`, {
      lines: [{ ...oneHour[0], quantityMilli: -2000 }],
    });
    const ofCredit = await call(
      routes,
      USERS.bookkeeper,
      'POST',
      `${INVOICES}/${partial.json.id}/credit-note`,
      {},
    );

    // Assess
    expect(partial.status).toBe(201);
    expect(partial.json.totals).toMatchObject({ lineCents: [10_000], payableCents: 12_100 });
    expect(rest.status).toBe(409);
    expect(rest.json.errors).toEqual([expect.objectContaining({ rule: 'credits-exceed-invoice' })]);
    expect(ofCredit.status).toBe(409);
    expect(ofCredit.json.errors[0].rule).toBe('credit-of-credit-note');
  });

  it('refuses an invoice with a negative total and points to crediting', async () => {
    // Prepare
    const { routes } = setup();

    // Act
    const answer = await call(routes, USERS.bookkeeper, 'POST', INVOICES, {
      relationNumber: '10001',
      lines: [{ description: 'Retour', quantityMilli: -1000, unitPriceCents: 5_000 }],
      buyer: ADDRESS,
    });

    // Assess
    expect(answer.status).toBe(409);
    expect(answer.json.errors[0]).toMatchObject({ path: 'lines', rule: 'negative-total' });
  });

  it('lists invoices and credit notes, highest number first, in pages', async () => {
    // Prepare
    const { routes } = setup();
    const { id } = await issue(routes);
    await call(routes, USERS.bookkeeper, 'POST', `${INVOICES}/${id}/credit-note`, {});
    await issue(routes);

    // Act
    const first = await call(routes, USERS.reader, 'GET', `${INVOICES}?limit=2`);
    const next = await call(
      routes,
      USERS.reader,
      'GET',
      `${INVOICES}?limit=2&cursor=${first.json.nextCursor}`,
    );
    const bad = await call(routes, USERS.reader, 'GET', `${INVOICES}?limit=0`);

    // Assess
    expect(first.json.items.map((r: { number: string }) => r.number)).toEqual(['2026-0003', '2026-0002']);
    expect(first.json.items[1].invoice.kind).toBe('credit-note');
    expect(next.json.items.map((r: { number: string }) => r.number)).toEqual(['2026-0001']);
    expect(next.json.nextCursor).toBeUndefined();
    expect(bad.status).toBe(400);
  });

  it('refuses a read-only user crediting', async () => {
    // Prepare
    const { routes } = setup();
    const { id } = await issue(routes);

    // Act
    const answer = await call(routes, USERS.reader, 'POST', `${INVOICES}/${id}/credit-note`, {});

    // Assess
    expect(answer.status).toBe(403);
  });
});
