import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntryBookEvent } from '../../../events/index.ts';
import { createBankImportHandler } from '../../../functions/bank-import/bank-import-handler.ts';
import type { BankFileResult, BankPullResult } from '../../../lib/bank/file-import/index.ts';
import { makeDutchIban } from '../../../lib/bank/matching/index.ts';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import type { BankEntry } from '../../../lib/bank/statement.ts';
import {
  applyBankCorrection,
  BankCorrectionError,
  BankStatementImporter,
  bankEntryDocumentId,
  DynamoMatchMemory,
  MatchMemoryConflictError,
} from '../../../lib/bank/stores/index.ts';
import { LocalRateLimiter } from '../../../lib/cash/rate-limit/index.ts';
import { CashRestClient } from '../../../lib/cash/rest/cash-rest-client.ts';
import { CashSimulator } from '../../../lib/cash/simulator/index.ts';
import { DocumentStore } from '../../../lib/documents/index.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import {
  type MirrorOpenItem,
  type MirrorRelation,
  MirrorStore,
  syncMirror,
} from '../../../lib/mirror/index.ts';
import { EventPublisher } from '../../../lib/runtime/event-publisher.ts';
import { observability } from '../../../lib/runtime/powertools.ts';
import { type BankImportSettings, bankImportSettings } from '../../../lib/tenant/index.ts';
import type { CashWriter } from '../../../lib/writer/index.ts';
import { toCamt053 } from '../../support/bank/index.ts';
import { BANK_FOLDERS, corpusPath, corpusSamples } from '../../support/corpus.ts';
import { mimeMail } from '../../support/mail.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';
import {
  connectorBuckets,
  drainEvents,
  putMailboxObject,
  quietPowertools,
  readOriginal,
  type TestResources,
  testCashWriter,
  testResources,
} from '../helpers.ts';

quietPowertools();

const corpusFiles = corpusSamples(BANK_FOLDERS);

const TENANT = 'acme';
const ADM = 'DEMO';
const KEY = 'bank-import-test-key';
/** Our own ABN AMRO account, booked in the demo administration's ABN journal. */
const OWN_IBAN = makeDutchIban('ABNA', '0123456789');

let res: TestResources;
let sim: CashSimulator;
let writer: CashWriter;
let documents: DocumentStore;
let mirror: MirrorStore;
let memory: DynamoMatchMemory;
let publisher: EventPublisher;
let mailbox: string;
let archive: string;
let settings: BankImportSettings;
let handler: ReturnType<typeof createBankImportHandler>;
let openItems: MirrorOpenItem[];
let relations: MirrorRelation[];
let uploads = 0;

beforeAll(async () => {
  res = await testResources();
  ({ mailbox, archive } = await connectorBuckets(res.clients.s3, 'bank'));
  sim = new CashSimulator({ apiKeys: { [KEY]: [ADM] }, rateLimitPerMinute: 0 });
  const baseUrl = await sim.start();
  mirror = new MirrorStore(res.clients.documents, res.mirrorTable);
  const client = new CashRestClient({
    baseUrl,
    apiKey: KEY,
    rateLimiter: new LocalRateLimiter({ limit: 10_000 }),
  });
  const sync = await syncMirror(
    ADM,
    (record, params) => client.exportRows(ADM, record, params ? [params] : []),
    mirror,
  );
  expect(sync.errors).toEqual([]);
  openItems = await mirror.read(ADM, 'openItems');
  relations = await mirror.read(ADM, 'relations');
  documents = new DocumentStore(res.clients.documents, res.documentsTable);
  memory = new DynamoMatchMemory(res.clients.documents, res.mirrorTable, TENANT);
  publisher = new EventPublisher(res.clients.sqs, res.queue.queueUrl, documents);
  settings = bankImportSettings.parse({ accounts: { [OWN_IBAN]: { journal: 'ABN' } }, journal: 'ING' });
  handler = bankImportHandler();
  writer = testCashWriter(res, {
    tenant: TENANT,
    connections: { [ADM]: { baseUrl, apiKey: KEY, timeoutMs: 2_000, pollIntervalMs: 10 } },
    leaseMs: 500,
    minRemainingMs: 0,
  });
});

