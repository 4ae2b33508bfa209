import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesV2Route } from '../../../hub/emulators/ses-v2-route.ts';
import { salesInvoicesRoutes } from '../../../lib/app-api/sales-invoices/index.ts';
import { LOOPBACK_HOST } from '../../../lib/local/loopback.ts';
import { MailSendError, type OutgoingMail, SesMailSender } from '../../../lib/mail/index.ts';
import { DynamoHoursStore, DynamoSalesInvoiceStore } from '../../../lib/sales-invoices/index.ts';
import { call, TENANT, USERS } from '../../unit/app-api-intake/harness.ts';
import { InMemoryDocuments } from '../../unit/partner-api/fixtures.ts';
import { SELLER } from '../../unit/sales-invoices/fixtures.ts';
import { type TestResources, testResources } from '../helpers.ts';

let res: TestResources;
let server: Server;
let outbox: string;
let endpoint: string;

beforeAll(async () => {
  res = await testResources();
  outbox = mkdtempSync(join(tmpdir(), 'cashlink-ses-'));
  const route = new SesV2Route({
    outboxDir: outbox,
    verifiedIdentities: ['demo.example'],
    configurationSets: ['facturen'],
    region: 'eu-west-1',
  });
  server = createServer((req, res) => route.serve(req, res));
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK_HOST, resolve));
  endpoint = `http://${LOOPBACK_HOST}:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(outbox, { recursive: true, force: true });
});

const client = () =>
  new SESv2Client({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

const MAIL: OutgoingMail = {
  from: { address: 'facturen@demo.example', name: 'Bakkerij Één & Zonen' },
  to: [{ address: 'klant@example.nl', name: 'Jansen, Piet' }],
  subject: 'Factuur 2026-0001 — € 263,80',
  text: 'Beste klant,\n\nZie de bijlage.',
  attachments: [
    { fileName: 'factuur-2026-0001.pdf', contentType: 'application/pdf', content: new Uint8Array([1, 2, 3]) },
  ],
};

const emlFiles = () => readdirSync(outbox).filter((f) => f.endsWith('.eml'));

describe('Class: SesMailSender against the hub’s SES v2 stand-in', () => {
  it('sends through the real SDK: a MessageId, and the message as an .eml that reads back', async () => {
    // Prepare
    const before = emlFiles().length;
    const sender = new SesMailSender(client(), { configurationSetName: 'facturen' });

    // Act
    const sent = await sender.send(MAIL);

    // Assess
    const files = emlFiles();
    expect(files).toHaveLength(before + 1);
    const file = files.find((f) => f.includes(sent.messageId)) as string;
    expect(file).toBeDefined();
    const parsed = await simpleParser(readFileSync(join(outbox, file)));
    expect(parsed.subject).toBe(MAIL.subject);
    expect(parsed.from?.value).toEqual([{ address: 'facturen@demo.example', name: 'Bakkerij Één & Zonen' }]);
    expect(parsed.attachments.map((a) => [a.filename, [...a.content]])).toEqual([
      ['factuur-2026-0001.pdf', [1, 2, 3]],
    ]);
  });

  it.each([
    [
      'an unverified sender',
      { from: { address: 'iemand@elders.example' } },
      {},
      'sender-not-verified',
      'MessageRejected',
    ],
    [
      'an unknown configuration set',
      {},
      { configurationSetName: 'bestaat-niet' },
      'sender-not-verified',
      'NotFoundException',
    ],
  ])('refuses %s with SES’s error shape', async (_name, patch, options, failure, code) => {
    // Prepare
    const sender = new SesMailSender(client(), options);

    // Act
    const error = await sender.send({ ...MAIL, ...patch }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(MailSendError);
    expect(error).toMatchObject({ failure, code });
  });
});

describe('Function: salesInvoicesRoutes e-mailing through the stand-in, invoices in DynamoDB', () => {
  it('e-mails once, records the MessageId on the invoice, and sends again only when asked', async () => {
    // Prepare
    const documents = new InMemoryDocuments();
    const store = new DynamoSalesInvoiceStore(res.clients.documents, res.documentsTable);
    const routes = salesInvoicesRoutes({
      tenant: TENANT,
      administrations: ['DEMO'],
      documents,
      publisher: documents,
      documentNotes: documents,
      hours: new DynamoHoursStore(res.clients.documents, res.documentsTable),
      salesInvoices: store,
      mirror: {
        read: async () => [
          {
            relationNumber: '10001',
            name: 'Klant BV',
            kvk: '87654321',
            countryCode: 'NL',
            email: 'klant@example.nl',
          },
        ],
      },
      salesInvoiceSettings: async () => ({ seller: SELLER }),
      mail: { sender: new SesMailSender(client()), fromAddress: 'facturen@demo.example' },
    });
    const base = '/v1/app/administrations/DEMO/sales-invoices';
    const issued = await call(routes, USERS.bookkeeper, 'POST', base, {
      relationNumber: '10001',
      lines: [{ description: 'Advies', quantityMilli: 1000, unitPriceCents: 10_000 }],
      buyer: { street: 'Dorpsstraat 12', city: 'Utrecht', postalCode: '3511 AB' },
    });
    const before = emlFiles().length;

    // Act
    const together = await Promise.all([
      call(routes, USERS.bookkeeper, 'POST', `${base}/${issued.json.id}/email`, {}),
      call(routes, USERS.bookkeeper, 'POST', `${base}/${issued.json.id}/email`, {}),
    ]);
    const again = await call(routes, USERS.bookkeeper, 'POST', `${base}/${issued.json.id}/email`, {
      again: true,
    });
    const record = await store.get('DEMO', issued.json.id);

    // Assess
    expect(together.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(again.status).toBe(200);
    expect(emlFiles()).toHaveLength(before + 2);
    expect(record?.mailings?.map((m) => [m.to, m.ubl])).toEqual([
      ['klant@example.nl', true],
      ['klant@example.nl', true],
    ]);
    expect(record?.mailLock).toBeUndefined();
    const file = emlFiles().find((f) => f.includes(record?.mailings?.[0]?.messageId as string)) as string;
    const parsed = await simpleParser(readFileSync(join(outbox, file)));
    expect(parsed.attachments.map((a) => a.contentType)).toEqual(['application/pdf', 'application/xml']);
    expect(parsed.replyTo?.value[0]?.address).toBe(SELLER.email);
    const listed = await store.list('DEMO', { limit: 1 });
    const rest = await store.list('DEMO', { limit: 100, cursor: listed.nextCursor as string });
    expect(listed.items).toHaveLength(1);
    expect(listed.nextCursor).toMatch(/^NUM#\d{4}#\d{9}$/);
    expect(rest.items.map((r) => r.number)).not.toContain(listed.items[0]?.number);
  });
});
