import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, type JournalEntryBookEvent } from '../../../events/index.ts';
import { learn, makeDutchIban } from '../../../lib/bank/matching/index.ts';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import type { BankEntry } from '../../../lib/bank/statement.ts';
import {
  BankStatementImporter,
  bankEntryDocumentId,
  DynamoMatchMemory,
} from '../../../lib/bank/stores/index.ts';
import { LocalRateLimiter } from '../../../lib/cash/rate-limit/index.ts';
import { CashRestClient } from '../../../lib/cash/rest/cash-rest-client.ts';
import { CashSimulator } from '../../../lib/cash/simulator/index.ts';
import { type DocumentRecord, DocumentStore } from '../../../lib/documents/index.ts';
import { type MirrorOpenItem, MirrorStore, syncMirror } from '../../../lib/mirror/index.ts';
import { EventPublisher } from '../../../lib/runtime/event-publisher.ts';
import { type BankImportSettings, bankImportSettings } from '../../../lib/tenant/index.ts';
import type { CashWriter } from '../../../lib/writer/index.ts';
import { toCamt053 } from '../../support/bank/index.ts';
import {
  drainEvents,
  quietPowertools,
  type TestResources,
  testCashWriter,
  testResources,
} from '../helpers.ts';

quietPowertools();

const TENANT = 'acme';
const ADM = 'DEMO';
const KEY = 'no-double-booking-test-key';
const OWN_IBAN = makeDutchIban('ABNA', '0123456789');

let res: TestResources;
let sim: CashSimulator;
let writer: CashWriter;
let documents: DocumentStore;
let mirror: MirrorStore;
let memory: DynamoMatchMemory;
let importer: BankStatementImporter;
let settings: BankImportSettings;
let rereadFromCash: () => Promise<void>;
let payers = 0;

beforeAll(async () => {
  res = await testResources();
  sim = new CashSimulator({ apiKeys: { [KEY]: [ADM] }, rateLimitPerMinute: 0 });
  const baseUrl = await sim.start();
  mirror = new MirrorStore(res.clients.documents, res.mirrorTable);
  const client = new CashRestClient({
    baseUrl,
    apiKey: KEY,
    rateLimiter: new LocalRateLimiter({ limit: 10_000 }),
  });
  const exporter = (record: string, params?: string) =>
    client.exportRows(ADM, record, params ? [params] : []);
  expect((await syncMirror(ADM, exporter, mirror)).errors).toEqual([]);
  rereadFromCash = async () => {
    expect((await syncMirror(ADM, exporter, mirror, ['openItems'])).errors).toEqual([]);
  };
  documents = new DocumentStore(res.clients.documents, res.documentsTable);
  memory = new DynamoMatchMemory(res.clients.documents, res.mirrorTable, TENANT);
  const publisher = new EventPublisher(res.clients.sqs, res.queue.queueUrl, documents);
  importer = new BankStatementImporter({ tenant: TENANT, documents, publisher, memory, mirror });
  settings = bankImportSettings.parse({ accounts: { [OWN_IBAN]: { journal: 'ABN' } }, journal: 'ING' });
  writer = testCashWriter(res, {
    tenant: TENANT,
    connections: { [ADM]: { baseUrl, apiKey: KEY, timeoutMs: 2_000, pollIntervalMs: 10 } },
    leaseMs: 30_000,
    minRemainingMs: 0,
    // The writer re-reads open items at most once a minute; off here, so the mirror lags behind CASH as it
    // does inside that window, and the test says when CASH is re-read.
    refreshMirror: false,
  });
});

afterAll(async () => {
  await sim?.stop();
});

let invoices = 0;

/** A new sales invoice of `amountCents` for customer 100001, booked in CASH and re-read into the mirror. */
async function receivable(amountCents: number): Promise<MirrorOpenItem> {
  invoices++;
  const invoiceNumber = String(770_000 + invoices);
  const event = createEvent({
    tenant: TENANT,
    administration: ADM,
    type: 'journal-entry.book',
    source: { connector: 'partner-api', externalId: `invoice-${invoiceNumber}` },
    data: {
      journal: 'VRK',
      date: '2026-03-02',
      description: `Factuur ${invoiceNumber}`,
      lines: [
        {
          ledgerAccount: '1300',
          amountCents,
          relationNumber: '100001',
          invoiceNumber,
          dueDate: '2026-03-30',
        },
        { ledgerAccount: '8020', amountCents: -amountCents },
      ],
    },
  });
  expect((await writer.write([event])).map((o) => o.outcome)).toEqual(['booked']);
  await rereadFromCash();
  const item = (await mirror.read(ADM, 'openItems')).find((o) => o.invoiceNumber === invoiceNumber);
  if (!item) throw new Error(`invoice ${invoiceNumber} is not open in the mirror after the re-read`);
  return item;
}