afterAll(async () => {
  await sim?.stop();
});

/** The bank-import handler on the test's stores; `extra` adds or replaces dependencies (e.g. API sources). */
function bankImportHandler(
  extra: Partial<Parameters<typeof createBankImportHandler>[0]> = {},
): ReturnType<typeof createBankImportHandler> {
  return createBankImportHandler({
    observability: observability('bank-import-test'),
    tenant: TENANT,
    s3: res.clients.s3,
    archiveBucket: archive,
    documents,
    importer: new BankStatementImporter({ tenant: TENANT, documents, publisher, memory, mirror }),
    administrations: () => [ADM],
    settings: () => settings,
    ...extra,
  });
}

/** Uploads a file to `<ADM>/bank/` and invokes the handler with the S3 ObjectCreated event for it. */
async function importFile(name: string, body: Uint8Array | string): Promise<BankFileResult> {
  uploads++;
  const event = await putMailboxObject(res.clients.s3, mailbox, `${ADM}/bank/${uploads}-${name}`, body, {
    eventTime: '2026-03-15T10:00:00.000Z',
  });
  const result = (await handler(event, lambdaContext('bank-import', 60_000))) as {
    files: BankFileResult[];
    pulls: BankPullResult[];
  };
  return result.files[0] as BankFileResult;
}

/** Takes every message off the event queue and returns the events in them. */
const drainQueue = () => drainEvents<JournalEntryBookEvent>(res);

function line(overrides: Partial<BankEntry>): BankEntry {
  return {
    importId: 'pending',
    bookingDate: '2026-03-10',
    amountCents: 10_000,
    currency: 'EUR',
    ...overrides,
  };
}

/** A receivable of the demo administration with its relation (name, IBAN). */
function receivable(index = 0): { item: MirrorOpenItem; relation: MirrorRelation } {
  const items = openItems.filter((item) => item.outstandingCents > 0);
  const item = items[index];
  if (!item) throw new Error(`the demo administration has only ${items.length} open receivables`);
  return {
    item,
    relation: relations.find((r) => r.relationNumber === item.relationNumber) as MirrorRelation,
  };
}

describeWithCorpus('bank-import handler on the corpus', () => {
  it.each(corpusFiles)(
    '$folder/$name: archived unchanged, every statement and line accounted for',
    async ({ folder, name }) => {
      // Prepare
      const bytes = readFileSync(corpusPath(folder, name));
      const expected = parseStatementFile(bytes, name);
      const sha = createHash('sha256').update(bytes).digest('hex');
      // Act
      const result = await importFile(name, bytes);
      const events = await drainQueue();
      // Assess: the original is archived byte for byte
      const doc = await documents.get(`doc_${sha}`);
      expect(result.status).not.toBe('error');
      expect(doc?.source.document?.key).toMatch(new RegExp(`^originals/${ADM}/2026/03/${sha}/`));
      expect(doc?.source.document?.bucket).toBe(archive);
      expect(Buffer.from(await readOriginal(res.clients.s3, doc))).toEqual(Buffer.from(bytes));
      // Assess: statements that do not add up are rejected with the reason, the rest fully accounted for
      const summary = result.summary;
      if (expected.statements.length === 0) {
        expect(doc?.status).toBe('rejected');
        expect(doc?.errors?.length).toBeGreaterThan(0);
        return;
      }
      expect(summary?.statements.length).toBe(expected.statements.length);
      expected.statements.forEach((statement, index) => {
        const outcome = summary?.statements[index];
        if (statement.balanceCheck === 'mismatch') {
          expect(outcome?.status).toBe('rejected');
          expect(outcome?.reason).toMatch(/balance/);
        }
        if (outcome?.status === 'accepted') {
          expect(
            outcome.auto + outcome.suspense + outcome.proposals + outcome.none + outcome.alreadyHandled,
          ).toBe(statement.entries.length);
        }
      });
      const importIds = new Set(expected.statements.flatMap((s) => s.entries.map((e) => e.importId)));
      for (const event of events) {
        expect(importIds.has(event.source.externalId)).toBe(true);
        expect(event.id).toBe(bankEntryDocumentId(TENANT, event.source.externalId));
      }
      for (const id of summary?.reviewIds ?? []) expect((await documents.get(id))?.status).toBe('review');
    },
  );
});

