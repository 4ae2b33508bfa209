import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntryBookEvent } from '../../../events/index.ts';
import { createBankImportHandler } from '../../../functions/bank-import/bank-import-handler.ts';
import type { BankFileResult } from '../../../lib/bank/file-import/index.ts';
import { makeDutchIban } from '../../../lib/bank/matching/index.ts';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import {
  BankStatementImporter,
  bankEntryDocumentId,
  DynamoMatchMemory,
} from '../../../lib/bank/stores/index.ts';
import { LocalRateLimiter } from '../../../lib/cash/rate-limit/index.ts';
import { CashRestClient } from '../../../lib/cash/rest/cash-rest-client.ts';
import type { HandedOverStatement } from '../../../lib/intake/index.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import {
  type MirrorOpenItem,
  type MirrorRelation,
  MirrorStore,
  syncMirror,
} from '../../../lib/mirror/index.ts';
import { EventPublisher } from '../../../lib/runtime/event-publisher.ts';
import { observability } from '../../../lib/runtime/powertools.ts';
import { bankImportSettings } from '../../../lib/tenant/index.ts';
import { toCamt053 } from '../../support/bank/index.ts';
import { bankMail } from '../../support/mail.ts';
import { withCorpus } from '../../support/needs-shared.ts';
import { readObject, s3PutEvent } from '../helpers.ts';
import { ADM, bookableInvoices, EVENT_TIME, type MailboxFixture, mailboxFixture } from './mailbox-fixture.ts';

const TENANT = 'acme';
const OWN_IBAN = makeDutchIban('ABNA', '0123456789');

let fx: MailboxFixture;
let bankImport: ReturnType<typeof createBankImportHandler>;
let receivable: { item: MirrorOpenItem; relation: MirrorRelation };

/** A bank's mail as SES writes it into the mailbox bucket, with one statement file attached. */
function sesMail(attachmentName: string, content: string | Uint8Array, subject = 'Dagafschrift'): Uint8Array {
  return bankMail([{ filename: attachmentName, content }], { subject });
}

/** The bank import's S3 notification for each handed-over key, as the bucket would send it; one result per key. */
async function bankImportSees(handedOver: HandedOverStatement[]): Promise<BankFileResult[]> {
  const event = s3PutEvent(
    fx.mailbox,
    handedOver.map((h) => encodeURIComponent(h.key).replace(/%2F/g, '/')),
    { eventTime: EVENT_TIME },
  );
  const out = (await bankImport(event, lambdaContext('bank-import', 60_000))) as { files: BankFileResult[] };
  return out.files;
}

beforeAll(async () => {
  fx = await mailboxFixture({ allowNewRelations: true });
  const mirror = new MirrorStore(fx.res.clients.documents, fx.res.mirrorTable);
  const client = new CashRestClient({
    baseUrl: fx.sim.baseUrl as string,
    apiKey: 'mailbox-test-key',
    rateLimiter: new LocalRateLimiter({ limit: 10_000 }),
  });
  const sync = await syncMirror(
    ADM,
    (record, params) => client.exportRows(ADM, record, params ? [params] : []),
    mirror,
  );
  expect(sync.errors).toEqual([]);
  const openItems = await mirror.read(ADM, 'openItems');
  const relations = await mirror.read(ADM, 'relations');
  const item = openItems.find((o) => o.outstandingCents > 0) as MirrorOpenItem;
  receivable = {
    item,
    relation: relations.find((r) => r.relationNumber === item.relationNumber) as MirrorRelation,
  };
  const publisher = new EventPublisher(fx.res.clients.sqs, fx.res.queue.queueUrl, fx.documents);
  bankImport = createBankImportHandler({
    observability: observability('bank-import-test'),
    tenant: TENANT,
    s3: fx.res.clients.s3,
    archiveBucket: fx.archive,
    documents: fx.documents,
    importer: new BankStatementImporter({
      tenant: TENANT,
      documents: fx.documents,
      publisher,
      memory: new DynamoMatchMemory(fx.res.clients.documents, fx.res.mirrorTable, TENANT),
      mirror,
    }),
    administrations: () => [ADM],
    settings: () =>
      bankImportSettings.parse({ accounts: { [OWN_IBAN]: { journal: 'ABN' } }, journal: 'ING' }),
  });
});

afterAll(async () => {
  await fx?.stop();
});

