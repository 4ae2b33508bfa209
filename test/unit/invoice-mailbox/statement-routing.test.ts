import { createHash } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import { bankHandoverKey, InvoiceMailboxIntake } from '../../../lib/intake/index.ts';
import { inMemoryInvoiceContext, processInvoiceFile } from '../../../lib/invoices/index.ts';
import { bankMail } from '../../support/mail.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';
import {
  ARCHIVE,
  bankCorpusFiles,
  FakeDocuments,
  FakePublisher,
  FakeS3,
  fakeIntakeDeps,
  MAILBOX,
  ublCorpusFiles,
} from './mailbox-fakes.ts';

const EVENT_TIME = '2026-03-14T10:00:00.000Z';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const statements = bankCorpusFiles().filter((f) => parseStatementFile(f.bytes, f.name).statements.length > 0);
const camt = statements.find((f) => parseStatementFile(f.bytes).format === 'camt053');
const mt940 = statements.find((f) => parseStatementFile(f.bytes).format === 'mt940');
let invoice: Uint8Array;

function setup(overrides: Parameters<typeof fakeIntakeDeps>[3] = {}) {
  const s3 = new FakeS3();
  const documents = new FakeDocuments();
  const publisher = new FakePublisher();
  const intake = new InvoiceMailboxIntake(fakeIntakeDeps(s3, documents, publisher, overrides));
  const receive = (key: string, body: Uint8Array, contentType?: string) => {
    s3.put(MAILBOX, key, body, contentType);
    return intake.receive({
      bucket: MAILBOX,
      rawKey: encodeURIComponent(key).replace(/%2F/g, '/'),
      eventTime: EVENT_TIME,
    });
  };
  return { s3, documents, publisher, receive };
}

