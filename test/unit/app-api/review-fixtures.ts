import { eventId, type JournalEntryBook } from '../../../events/index.ts';
import {
  invoiceBookingExternalId,
  type ReviewServices,
  reviewRoutes,
} from '../../../lib/app-api/review/index.ts';
import { bankEntryDocumentId } from '../../../lib/bank/stores/index.ts';
import { type DocumentRecord, payloadHash } from '../../../lib/documents/index.ts';
import type { CorrectionLearner } from '../../../lib/partner-api/index.ts';
import { hex, InMemoryDocuments, record, router, TENANT } from './fixtures.ts';

export const INVOICE_ID = `doc_${hex(1, 64)}`;
export const OTHER_ADM_INVOICE_ID = `doc_${hex(2, 64)}`;

export const PROPOSAL: JournalEntryBook = {
  journal: 'INK',
  date: '2026-03-14',
  description: 'Factuur F-2026-014',
  lines: [
    { ledgerAccount: '1600', amountCents: -12_100, relationNumber: '2001', invoiceNumber: 'F-2026-014' },
    { ledgerAccount: '4000', amountCents: 10_000, vatCode: '2' },
    { ledgerAccount: '1500', amountCents: 2_100, vatCode: '2', vatBaseCents: 10_000 },
  ],
};

export function invoiceFile(overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  return record({
    id: INVOICE_ID,
    kind: 'file',
    type: 'invoice-file',
    source: {
      connector: 'invoice-mailbox',
      externalId: 'DEMO/purchase/f-2026-014.xml',
      document: { bucket: 'archive-bucket', key: 'originals/DEMO/2026-03/f-2026-014.xml' },
    },
    status: 'review',
    relationKey: 'rel:2001',
    result: {
      direction: 'purchase',
      invoiceNumber: 'F-2026-014',
      issueDate: '2026-03-14',
      currency: 'EUR',
      party: { name: 'Kantoorhandel Jansen B.V.' },
      totals: { netCents: 10_000, vatCents: 2_100, grossCents: 12_100, payableCents: 12_100 },
      reviewReasons: ['the ledger account is a guess'],
      dedupKey: 'purchase|380|rel:2001|F2026014',
    },
    proposal: PROPOSAL,
    createdAt: '2026-03-14T08:00:00.000Z',
    ...overrides,
  });
}

export const IMPORT_ID = 'NL91ABNA0417164300:2026-03-20:000042';
export const BANK_LINE_ID = bankEntryDocumentId(TENANT, IMPORT_ID);

export function bankLine(overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  return record({
    id: BANK_LINE_ID,
    kind: 'event',
    type: 'journal-entry.book',
    source: { connector: 'bank-import', externalId: IMPORT_ID },
    result: {
      importId: IMPORT_ID,
      account: 'NL91ABNA0417164300',
      entry: {
        importId: IMPORT_ID,
        bookingDate: '2026-03-20',
        amountCents: 12_100,
        currency: 'EUR',
        counterpartyName: 'Bakkerij De Korenaar',
        remittance: 'factuur 20261077',
      },
      decision: 'proposal',
      reasons: ['amount matches one open item'],
      reason: 'proposal',
    },
    proposal: {
      relationNumber: '1077',
      matches: [{ invoiceNumber: '20261077' }],
      candidates: [{ relationNumber: '1077', invoiceNumber: '20261077', score: 0.8 }],
    },
    createdAt: '2026-03-20T07:00:00.000Z',
    ...overrides,
  });
}

export const REJECTED_DATA = {
  journal: 'MEM',
  date: '2026-03-31',
  description: 'Afschrijving maart',
  lines: [
    { ledgerAccount: '4800', amountCents: 12_500 },
    { ledgerAccount: '0110', amountCents: -12_500 },
  ],
};
export const REJECTED_ID = eventId(TENANT, 'partner-api', 'memo-42', 'journal-entry.book');

export function rejectedEvent(overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  return record({
    id: REJECTED_ID,
    source: { connector: 'partner-api', externalId: 'memo-42' },
    status: 'rejected',
    payloadHash: payloadHash(REJECTED_DATA),
    errors: [
      {
        source: 'cash',
        message: 'ledger account 4800 is blocked',
        rule: 'F0201',
        path: 'data.lines.0.ledgerAccount',
      },
    ],
    createdAt: '2026-03-31T10:00:00.000Z',
    ...overrides,
  });
}

export function invoiceEventId(file: DocumentRecord = invoiceFile()): string {
  return eventId(TENANT, 'invoice-mailbox', invoiceBookingExternalId(file), 'journal-entry.book');
}

/** A review router over in-memory documents, with learners that record what they were taught. */
export function reviewApi(options: { learners?: CorrectionLearner[]; records?: DocumentRecord[] } = {}) {
  const documents = new InMemoryDocuments().add(
    ...(options.records ?? [
      invoiceFile(),
      invoiceFile({ id: OTHER_ADM_INVOICE_ID, administration: 'TWEE' }),
      bankLine(),
      rejectedEvent(),
    ]),
  );
  const services: ReviewServices = {
    tenant: TENANT,
    queries: documents,
    documents,
    publisher: documents,
    corrections: documents.correctionWriter,
    learners: options.learners ?? [],
    links: documents,
  };
  return { api: router(reviewRoutes(services)), documents, services };
}