describe('bank-import handler with the CASH mirror of the demo administration', () => {
  it('rejects a statement whose balances do not add up, with the reason, and books nothing', async () => {
    // Prepare
    const { item } = receivable(0);
    const xml = toCamt053(
      OWN_IBAN,
      [line({ amountCents: item.outstandingCents, remittance: item.invoiceNumber })],
      5_000,
    );
    const tampered = xml.replace(
      /(<Cd>CLBD<\/Cd><\/CdOrPrtry><\/Tp><Amt Ccy="EUR">)(\d+)\./,
      (_m, head, euros) => `${head}${Number(euros) + 1}.`,
    );
    expect(tampered).not.toBe(xml);
    // Act
    const result = await importFile('tampered.xml', tampered);
    const events = await drainQueue();
    // Assess
    expect(result.status).toBe('rejected');
    const doc = await documents.get(result.documentId as string);
    expect(doc?.errors?.[0]).toMatchObject({ source: 'validation', rule: 'balance' });
    expect(doc?.errors?.[0]?.message).toMatch(/balance/);
    expect(result.summary?.reviewIds).toEqual([]);
    expect(events).toEqual([]);
  });

  it('books a payment of a seeded open item with an id from its import id, once, and the writer pays it off in CASH', async () => {
    // Prepare
    const { item, relation } = receivable(1);
    const xml = toCamt053(OWN_IBAN, [
      line({
        amountCents: item.outstandingCents,
        counterpartyName: relation.name,
        ...(relation.iban ? { counterpartyIban: relation.iban } : {}),
        remittance: `Factuur ${item.invoiceNumber}`,
      }),
    ]);
    const [entry] = parseStatementFile(Buffer.from(xml), 'pay.xml').statements[0]?.entries ?? [];
    // Act
    const first = await importFile('pay.xml', xml);
    const events = await drainQueue();
    const again = await importFile('pay-again.xml', xml);
    const eventsAgain = await drainQueue();
    // Assess: one booking in the ABN journal, bank line plus debtor line with relation and invoice
    expect(first.status).toBe('queued');
    expect(events.map((e) => e.id)).toEqual([bankEntryDocumentId(TENANT, entry?.importId as string)]);
    const booking = events[0] as JournalEntryBookEvent;
    expect(booking.data.journal).toBe('ABN');
    expect(booking.data.lines[0]).toMatchObject({
      ledgerAccount: '1100',
      amountCents: item.outstandingCents,
    });
    expect(booking.data.lines).toContainEqual(
      expect.objectContaining({ relationNumber: item.relationNumber, invoiceNumber: item.invoiceNumber }),
    );
    // Assess: the same statement again hands the writer nothing new; its lines are the same ids
    expect(again.summary?.eventIds).toEqual([]);
    expect(again.summary?.alreadyHandledIds).toEqual(first.summary?.eventIds);
    expect(again.status).toBe('duplicate');
    expect(eventsAgain).toEqual([]);
    // Act: the writer books it in the simulator
    const outcomes = await writer.write(events);
    // Assess: the open item is paid off
    expect(outcomes.map((o) => o.outcome)).toEqual(['booked']);
    const stillOpen = sim
      .openItems(ADM)
      .find((o) => o.relationNumber === item.relationNumber && o.invoiceNumber === item.invoiceNumber);
    expect(stillOpen).toBeUndefined();
    const lineDocument = await documents.get(booking.id);
    expect(lineDocument?.status).toBe('booked');
    // Why it was booked stays with the line
    expect(lineDocument?.result).toMatchObject({ decision: 'auto', reason: 'booked automatically' });
    expect(((lineDocument?.result?.reasons ?? []) as string[]).length).toBeGreaterThan(0);
    expect(lineDocument?.fileDocumentId).toBe(first.documentId);
  });

  it('leaves a line it cannot decide alone as a review document with reasons; a correction changes the next decision', async () => {
    // Prepare: an unknown payer pays the exact amount of an open invoice without mentioning it
    const { item } = receivable(2);
    const payer = makeDutchIban('RABO', '0301234567');
    const unknown = (date: string) =>
      toCamt053(OWN_IBAN, [
        line({
          bookingDate: date,
          amountCents: item.outstandingCents,
          counterpartyIban: payer,
          counterpartyName: 'Q. Vermeer',
          remittance: 'betaling',
        }),
      ]);
    // Act
    const first = await importFile('unknown-1.xml', unknown('2026-03-11'));
    // Assess
    expect(first.status).toBe('review');
    const reviewId = first.summary?.reviewIds[0] as string;
    const review = await documents.get(reviewId);
    expect(review?.status).toBe('review');
    expect(review?.kind).toBe('event');
    expect(review?.fileDocumentId).toBe(first.documentId);
    expect(((review?.result?.reasons ?? []) as string[]).length).toBeGreaterThan(0);
    expect(review?.result?.decision).not.toBe('auto');
    expect(await drainQueue()).toEqual([]);

    // Act: a person says it pays this invoice
    const corrected = await applyBankCorrection(
      { tenant: TENANT, documents, publisher, memory, mirror, settings },
      {
        administration: ADM,
        importId: ((review?.result?.entry ?? {}) as BankEntry).importId,
        relationNumber: item.relationNumber,
        invoiceNumbers: [item.invoiceNumber],
      },
    );
    const booked = await drainQueue();
    // Assess: learned, booked under the line's own id
    expect(corrected.learned.map((fact) => fact.kind)).toContain('iban');
    expect(corrected.booking).toEqual({ status: 'queued', eventId: reviewId });
    expect(booked.map((e) => e.id)).toEqual([reviewId]);
    expect(booked[0]?.data.lines).toContainEqual(
      expect.objectContaining({ relationNumber: item.relationNumber, invoiceNumber: item.invoiceNumber }),
    );
    expect((await documents.get(reviewId))?.status).toBe('queued');

    // Act: the same payer again on another day, the same amount, while the corrected booking is queued
    const next = await importFile('unknown-2.xml', unknown('2026-03-25'));
    const nextEvents = await drainQueue();
    // Assess: the learned IBAN now names the relation, but the invoice is paid by the corrected line: a
    // second payment of it is not booked against it again (nothing booked twice), it waits with the reason
    expect(next.summary?.counts.auto).toBe(0);
    expect(nextEvents).toEqual([]);
    const second = await documents.get(next.summary?.reviewIds[0] as string);
    expect((second?.proposal as { relationNumber?: string } | undefined)?.relationNumber).toBe(
      item.relationNumber,
    );
    expect(((second?.result?.reasons ?? []) as string[]).join('; ')).toContain(
      `invoice ${item.invoiceNumber} of relation ${item.relationNumber} is already settled by bank line ${corrected.importId}, booking ${reviewId}`,
    );
  });

  it('books unmatched lines to the suspense account when the tenant has one', async () => {
    // Prepare
    const previous = settings;
    settings = { ...settings, suspenseAccount: '1900' };
    const xml = toCamt053(OWN_IBAN, [
      line({ amountCents: -1_234, counterpartyName: 'Onbekend', remittance: 'iets heel anders' }),
    ]);
    try {
      // Act
      const result = await importFile('suspense.xml', xml);
      const events = await drainQueue();
      // Assess
      expect(result.summary?.counts.suspense).toBe(1);
      expect(events[0]?.data.lines).toContainEqual(
        expect.objectContaining({ ledgerAccount: '1900', amountCents: 1_234 }),
      );

      // Act: a person says it was bank costs; the tenant moves corrected suspense lines in the memorial journal
      settings = { ...settings, memorialJournal: 'MEM' };
      const corrected = await applyBankCorrection(
        { tenant: TENANT, documents, publisher, memory, mirror, settings },
        { administration: ADM, importId: events[0]?.source.externalId as string, ledgerAccount: '4900' },
      );
      const moved = await drainQueue();
      // Assess: a new entry moves the amount from suspense to 4900; the suspense booking stands
      expect(corrected.booking.status).toBe('queued');
      expect(moved).toHaveLength(1);
      expect(moved[0]?.id).not.toBe(events[0]?.id);
      expect(moved[0]?.data.journal).toBe('MEM');
      expect(moved[0]?.data.lines.map((l) => [l.ledgerAccount, l.amountCents])).toEqual([
        ['1900', -1_234],
        ['4900', 1_234],
      ]);
      expect(corrected.learned.map((fact) => fact.kind)).toContain('rule-suggested');
    } finally {
      settings = previous;
    }
  });

  it('reads statements mailed as attachments and books them like uploaded files', async () => {
    // Prepare
    // The receivable of the rejected statement above: nothing booked it.
    const { item, relation } = receivable(0);
    const xml = toCamt053(OWN_IBAN, [
      line({
        bookingDate: '2026-03-20',
        amountCents: item.outstandingCents,
        counterpartyName: relation.name,
        remittance: `Factuur ${item.invoiceNumber}`,
      }),
    ]);
    const mail = mimeMail({
      from: 'bank@example.nl',
      subject: 'Dagafschrift',
      text: 'Bijgaand uw afschrift.',
      attachments: [{ filename: 'camt.xml', contentType: 'application/xml', content: xml }],
    });
    // Act
    const result = await importFile('afschrift.eml', mail);
    const events = await drainQueue();
    // Assess
    expect(result.summary?.counts.auto).toBe(1);
    expect((await documents.get(result.documentId as string))?.result?.attachments).toEqual(['camt.xml']);
    expect(events[0]?.data.lines).toContainEqual(
      expect.objectContaining({ invoiceNumber: item.invoiceNumber }),
    );
  });

  it('pulls from a bank API source on a schedule through the same import', async () => {
    // Prepare: a source that yields what a bank API would (here: paying a supplier), import ids by the file recipe
    const item = openItems.find((candidate) => candidate.outstandingCents < 0) as MirrorOpenItem;
    const relation = relations.find((r) => r.relationNumber === item.relationNumber) as MirrorRelation;
    const xml = toCamt053(OWN_IBAN, [
      line({
        bookingDate: '2026-03-21',
        amountCents: item.outstandingCents,
        counterpartyName: relation.name,
        remittance: `Factuur ${item.invoiceNumber}`,
      }),
    ]);
    const statements = parseStatementFile(Buffer.from(xml), 'api').statements;
    const since: string[] = [];
    const pulling = bankImportHandler({
      sources: () => [
        {
          name: 'test-api',
          fetch: async (from) => {
            since.push(from);
            return statements;
          },
        },
      ],
      now: () => new Date('2026-03-22T06:00:00Z'),
    });
    // Act
    const out = (await pulling({ sinceDays: 3 }, lambdaContext('bank-import', 10_000))) as {
      pulls: BankPullResult[];
    };
    const events = await drainQueue();
    // Assess
    expect(since).toEqual(['2026-03-19T06:00:00.000Z']);
    expect(out.pulls).toMatchObject([{ administration: ADM, source: 'test-api', status: 'imported' }]);
    expect(events.map((e) => e.source.externalId)).toEqual([statements[0]?.entries[0]?.importId]);
  });

  it('books the overlapping part of a later statement once: lines already handed over are skipped', async () => {
    // Prepare: a supplier paid on one day; the next export repeats that day and adds another line
    const item = openItems.filter((candidate) => candidate.outstandingCents < 0).at(-1) as MirrorOpenItem;
    const relation = relations.find((r) => r.relationNumber === item.relationNumber) as MirrorRelation;
    const paid = line({
      bookingDate: '2026-03-26',
      amountCents: item.outstandingCents,
      counterpartyName: relation.name,
      remittance: `Factuur ${item.invoiceNumber}`,
    });
    const extra = line({
      bookingDate: '2026-03-27',
      amountCents: 4_200,
      counterpartyName: 'Onbekende Klant',
    });
    // Act
    const first = await importFile('day-1.xml', toCamt053(OWN_IBAN, [paid]));
    const firstEvents = await drainQueue();
    const second = await importFile('days-1-2.xml', toCamt053(OWN_IBAN, [paid, extra]));
    const secondEvents = await drainQueue();
    // Assess
    expect(first.summary?.counts.auto).toBe(1);
    expect(firstEvents).toHaveLength(1);
    expect(second.summary?.alreadyHandledIds).toEqual(first.summary?.eventIds);
    expect(second.summary?.counts).toMatchObject({ alreadyHandled: 1, none: 1, auto: 0 });
    expect(secondEvents).toEqual([]);
  });

  it('refuses a correction naming an invoice that is not open, and learns nothing from it', async () => {
    // Prepare
    const before = await memory.load(ADM);
    const xml = toCamt053(OWN_IBAN, [
      line({ bookingDate: '2026-03-23', amountCents: 777, counterpartyName: 'X' }),
    ]);
    const result = await importFile('wrong.xml', xml);
    const review = await documents.get(result.summary?.reviewIds[0] as string);
    const importId = ((review?.result?.entry ?? {}) as BankEntry).importId;
    // Act
    const attempt = applyBankCorrection(
      { tenant: TENANT, documents, publisher, memory, mirror, settings },
      { administration: ADM, importId, relationNumber: '1', invoiceNumbers: ['NOPE-1'] },
    );
    // Assess
    await expect(attempt).rejects.toThrow(BankCorrectionError);
    await expect(attempt).rejects.toThrow(/NOPE-1/);
    expect((await memory.load(ADM)).version).toBe(before.version);
    expect(await drainQueue()).toEqual([]);
  });

  it('saves the match memory only on top of the version it was loaded at', async () => {
    // Prepare
    const loaded = await memory.load('CONC');
    // Act
    const first = await memory.save('CONC', loaded.memory, loaded.version);
    const second = memory.save('CONC', loaded.memory, loaded.version);
    // Assess
    await expect(second).rejects.toThrow(MatchMemoryConflictError);
    const updated = await memory.update('CONC', (current) => ({
      memory: { ...current, denyList: { ...current.denyList, ibans: ['NL91ABNA0417164300'] } },
      value: 'ok',
    }));
    expect(updated.version).toBe(first + 1);
    expect((await memory.load('CONC')).memory.denyList.ibans).toEqual(['NL91ABNA0417164300']);
  });

  it('records a file for an administration the connector does not serve as rejected', async () => {
    // Act
    const event = await putMailboxObject(res.clients.s3, mailbox, 'OTHER/bank/x.sta', ':20:X', {
      eventTime: '2026-03-01T00:00:00Z',
    });
    const out = (await handler(event, lambdaContext('bank-import', 10_000))) as { files: BankFileResult[] };
    // Assess
    expect(out.files[0]?.status).toBe('rejected');
    expect(out.files[0]?.message).toMatch(/OTHER/);
  });
});