describeWithCorpus('invoice mailbox: statements in mail reach the bank import', () => {
  beforeAll(async () => {
    // An invoice the pure logic books as it is, chosen by content.
    for (const { name, bytes } of ublCorpusFiles()) {
      const result = await processInvoiceFile(
        { bytes, filename: name, direction: 'purchase', administration: 'DEMO', tenant: 'acme' },
        inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
      );
      if (result.status === 'ok') {
        invoice = bytes;
        return;
      }
    }
    throw new Error('no bookable invoice in the UBL corpus');
  });

  it.each([
    [
      'an SES-style key without extension (single layout)',
      'DEMO/inbox-email/0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      undefined,
    ],
    [
      'an SES-style key in the purchase folder (per-direction layout, wrong address)',
      'DEMO/purchase/7k2q9rm0s1',
      undefined,
    ],
    ['a forwarded .eml uploaded by hand', 'DEMO/purchase/Fwd afschrift.eml', 'message/rfc822'],
  ])(
    '%s: the statement is put in DEMO/bank/ unchanged, the mail is archived and done',
    async (_label, key, type) => {
      // Prepare
      const statement = camt?.bytes as Uint8Array;
      const mail = bankMail([{ filename: 'ATT00001.bin', content: statement }]);
      const { s3, documents, publisher, receive } = setup();
      // Act
      const outcome = await receive(key, mail, type);
      // Assess: handed over under the bank folder, by content hash, byte for byte
      const bankKey = bankHandoverKey('DEMO', sha256(statement), 'ATT00001.bin');
      expect(s3.keys(MAILBOX, 'DEMO/bank/')).toEqual([bankKey]);
      expect(Buffer.from(s3.get(MAILBOX, bankKey)?.body ?? [])).toEqual(Buffer.from(statement));
      expect(s3.get(MAILBOX, bankKey)?.metadata).toMatchObject({ 'mail-document': `doc_${sha256(mail)}` });
      expect(outcome).toMatchObject({ status: 'queued', eventIds: [], documentId: `doc_${sha256(mail)}` });
      expect(outcome.handedOver).toEqual([
        expect.objectContaining({
          key: bankKey,
          format: 'camt053',
          documentId: `doc_${sha256(statement)}`,
          delivery: 'handed-over',
        }),
      ]);
      // Assess: the mail itself is archived unchanged and its document says where the statement went
      const doc = await documents.get(outcome.documentId as string);
      expect(Buffer.from(s3.get(ARCHIVE, doc?.source.document?.key as string)?.body ?? [])).toEqual(
        Buffer.from(mail),
      );
      expect(doc?.result?.bankStatements).toEqual(outcome.handedOver);
      expect(doc?.history.at(-1)?.note).toMatch(/handed over to the bank import/);
      expect(publisher.events).toEqual([]);
    },
  );

  it('a mail with an invoice and a statement delivers both', async () => {
    // Prepare
    const statement = mt940?.bytes as Uint8Array;
    const mail = bankMail([
      { filename: 'factuur.xml', contentType: 'application/xml', content: invoice },
      { filename: 'MT940.sta', content: statement },
    ]);
    const { s3, documents, publisher, receive } = setup();
    // Act
    const outcome = await receive('DEMO/inbox-email/ses0001', mail);
    // Assess
    expect(outcome.status).toBe('queued');
    expect(outcome.eventIds.length).toBeGreaterThan(0);
    expect(publisher.events.map((e) => e.id)).toEqual(outcome.eventIds);
    expect(s3.keys(MAILBOX, 'DEMO/bank/')).toEqual([bankHandoverKey('DEMO', sha256(statement), 'MT940.sta')]);
    const doc = await documents.get(outcome.documentId as string);
    expect(doc?.result?.bankStatements).toEqual(outcome.handedOver);
    expect(doc?.result?.invoiceNumber).toBeTruthy();
  });

  it('a retried invocation after a failure does not hand the statement over twice', async () => {
    // Prepare: the statement is handed over, then marking the mail done fails (the Lambda will retry)
    const statement = camt?.bytes as Uint8Array;
    const mail = bankMail([{ filename: 'camt.xml', contentType: 'application/xml', content: statement }]);
    const { s3, documents, receive } = setup();
    documents.failOn.add('queued');
    // Act
    await expect(receive('DEMO/inbox-email/retry-me', mail)).rejects.toThrow(/DynamoDB unavailable/);
    const retried = await receive('DEMO/inbox-email/retry-me', mail);
    const again = await receive('DEMO/inbox-email/resent-later', mail);
    // Assess: one write under the bank folder; the retry finds it there; the resent mail is a duplicate
    const bankPuts = s3.puts.filter((p) => p.startsWith(`${MAILBOX}/DEMO/bank/`));
    expect(bankPuts).toHaveLength(1);
    expect(retried.status).toBe('queued');
    expect(retried.handedOver?.map((h) => h.delivery)).toEqual(['already-there']);
    expect(again.status).toBe('duplicate');
  });

  it('the same statement in two different mails, under another name, is written once', async () => {
    // Prepare
    const statement = mt940?.bytes as Uint8Array;
    const { s3, receive } = setup();
    // Act
    const first = await receive('DEMO/inbox-email/a1', bankMail([{ filename: 'x.sta', content: statement }]));
    const second = await receive(
      'DEMO/inbox-email/b2',
      bankMail([{ filename: 'MT940-kopie.txt', content: statement }], { subject: 'nogmaals' }),
    );
    // Assess: the second mail points at the first delivery
    expect(first.handedOver?.[0]?.delivery).toBe('handed-over');
    expect(second.handedOver?.[0]).toMatchObject({
      delivery: 'already-there',
      key: first.handedOver?.[0]?.key,
    });
    expect(s3.puts.filter((p) => p.includes('/bank/'))).toHaveLength(1);
  });

  it('a statement file dropped among the purchase invoices goes to the bank import, which keeps its document', async () => {
    // Prepare
    const statement = mt940?.bytes as Uint8Array;
    const { s3, documents, receive } = setup();
    // Act
    const outcome = await receive('DEMO/purchase/export', statement, 'text/plain');
    // Assess: handed over; no invoice record under the id the bank import will use for the same bytes
    expect(outcome).toMatchObject({ status: 'queued', documentId: `doc_${sha256(statement)}` });
    expect(s3.keys(MAILBOX, 'DEMO/bank/')).toEqual([bankHandoverKey('DEMO', sha256(statement), 'export')]);
    expect(documents.records.size).toBe(0);
    expect(s3.keys(ARCHIVE)).toEqual([]);
  });

  it('a mail that is neither keeps the clear error and hands nothing over', async () => {
    // Prepare
    const mail = bankMail([
      { filename: 'logo.png', contentType: 'image/png', content: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
    ]);
    const { s3, documents, receive } = setup();
    // Act
    const outcome = await receive('DEMO/inbox-email/ses-neither', mail);
    // Assess
    expect(outcome.status).toBe('rejected');
    expect(outcome.handedOver).toBeUndefined();
    expect(s3.keys(MAILBOX, 'DEMO/bank/')).toEqual([]);
    expect((await documents.get(outcome.documentId as string))?.errors?.[0]).toMatchObject({
      rule: 'EMAIL-NO-INVOICE',
    });
  });

  it('a statement for an administration the bank import does not serve is rejected with the reason, not lost', async () => {
    // Prepare
    const statement = camt?.bytes as Uint8Array;
    const mail = bankMail([{ filename: 'camt.xml', content: statement }]);
    const { s3, documents, receive } = setup({ bankImportAdministrations: ['OTHER'] });
    // Act
    const outcome = await receive('DEMO/inbox-email/ses-unserved', mail);
    // Assess
    const doc = await documents.get(outcome.documentId as string);
    expect(outcome.status).toBe('rejected');
    expect(s3.keys(MAILBOX, 'DEMO/bank/')).toEqual([]);
    expect(doc?.errors?.[0]).toMatchObject({ rule: 'MAILBOX-BANK-NOT-SERVED', value: 'DEMO' });
    expect(doc?.errors?.[0]?.message).toMatch(/camt\.xml \(camt053\).*DEMO/);
    expect(Buffer.from(s3.get(ARCHIVE, doc?.source.document?.key as string)?.body ?? [])).toEqual(
      Buffer.from(mail),
    );
  });

  it('with an invoice beside it, an undeliverable statement still shows as an error on the booked mail', async () => {
    // Prepare
    const mail = bankMail([
      { filename: 'factuur.xml', contentType: 'application/xml', content: invoice },
      { filename: 'camt.xml', content: camt?.bytes as Uint8Array },
    ]);
    const { documents, receive } = setup({ bankImportAdministrations: [] });
    // Act
    const outcome = await receive('DEMO/inbox-email/ses-mixed-unserved', mail);
    // Assess
    expect(outcome.status).toBe('queued');
    expect((await documents.get(outcome.documentId as string))?.errors).toEqual([
      expect.objectContaining({ rule: 'MAILBOX-BANK-NOT-SERVED' }),
    ]);
  });
});