describe('a statement mailed to the single address reaches the bank import', () => {
  it('SES key without extension: handed over to <ADM>/bank/, imported, booked once in CASH', async () => {
    // Prepare: the customer pays an open invoice; the bank mails the day's camt.053
    const { item, relation } = receivable;
    const camt = toCamt053(OWN_IBAN, [
      {
        importId: 'pending',
        bookingDate: '2026-03-13',
        amountCents: item.outstandingCents,
        currency: 'EUR',
        counterpartyName: relation.name,
        remittance: `Factuur ${item.invoiceNumber}`,
      },
    ]);
    const [entry] = parseStatementFile(Buffer.from(camt)).statements[0]?.entries ?? [];
    const mail = sesMail('ATT00001.dat', camt);

    // Act: SES writes the message; the invoice mailbox takes it in
    const mailbox = await fx.upload(`${ADM}/inbox-email/4ni0p2c8u7sfq1bq6u2qv6l3a2s9jk0e5h7g1`, mail);
    const handedOver = mailbox.outcomes[0]?.handedOver ?? [];
    // Assess: the mail is done, the statement sits in the bank folder unchanged
    expect(mailbox.failed).toEqual([]);
    expect(mailbox.outcomes[0]?.status).toBe('queued');
    expect(handedOver.map((h) => [h.format, h.delivery])).toEqual([['camt053', 'handed-over']]);
    expect(handedOver[0]?.key).toMatch(new RegExp(`^${ADM}/bank/from-mail/[0-9a-f]{64}/ATT00001\\.dat$`));
    expect(
      Buffer.from(await readObject(fx.res.clients.s3, fx.mailbox, handedOver[0]?.key as string)),
    ).toEqual(Buffer.from(camt));
    expect(await fx.drain()).toEqual([]);

    // Act: the bank folder's notification runs the bank import
    const [file] = await bankImportSees(handedOver);
    const events = (await fx.drain()) as JournalEntryBookEvent[];
    // Assess: the line is booked automatically under the id of its import id; the mail links to the file
    expect(file?.status).toBe('queued');
    expect(file?.documentId).toBe(handedOver[0]?.documentId);
    expect(events.map((e) => e.id)).toEqual([bankEntryDocumentId(TENANT, entry?.importId as string)]);
    expect(events[0]?.data.lines).toContainEqual(
      expect.objectContaining({ relationNumber: item.relationNumber, invoiceNumber: item.invoiceNumber }),
    );
    const mailDoc = await fx.documents.get(mailbox.outcomes[0]?.documentId as string);
    expect(mailDoc?.result?.bankStatements).toEqual(handedOver);

    // Act: the writer books it in CASH
    const written = await fx.writer.write(events);
    // Assess
    expect(written.map((o) => o.outcome)).toEqual(['booked']);
    expect(
      fx.sim
        .openItems(ADM)
        .find((o) => o.relationNumber === item.relationNumber && o.invoiceNumber === item.invoiceNumber),
    ).toBeUndefined();

    // Act: the bank sends the same statement again in another mail; the Lambda also gets the first event again
    const resent = await fx.upload(
      `${ADM}/inbox-email/9zz0resent0000000000000000000000000000`,
      sesMail('camt.xml', camt, 'Herhaald'),
    );
    const redelivered = await fx.upload(`${ADM}/inbox-email/4ni0p2c8u7sfq1bq6u2qv6l3a2s9jk0e5h7g1`, mail);
    const resentFiles = await bankImportSees(resent.outcomes[0]?.handedOver ?? []);
    // Assess: nothing is booked twice
    expect(resent.outcomes[0]?.handedOver?.map((h) => h.delivery)).toEqual(['already-there']);
    expect(redelivered.outcomes[0]?.status).toBe('duplicate');
    expect(resentFiles[0]?.summary?.eventIds).toEqual([]);
    expect(await fx.drain()).toEqual([]);
  });

  it(
    'a mail with an invoice and an MT940 delivers both; a mail that is neither is rejected as before',
    withCorpus(),
    async () => {
      // Prepare: bank costs on an MT940 without a file name extension, beside a supplier's UBL invoice
      const mt940 = [
        ':20:STMT0314',
        `:25:${OWN_IBAN}`,
        ':28C:00071/1',
        ':60F:C260313EUR100,00',
        ':61:2603140314D12,50NTRFNONREF',
        ':86:/TRTP/SEPA OVERBOEKING/NAME/Bankkosten/REMI/Kosten maart/',
        ':62F:C260314EUR87,50',
        '',
      ].join('\r\n');
      const [invoice] = await bookableInvoices();
      if (!invoice) throw new Error('no bookable invoice in the UBL corpus');
      const both = bankMail(
        [
          { filename: invoice.file, contentType: 'application/xml', content: invoice.bytes },
          { filename: 'MT940', content: mt940 },
        ],
        { subject: 'Factuur en afschrift' },
      );
      const neither = sesMail(
        'logo.gif',
        new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]),
        'Nieuwsbrief',
      );

      // Act
      const mixed = await fx.upload(`${ADM}/inbox-email/mixed00000000000000000000000000000000000`, both);
      const invoiceEvents = await fx.drain();
      const files = await bankImportSees(mixed.outcomes[0]?.handedOver ?? []);
      const rejected = await fx.upload(
        `${ADM}/inbox-email/neither000000000000000000000000000000000`,
        neither,
      );

      // Assess: the invoice is booked as before, the statement is imported
      expect(mixed.outcomes[0]?.status).toBe('queued');
      expect(invoiceEvents.map((e) => e.id).sort()).toEqual([...(mixed.outcomes[0]?.eventIds ?? [])].sort());
      expect(invoiceEvents.some((e) => e.type === 'journal-entry.book')).toBe(true);
      expect(mixed.outcomes[0]?.handedOver?.map((h) => h.format)).toEqual(['mt940']);
      expect(files[0]?.summary?.counts).toMatchObject({ statements: 1, rejectedStatements: 0, entries: 1 });
      // Assess: neither an invoice nor a statement: today's clear error, nothing handed over
      expect(rejected.outcomes[0]?.status).toBe('rejected');
      expect(rejected.outcomes[0]?.handedOver).toBeUndefined();
      const doc = await fx.documents.get(rejected.outcomes[0]?.documentId as string);
      expect(doc?.errors?.[0]).toMatchObject({ rule: 'EMAIL-NO-INVOICE' });
      await fx.drain();
    },
  );
});
