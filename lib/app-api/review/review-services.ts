import type { DocumentRecord, DocumentStatus } from '../../documents/index.ts';
import type { BankRuleStore } from '../../partner-api/bank-rule-store.ts';
import type { CorrectionRecord } from '../../partner-api/correction.ts';
import type { CorrectionLearner } from '../../partner-api/correction-learning.ts';
import type { EventAdmission } from '../../partner-api/event-admission.ts';
import type { CorrectionWriter, EventSink } from '../../partner-api/routes/route-context.ts';
import type { DocumentQueriesPort, DocumentReaderPort } from '../document-queries.ts';
import type { ReceiptRecords } from '../receipts/receipt-stores.ts';

/** The document store as review actions use it (`DocumentStore` satisfies it). */
export interface ReviewDocumentStore extends DocumentReaderPort {
  transition(
    id: string,
    status: DocumentStatus,
    patch?: Partial<DocumentRecord>,
    note?: string,
  ): Promise<void>;
}

export interface ReviewServices {
  tenant: string;
  queries: DocumentQueriesPort;
  documents: ReviewDocumentStore;
  /** The event publisher (same as POST /v1/events): records the status, then queues for the writer. */
  publisher: EventSink;
  corrections: CorrectionWriter;
  /** The connectors' memories (invoice ledger, bank matcher), as for POST /v1/corrections. */
  learners: readonly CorrectionLearner[];
  /** Links a booked invoice's event to its file (`EventFileLinks`). */
  links?: { link(eventId: string, documentId: string, relationKey: string | null): Promise<void> };
  /** The door of POST /v1/events: what the writer or CASH would certainly refuse is answered 400. */
  admission?: Pick<EventAdmission, 'problems'>;
  onLearnError?: (error: unknown, record: CorrectionRecord) => void;
  /**
   * The bank rules' store (the same the bank-rules routes change): a match with `makeRule` makes its rule
   * here. Without it such a match is refused 503 before anything happens.
   */
  bankRules?: Pick<BankRuleStore, 'unknownTarget' | 'load' | 'change'>;
  /** Bonnetje photos' OCR outcomes (`DynamoReceiptRecords`): the review detail shows the proposal. */
  receiptRecords?: Pick<ReceiptRecords, 'get'>;
  /** A rule that could not be saved after its match (the answer says so too). */
  onRuleError?: (error: unknown) => void;
}
