import type { NormalizedEvent } from '../../../events/index.ts';
import { createInvoiceMailboxHandler } from '../../../functions/invoice-mailbox/invoice-mailbox-handler.ts';
import { CashSimulator } from '../../../lib/cash/simulator/index.ts';
import { DocumentStore } from '../../../lib/documents/index.ts';
import { InvoiceMailboxIntake, type MailboxIntakeDeps } from '../../../lib/intake/index.ts';
import {
  DynamoDuplicateRegistry,
  DynamoLedgerMemory,
  type InvoiceContext,
  type InvoiceResult,
  inMemoryInvoiceContext,
  invoiceSettings,
  MirrorPartyDirectory,
  processInvoiceFile,
} from '../../../lib/invoices/index.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { MirrorStore } from '../../../lib/mirror/index.ts';
import { EventPublisher } from '../../../lib/runtime/event-publisher.ts';
import { observability } from '../../../lib/runtime/powertools.ts';
import type { CashWriter } from '../../../lib/writer/index.ts';
import { corpusFiles, readCorpusFile } from '../../support/corpus.ts';
import {
  connectorBuckets,
  drainEvents,
  putMailboxObject,
  quietPowertools,
  readObject,
  type TestResources,
  testCashWriter,
  testResources,
} from '../helpers.ts';

export const corpus = corpusFiles('ubl', { ext: '.xml' });
export const readCorpus = (file: string) => readCorpusFile('ubl', file);

type InvoiceSettingsInput = NonNullable<Parameters<typeof invoiceSettings>[0]>;

export const TENANT = 'acme';
export const ADM = 'DEMO';
const KEY = 'mailbox-test-key';
export const EVENT_TIME = '2026-03-14T10:00:00.000Z';

/** What the pure logic makes of a file with fresh in-memory stores: the expectation for one upload. */
export function expected(bytes: Uint8Array, filename: string): Promise<InvoiceResult> {
  return processInvoiceFile(
    { bytes, filename, direction: 'purchase', administration: ADM, tenant: TENANT },
    inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
  );
}

/** Corpus invoices the pure logic books (status ok, EUR, a supplier VAT id), chosen by content, not name. */
export async function bookableInvoices(): Promise<
  { file: string; bytes: Uint8Array; result: InvoiceResult }[]
> {
  const found = [];
  for (const file of corpus) {
    const bytes = readCorpus(file);
    const result = await expected(bytes, file);
    if (result.status === 'ok' && result.party?.vatId && result.currency === 'EUR')
      found.push({ file, bytes, result });
  }
  return found;
}

export interface MailboxFixture {
  res: TestResources;
  mailbox: string;
  archive: string;
  documents: DocumentStore;
  handler: ReturnType<typeof createInvoiceMailboxHandler>;
  sim: CashSimulator;
  writer: CashWriter;
  settings: InvoiceSettingsInput;
  /** Settings and the DynamoDB-backed stores for one administration. */
  context(administration: string): InvoiceContext;
  /** An intake like the handler's, with some dependencies replaced. */
  intake(overrides?: Partial<MailboxIntakeDeps>): InvoiceMailboxIntake;
  upload(
    key: string,
    bytes: Uint8Array,
    contentType?: string,
  ): ReturnType<ReturnType<typeof createInvoiceMailboxHandler>>;
  archived(key: string): Promise<Uint8Array>;
  drain(): Promise<NormalizedEvent[]>;
  stop(): Promise<void>;
}

/** Fresh tables, queue, buckets, handler and a CASH simulator with the DEMO administration. */
export async function mailboxFixture(settings: InvoiceSettingsInput = {}): Promise<MailboxFixture> {
  quietPowertools();
  const res = await testResources();
  const { mailbox, archive } = await connectorBuckets(res.clients.s3, 'invoice');
  const documents = new DocumentStore(res.clients.documents, res.documentsTable);
  const fixture = { settings } as MailboxFixture;
  const context = (administration: string): InvoiceContext => {
    const scope = { tenant: TENANT, administration };
    return {
      settings: invoiceSettings(fixture.settings),
      parties: new MirrorPartyDirectory(
        new MirrorStore(res.clients.documents, res.mirrorTable),
        administration,
      ),
      ledgerMemory: new DynamoLedgerMemory(res.clients.documents, res.mirrorTable, scope),
      duplicates: new DynamoDuplicateRegistry(res.clients.documents, res.mirrorTable, scope),
    };
  };
  const intake = (overrides: Partial<MailboxIntakeDeps> = {}) =>
    new InvoiceMailboxIntake({
      tenant: TENANT,
      administrations: [ADM],
      s3: res.clients.s3,
      archiveBucket: archive,
      documents,
      documentsClient: res.clients.documents,
      documentsTable: res.documentsTable,
      publisher: new EventPublisher(res.clients.sqs, res.queue.queueUrl, documents),
      context,
      ...overrides,
    });
  const handler = createInvoiceMailboxHandler({
    observability: observability('invoice-mailbox-test'),
    intake: async () => intake(),
  });
  const sim = new CashSimulator({ apiKeys: { [KEY]: [ADM] }, rateLimitPerMinute: 0 });
  const baseUrl = await sim.start();
  const writer = testCashWriter(res, {
    tenant: TENANT,
    connections: { [ADM]: { baseUrl, apiKey: KEY, timeoutMs: 5_000, pollIntervalMs: 10 } },
    leaseMs: 2_000,
    minRemainingMs: 0,
  });
  return Object.assign(fixture, {
    context,
    intake,
    res,
    mailbox,
    archive,
    documents,
    handler,
    sim,
    writer,
    async upload(key: string, bytes: Uint8Array, contentType?: string) {
      const event = await putMailboxObject(res.clients.s3, mailbox, key, bytes, {
        eventTime: EVENT_TIME,
        ...(contentType ? { contentType } : {}),
      });
      return handler(event, lambdaContext('invoice-mailbox', 60_000));
    },
    archived: (key: string) => readObject(res.clients.s3, archive, key),
    drain: () => drainEvents(res),
    async stop() {
      await sim.stop();
    },
  });
}