/** A payer's IBAN the match memory learned for the item's relation (a person confirmed one line of it). */
async function learnedPayer(item: MirrorOpenItem): Promise<string> {
  payers++;
  const iban = makeDutchIban('RABO', String(300_000_000 + payers).padStart(10, '0'));
  await memory.update(ADM, (current) => ({
    memory: learn(current, {
      importId: `learned-${payers}`,
      entry: {
        importId: `learned-${payers}`,
        bookingDate: '2026-02-01',
        amountCents: 100,
        currency: 'EUR',
        counterpartyIban: iban,
      },
      relationNumber: item.relationNumber,
    }).memory,
    value: undefined,
  }));
  return iban;
}

/** One bank line paying `item` from `iban`, on `date`, as the bank's CAMT.053 file has it. */
function payment(item: MirrorOpenItem, iban: string, date: string): BankEntry {
  const xml = toCamt053(OWN_IBAN, [
    {
      importId: 'pending',
      bookingDate: date,
      amountCents: item.outstandingCents,
      currency: 'EUR',
      counterpartyIban: iban,
      counterpartyName: 'Klant',
      remittance: `Factuur ${item.invoiceNumber}`,
    },
  ]);
  const entry = parseStatementFile(Buffer.from(xml), `${date}.xml`).statements[0]?.entries[0];
  if (!entry) throw new Error('the statement has no line');
  return entry;
}

function importLines(...entries: BankEntry[]) {
  const statements = entries.map((entry, i) => ({
    ...parseStatementFile(Buffer.from(toCamt053(OWN_IBAN, [entry])), `s${i}.xml`).statements[0],
    entries: [entry],
  }));
  return importer.import(ADM, settings, statements as never);
}

function reasonsOf(review: DocumentRecord | undefined): string {
  return ((review?.result?.reasons ?? []) as string[]).join('; ');
}

/** Every line booked in CASH against the item (relation + invoice number), in cents. */
function bookedAgainst(item: MirrorOpenItem): number[] {
  return sim
    .boekstukken(ADM)
    .flatMap((boekstuk) => boekstuk.lines)
    .filter(
      (line) =>
        Number(line.relationNumber) === Number(item.relationNumber) &&
        line.invoiceNumber === item.invoiceNumber &&
        line.amountCents < 0,
    )
    .map((line) => line.amountCents);
}

