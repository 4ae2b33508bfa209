import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JournalEntryBook, NormalizedEvent } from '../../../events/index.ts';
import {
  applyInvoiceCorrection,
  type DuplicateRegistry,
  type InvoiceResult,
} from '../../../lib/invoices/index.ts';
import { MirrorStore } from '../../../lib/mirror/index.ts';
import { mimeMail } from '../../support/mail.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';
import { buildPdf } from '../../unit/invoices/helpers.ts';
import { putMailboxObject } from '../helpers.ts';
import { ADM, bookableInvoices, EVENT_TIME, type MailboxFixture, mailboxFixture } from './mailbox-fixture.ts';

let fx: MailboxFixture;
let invoices: { file: string; bytes: Uint8Array; result: InvoiceResult }[];
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytesOf = (value: string) => new TextEncoder().encode(value);

/** The same invoice in other bytes: a comment after the root element changes the file, not the invoice. */
const resent = (bytes: Uint8Array, tag: string) => bytesOf(`${text(bytes).trimEnd()}\n<!-- ${tag} -->\n`);

/** Another invoice of the same supplier: the first ID element (the invoice number, BT-1) replaced. */
function withNumber(bytes: Uint8Array, number: string): Uint8Array {
  return bytesOf(text(bytes).replace(/(<cbc:ID[^>]*>)[^<]*(<\/cbc:ID>)/, `$1${number}$2`));
}

function entryOf(events: NormalizedEvent[]): JournalEntryBook {
  const event = events.find((e) => e.type === 'journal-entry.book');
  if (event?.type !== 'journal-entry.book') throw new Error('no journal entry among the events');
  return event.data;
}

const creditorLine = (entry: JournalEntryBook) => entry.lines.find((l) => l.invoiceNumber !== undefined);

beforeAll(async () => {
  fx = await mailboxFixture({ allowNewRelations: false });
  invoices = await bookableInvoices();
  // Distinct suppliers, so scenarios do not see each other's invoices as duplicates.
  const seen = new Set<string>();
  invoices = invoices.filter((i) => {
    const vat = i.result.party?.vatId?.replace(/[^A-Z0-9]/gi, '').toUpperCase() as string;
    if (seen.has(vat)) return false;
    seen.add(vat);
    return true;
  });
  expect(invoices.length).toBeGreaterThanOrEqual(3);
  // The CASH mirror knows the suppliers as existing CASH crediteuren of the demo administration.
  const relationNumbers = fx.sim.relations(ADM).map((r) => String(r.number));
  await new MirrorStore(fx.res.clients.documents, fx.res.mirrorTable).replace(
    ADM,
    'relations',
    invoices.map((i, n) => ({
      relationNumber: relationNumbers[n % relationNumbers.length],
      name: i.result.party?.name ?? 'Leverancier',
      vatId: i.result.party?.vatId,
    })),
    EVENT_TIME,
  );
});

afterAll(async () => {
  await fx?.stop();
});

