import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntryBookEvent } from '../../../events/index.ts';
import { documentsRoutes, S3OriginalStore } from '../../../lib/app-api/documents/index.ts';
import { AppRouter } from '../../../lib/app-api/index.ts';
import { invoiceBookingExternalId, reviewRoutes } from '../../../lib/app-api/review/index.ts';
import { DocumentStore } from '../../../lib/documents/index.ts';
import { EventFileLinks } from '../../../lib/intake/event-file-links.ts';
import { DynamoLedgerMemory } from '../../../lib/invoices/stores/index.ts';
import { CorrectionStore, InvoiceLedgerLearner } from '../../../lib/partner-api/index.ts';
import { EventPublisher } from '../../../lib/runtime/event-publisher.ts';
import { fakeVerifier, InMemoryDocuments, parse, request, TENANT } from '../../unit/app-api/fixtures.ts';
import { INVOICE_ID, PROPOSAL } from '../../unit/app-api/review-fixtures.ts';
import {
  type ConnectorBuckets,
  connectorBuckets,
  drainEvents,
  type TestResources,
  testResources,
} from '../helpers.ts';

const ORIGINAL_KEY = 'originals/DEMO/2026-03/f-2026-014.xml';
const ORIGINAL =
  '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">F-2026-014</Invoice>';

let res: TestResources;
let buckets: ConnectorBuckets;
let documents: DocumentStore;
let corrections: CorrectionStore;
let api: AppRouter;

beforeAll(async () => {
  res = await testResources();
  buckets = await connectorBuckets(res.clients.s3, 'app');
  documents = new DocumentStore(res.clients.documents, res.documentsTable);
  corrections = new CorrectionStore(res.clients.documents, res.documentsTable);
  const services = {
    tenant: TENANT,
    // The index (lib/documents DocumentQueries) is another team's; the actions here read the real store.
    queries: new InMemoryDocuments(),
    documents,
    publisher: new EventPublisher(res.clients.sqs, res.queue.queueUrl, documents),
    corrections,
    learners: [
      new InvoiceLedgerLearner({ client: res.clients.documents, mirrorTable: res.mirrorTable, documents }),
    ],
    links: new EventFileLinks(res.clients.documents, res.documentsTable),
    originals: new S3OriginalStore(res.clients.s3, [buckets.archive, buckets.mailbox]),
  };
  api = new AppRouter({
    routes: [...reviewRoutes(services), ...documentsRoutes(services)],
    verifier: fakeVerifier,
    tenant: TENANT,
    administrations: ['DEMO', 'TWEE'],
  });
  await res.clients.s3.send(
    new PutObjectCommand({
      Bucket: buckets.archive,
      Key: ORIGINAL_KEY,
      Body: ORIGINAL,
      ContentType: 'application/xml',
    }),
  );
  // The file as the invoice connector leaves it when it needs review (mailbox-intake: transition to review).
  await documents.transition(
    INVOICE_ID,
    'review',
    {
      id: INVOICE_ID,
      kind: 'file',
      tenant: TENANT,
      administration: 'DEMO',
      type: 'invoice-file',
      source: {
        connector: 'invoice-mailbox',
        externalId: 'DEMO/purchase/f-2026-014.xml',
        document: { bucket: buckets.archive, key: ORIGINAL_KEY },
      },
      payloadHash: 'file-hash',
      attempts: 0,
      createdAt: '2026-03-14T08:00:00.000Z',
      relationKey: 'rel:2001',
      result: {
        direction: 'purchase',
        invoiceNumber: 'F-2026-014',
        dedupKey: 'purchase|380|rel:2001|F2026014',
        reviewReasons: ['the ledger account is a guess'],
      },
      proposal: PROPOSAL,
    },
    'the ledger account is a guess',
  );
}, 60_000);

afterAll(async () => {
  await drainEvents(res);
});

describe('review → book on the real document store, queue and ledger memory', () => {
  it('books the corrected invoice once, links its event, moves the file on and learns the ledger account', async () => {
    // Prepare
    const booking = {
      ...PROPOSAL,
      lines: PROPOSAL.lines.map((l) => (l.ledgerAccount === '4000' ? { ...l, ledgerAccount: '4310' } : l)),
    };
    const book = () =>
      api.handle(
        request('POST', `/v1/app/review/${INVOICE_ID}/book`, { user: 'bookkeeper', body: { booking } }),
      );
    // Act
    const first = await book();
    const second = await book();
    const events = await drainEvents<JournalEntryBookEvent>(res);
    // Assess
    expect(first.statusCode).toBe(202);
    const { eventId } = parse(first);
    expect(second.statusCode).toBe(200);
    expect(events.map((e) => e.id)).toEqual([eventId]);
    expect(events[0]?.source.externalId).toBe(
      invoiceBookingExternalId((await documents.get(INVOICE_ID)) as never),
    );
    expect(events[0]?.data.lines.map((l) => l.ledgerAccount)).toEqual(['1600', '4310', '1500']);
    const file = await documents.get(INVOICE_ID);
    expect(file).toMatchObject({ status: 'queued', eventIds: [eventId] });
    expect(file?.history.map((h) => h.status)).toEqual(['review', 'queued']);
    expect(await documents.get(eventId)).toMatchObject({
      status: 'queued',
      fileDocumentId: INVOICE_ID,
      relationKey: 'rel:2001',
    });
    const stored = await corrections.list(INVOICE_ID);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      correction: { kind: 'invoice-ledger', ledgerAccount: '4310' },
      outcome: { status: 'applied' },
    });
    const memory = new DynamoLedgerMemory(res.clients.documents, res.mirrorTable, {
      tenant: TENANT,
      administration: 'DEMO',
    });
    expect(await memory.get('rel:2001')).toMatchObject({ ledgerAccount: '4310' });
  });

  it('hands out the original from the archive bucket', async () => {
    // Act
    const response = await api.handle(
      request('GET', `/v1/app/documents/${INVOICE_ID}/original`, { user: 'reader' }),
    );
    // Assess
    expect(response.statusCode).toBe(200);
    expect(Buffer.from(response.body, 'base64').toString('utf8')).toBe(ORIGINAL);
    expect(response.headers['content-disposition']).toContain('filename="f-2026-014.xml"');
  });

  it('answers 404 to a user not granted the file’s administration', async () => {
    // Act
    const response = await api.handle(request('GET', `/v1/app/review/${INVOICE_ID}`, { user: 'outsider' }));
    // Assess
    expect(response.statusCode).toBe(404);
  });
});