describe('no double booking: a bank import knows the invoices recent bookings paid', () => {
  it('line 1 is booked against X; line 2 of the same amount from the same IBAN seconds later waits for review, and CASH has one settlement', async () => {
    // Prepare
    const x = await receivable(12_345);
    const iban = await learnedPayer(x);
    const line1 = payment(x, iban, '2026-03-10');
    const line2 = payment(x, iban, '2026-03-11');
    const booking1 = bankEntryDocumentId(TENANT, line1.importId);

    // Act: line 1 is imported and booked
    const first = await importLines(line1);
    const events = await drainEvents<JournalEntryBookEvent>(res);
    const outcomes = await writer.write(events);
    // Assess: booked against X; CASH's last re-read (in the mirror) still lists X, the open items do not
    expect(first.counts.auto).toBe(1);
    expect(outcomes.map((o) => o.outcome)).toEqual(['booked']);
    expect(events[0]?.data.lines).toContainEqual(
      expect.objectContaining({ relationNumber: x.relationNumber, invoiceNumber: x.invoiceNumber }),
    );
    const rows = (await mirror.readList(ADM, 'openItems')).rows;
    expect(rows.map((row) => row.invoiceNumber)).toContain(x.invoiceNumber);
    expect((await mirror.read(ADM, 'openItems')).map((item) => item.invoiceNumber)).not.toContain(
      x.invoiceNumber,
    );

    // Act: line 2, same amount, same IBAN
    const second = await importLines(line2);
    const secondEvents = await drainEvents(res);
    // Assess: nothing booked against X; the review names the invoice and the line and booking that paid it
    expect(second.counts.auto).toBe(0);
    expect(secondEvents).toEqual([]);
    const review = await documents.get(second.reviewIds[0] as string);
    expect(review?.status).toBe('review');
    expect(reasonsOf(review)).toContain(
      `invoice ${x.invoiceNumber} of relation ${x.relationNumber} is already settled by bank line ${line1.importId}, booking ${booking1}`,
    );

    // Act: the booking redelivered, then CASH's re-read, then line 2 decided again
    expect((await writer.write(events)).map((o) => o.outcome)).toEqual(['duplicate']);
    await rereadFromCash();
    const again = await importLines(line2);
    // Assess: exactly one settlement of X in CASH, none in the queue, X gone from the mirror
    expect(bookedAgainst(x)).toEqual([-x.outstandingCents]);
    expect(sim.openItems(ADM).some((o) => o.invoiceNumber === x.invoiceNumber)).toBe(false);
    expect(again.counts.auto).toBe(0);
    expect(await drainEvents(res)).toEqual([]);
    expect((await mirror.read(ADM, 'openItems')).map((item) => item.invoiceNumber)).not.toContain(
      x.invoiceNumber,
    );
  });

  it('a line still in the writer queue counts too: the next import does not book the same invoice', async () => {
    // Prepare
    const y = await receivable(23_456);
    const iban = await learnedPayer(y);
    const line1 = payment(y, iban, '2026-03-12');
    const line2 = payment(y, iban, '2026-03-13');
    // Act: line 1 queued, not yet written; line 2 arrives
    const first = await importLines(line1);
    const second = await importLines(line2);
    const events = await drainEvents(res);
    await writer.write(events);
    // Assess: only line 1 went to the writer; line 2 names line 1's booking
    expect(first.counts.auto).toBe(1);
    expect(second.counts.auto).toBe(0);
    expect(events.map((e) => e.id)).toEqual([bankEntryDocumentId(TENANT, line1.importId)]);
    const review = await documents.get(second.reviewIds[0] as string);
    expect(reasonsOf(review)).toContain(`already settled by bank line ${line1.importId}`);
    expect(bookedAgainst(y)).toEqual([-y.outstandingCents]);
  });

  it('two lines of one import never both settle the same invoice', async () => {
    // Prepare
    const z = await receivable(34_567);
    const iban = await learnedPayer(z);
    const line1 = payment(z, iban, '2026-03-14');
    const line2 = payment(z, iban, '2026-03-15');
    // Act
    const both = await importLines(line1, line2);
    const events = await drainEvents(res);
    await writer.write(events);
    // Assess
    expect(both.counts).toMatchObject({ auto: 1 });
    expect(events).toHaveLength(1);
    const review = await documents.get(both.reviewIds[0] as string);
    expect(reasonsOf(review)).toContain(
      `invoice ${z.invoiceNumber} of relation ${z.relationNumber} is already settled by line ${line1.importId}`,
    );
    expect(bookedAgainst(z)).toEqual([-z.outstandingCents]);
  });

  it('a booking CASH refuses gives its invoice back', async () => {
    // Prepare: the line's booking, in a form CASH refuses
    const w = await receivable(45_678);
    const iban = await learnedPayer(w);
    const line1 = payment(w, iban, '2026-03-16');
    await importLines(line1);
    const [event] = await drainEvents<JournalEntryBookEvent>(res);
    const refused = {
      ...event,
      data: {
        ...event?.data,
        // CASH wants relation and invoice number on every debtors line: this pair makes it refuse the boekstuk.
        lines: [
          ...(event?.data.lines ?? []),
          { ledgerAccount: '1300', amountCents: 1 },
          { ledgerAccount: '4900', amountCents: -1 },
        ],
      },
    };
    const pending = await mirror.read(ADM, 'openItems');
    // Act
    const outcomes = await writer.write([refused]);
    // Assess: refused; the invoice is open again for the next line
    expect(pending.map((item) => item.invoiceNumber)).not.toContain(w.invoiceNumber);
    expect(outcomes.map((o) => o.outcome)).toEqual(['rejected']);
    expect((await mirror.read(ADM, 'openItems')).map((item) => item.invoiceNumber)).toContain(
      w.invoiceNumber,
    );
  });
});