describeWithCorpus('invoice-mailbox scenarios on the emulators', () => {
  it('books a mirror-known supplier under its relation number; CASH gets a balanced entry with the payable as crediteur line', async () => {
    // Prepare
    const invoice = invoices[0] as (typeof invoices)[number];
    const relationNumber = String(fx.sim.relations(ADM)[0]?.number);
    // Act
    const answer = await fx.upload(`${ADM}/purchase/${invoice.file}`, invoice.bytes, 'application/xml');
    const events = await fx.drain();
    const outcomes = await fx.writer.write(events);
    // Assess
    expect(answer.outcomes[0]?.status).toBe('queued');
    const entry = entryOf(events);
    const creditor = creditorLine(entry);
    expect(creditor?.relationNumber).toBe(relationNumber);
    expect(creditor?.ledgerAccount).toBe('1600');
    expect(creditor?.amountCents).toBe(-(invoice.result.totals?.payableCents as number));
    expect(entry.lines.reduce((sum, l) => sum + l.amountCents, 0)).toBe(0);
    expect(outcomes.map((o) => o.outcome)).toEqual(events.map(() => 'booked'));
    const booked = fx.sim.state(ADM).boekstukken.at(-1);
    expect(booked?.lines.reduce((sum, l) => sum + l.amountCents, 0)).toBe(0);
    expect(
      booked?.lines.some(
        (l) => l.relationNumber !== undefined && Number(l.relationNumber) === Number(relationNumber),
      ),
    ).toBe(true);
    expect((await fx.documents.get(events[0]?.id as string))?.status).toBe('booked');
  });

  it('marks the same invoice duplicate when it comes again inside a PDF or as another file, pointing at the first', async () => {
    // Prepare
    const invoice = invoices[0] as (typeof invoices)[number];
    const first = `doc_${sha(invoice.bytes)}`;
    const pdf = buildPdf({ lines: ['Factuur'], files: [{ name: 'factuur.xml', content: invoice.bytes }] });
    // Act
    const asPdf = await fx.upload(`${ADM}/purchase/factuur.pdf`, pdf, 'application/pdf');
    const asOtherFile = await fx.upload(`${ADM}/purchase/again.xml`, resent(invoice.bytes, 'resent'));
    const sameBytes = await fx.upload(`${ADM}/purchase/copy of ${invoice.file}`, invoice.bytes);
    const events = await fx.drain();
    // Assess
    expect(events).toEqual([]);
    for (const answer of [asPdf, asOtherFile]) {
      const doc = await fx.documents.get(answer.outcomes[0]?.documentId as string);
      expect(doc?.status).toBe('duplicate');
      expect(doc?.duplicateOf).toBe(first);
    }
    // The very same bytes are the same document: not taken in again, its status untouched.
    expect(sameBytes.outcomes[0]).toMatchObject({ documentId: first, status: 'duplicate' });
    expect((await fx.documents.get(first))?.status).toBe('queued');
  });

  it('lets only one of two concurrent deliveries of one invoice through', async () => {
    // Prepare
    const invoice = invoices[1] as (typeof invoices)[number];
    const a = resent(invoice.bytes, 'a');
    const b = resent(invoice.bytes, 'b');
    // Act
    const answers = await Promise.all([
      fx.upload(`${ADM}/purchase/race-a.xml`, a),
      fx.upload(`${ADM}/purchase/race-b.xml`, b),
    ]);
    const events = await fx.drain();
    // Assess
    const statuses = answers.map((x) => x.outcomes[0]?.status).sort();
    expect(statuses).toEqual(['duplicate', 'queued']);
    expect(events.filter((e) => e.type === 'journal-entry.book')).toHaveLength(1);
  });

  it('marks a delivery duplicate when another one claimed the invoice between its check and its claim', async () => {
    // Prepare: the invoice is taken in; a second copy's first check runs as if just before that claim.
    expect(invoices.length).toBeGreaterThanOrEqual(4);
    const invoice = invoices[3] as (typeof invoices)[number];
    const first = await fx.upload(`${ADM}/purchase/first.xml`, invoice.bytes);
    await fx.drain();
    const late = (registry: DuplicateRegistry): DuplicateRegistry => {
      let blind = true;
      return {
        seen: async (key) => (blind ? undefined : registry.seen(key)),
        remember: async (key, documentId) => {
          try {
            await registry.remember(key, documentId);
          } catch (error) {
            blind = false;
            throw error;
          }
        },
      };
    };
    const intake = fx.intake({
      context: (administration) => {
        const ctx = fx.context(administration);
        return { ...ctx, duplicates: late(ctx.duplicates) };
      },
    });
    const copy = resent(invoice.bytes, 'late');
    await putMailboxObject(fx.res.clients.s3, fx.mailbox, `${ADM}/purchase/late.xml`, copy);
    // Act
    const outcome = await intake.receive({
      bucket: fx.mailbox,
      rawKey: `${ADM}/purchase/late.xml`,
      eventTime: EVENT_TIME,
    });
    // Assess
    expect(outcome.status).toBe('duplicate');
    const doc = await fx.documents.get(outcome.documentId as string);
    expect(doc?.duplicateOf).toBe(first.outcomes[0]?.documentId);
    expect(await fx.drain()).toEqual([]);
  });

  it('rejects a file larger than the limit without reading it, leaving it in the mailbox', async () => {
    // Prepare
    const intake = fx.intake({ maxObjectBytes: 1024 });
    const key = `${ADM}/purchase/huge.xml`;
    await putMailboxObject(fx.res.clients.s3, fx.mailbox, key, new Uint8Array(4096).fill(60));
    // Act
    const outcome = await intake.receive({ bucket: fx.mailbox, rawKey: key, eventTime: EVENT_TIME });
    // Assess
    const doc = await fx.documents.get(outcome.documentId as string);
    expect(doc?.status).toBe('rejected');
    expect(doc?.errors?.[0]).toMatchObject({ rule: 'MAILBOX-SIZE', value: 4096 });
    expect(doc?.source.document).toEqual({ bucket: fx.mailbox, key });
  });

  it('books an e-mail to the sales address as a sales invoice', async () => {
    // Prepare
    const invoice = invoices[3] as (typeof invoices)[number];
    const mail = mimeMail({
      to: `Verkoop <${ADM.toLowerCase()}-sales@mail.example.nl>`,
      attachments: [{ filename: 'factuur.xml', contentType: 'application/xml', content: invoice.bytes }],
    });
    // Act
    const answer = await fx.upload(`${ADM}/inbox-email/ses-message-id-2`, mail);
    await fx.drain();
    // Assess
    const doc = await fx.documents.get(answer.outcomes[0]?.documentId as string);
    expect(doc?.result).toMatchObject({ direction: 'sales' });
    expect(['queued', 'review']).toContain(doc?.status);
  });

  it('takes a UBL invoice out of an e-mail on the single address and archives its parts', async () => {
    // Prepare
    const invoice = invoices[2] as (typeof invoices)[number];
    const mail = mimeMail({
      to: `${ADM.toLowerCase()}@mail.example.nl`,
      attachments: [{ filename: 'factuur.xml', contentType: 'application/xml', content: invoice.bytes }],
    });
    // Act
    const answer = await fx.upload(`${ADM}/inbox-email/ses-message-id-1`, mail);
    const events = await fx.drain();
    // Assess
    const doc = await fx.documents.get(answer.outcomes[0]?.documentId as string);
    expect(doc?.status).toBe('queued');
    expect(await fx.archived(doc?.source.document?.key as string)).toEqual(mail);
    expect(doc?.result).toMatchObject({ direction: 'purchase', source: expect.stringMatching(/^email>/) });
    const entry = entryOf(events);
    expect(entry.journal).toBe('INK');
    for (const attachment of entry.attachments ?? []) {
      const stored = await fx.archived(attachment.location.key as string);
      expect(stored.byteLength).toBe(attachment.bytes);
    }
  });

  it('learns a corrected ledger account for the supplier and uses it on its next invoice', async () => {
    // Prepare: a booked invoice of a known supplier, corrected by a person through the partner API.
    const invoice = invoices[1] as (typeof invoices)[number];
    const racers = await Promise.all(
      ['a', 'b'].map((tag) => fx.documents.get(`doc_${sha(resent(invoice.bytes, tag))}`)),
    );
    const winner = racers.find((doc) => doc?.status === 'queued')?.eventIds?.[0] as string;
    // Act
    const learned = await applyInvoiceCorrection(
      { client: fx.res.clients.documents, mirrorTable: fx.res.mirrorTable, documents: fx.documents },
      { tenant: 'acme', administration: ADM, documentId: winner, ledgerAccount: '4100', costCentre: 'ALG' },
    );
    const next = await fx.upload(`${ADM}/purchase/next.xml`, withNumber(invoice.bytes, 'NEXT-2026-1'));
    const events = await fx.drain();
    // Assess
    expect(learned.relationKey).toMatch(/^rel:\d+$/);
    expect(next.outcomes[0]?.status).toBe('queued');
    const costLines = entryOf(events).lines.filter(
      (l) => l.invoiceNumber === undefined && l.vatCode !== undefined,
    );
    expect(costLines.length).toBeGreaterThan(0);
    expect(costLines.some((l) => l.ledgerAccount === '4100' && l.costCentre === 'ALG')).toBe(true);
  });

  it.each([
    [
      'billion laughs',
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><Invoice>&b;</Invoice>',
    ],
    [
      'external entity',
      '<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x SYSTEM "file:///etc/passwd">]><Invoice>&x;</Invoice>',
    ],
    ['binary junk', '\u0000\u0001\u00ff<<<>>>'],
    ['an empty file', ''],
  ])(
    'rejects hostile input (%s) as a document with findings; the handler does not throw',
    async (_, body) => {
      // Act
      const answer = await fx.upload(`${ADM}/purchase/hostile-${body.length}.xml`, bytesOf(body));
      const events = await fx.drain();
      // Assess
      const doc = await fx.documents.get(answer.outcomes[0]?.documentId as string);
      expect(doc?.status).toBe('rejected');
      expect(doc?.errors?.[0]?.rule).toMatch(/^XML-/);
      expect(events).toEqual([]);
    },
  );

  it.each([
    ['a folder the connector does not read', `${ADM}/elsewhere/x.xml`],
    ['an administration not served', 'OTHER/purchase/x.xml'],
    ['no folder at all', 'loose.xml'],
  ])('rejects a file under %s with a document error naming the key', async (_, key) => {
    // Act
    const answer = await fx.upload(key, bytesOf(`<Invoice>${key}</Invoice>`));
    // Assess
    const doc = await fx.documents.get(answer.outcomes[0]?.documentId as string);
    expect(doc?.status).toBe('rejected');
    expect(doc?.errors?.[0]).toMatchObject({ rule: 'MAILBOX-KEY', value: key });
    expect(await fx.archived(doc?.source.document?.key as string)).toEqual(
      bytesOf(`<Invoice>${key}</Invoice>`),
    );
  });
});

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
