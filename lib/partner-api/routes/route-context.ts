import type { DocumentRecord } from '../../documents/index.ts';
import type { DeliveryControlMessage, DeliveryListQuery, DeliveryRecord } from '../../outbound/index.ts';
import type { PublishOutcome } from '../../runtime/event-publisher.ts';
import type { PartnerIdentity } from '../api-key.ts';
import type { TenantScope } from '../authorization.ts';
import type { BankRuleStore } from '../bank-rule-store.ts';
import type { CorrectionRecord } from '../correction.ts';
import type { CorrectionLearner } from '../correction-learning.ts';
import type { EventAdmission } from '../event-admission.ts';

/** The document store as the routes use it. */
export interface DocumentReader {
  get(id: string): Promise<DocumentRecord | undefined>;
  getMany(ids: string[]): Promise<Map<string, DocumentRecord>>;
}

export interface EventSink {
  publish(inputs: unknown[]): Promise<PublishOutcome[]>;
}

export interface CorrectionWriter {
  add(record: CorrectionRecord): Promise<CorrectionRecord>;
}

/** The outbound delivery records as GET /v1/deliveries reads them (lib/outbound DeliveryStore). */
export interface DeliveryReader {
  list(query: DeliveryListQuery): Promise<{ items: DeliveryRecord[]; nextCursor?: string }>;
}

/** A target's delivery queue as the full-load and reconcile routes use it; undefined for an unknown target. */
export type DeliveryControlQueues = (
  target: string,
) => { sendControl(control: DeliveryControlMessage): Promise<void> } | undefined;

/** What routes need besides the request: who asks, for which tenant, and the stores. */
export interface RouteContext {
  identity: PartnerIdentity;
  scope: TenantScope;
  now: Date;
  documents: DocumentReader;
  publisher: EventSink;
  corrections: CorrectionWriter;
  learners: readonly CorrectionLearner[];
  /** The bank matcher's rules and deny-list; the bank-rules routes answer 501 without it. */
  bankRules?: BankRuleStore;
  /** GET /v1/deliveries answers 501 without it. */
  deliveries?: DeliveryReader;
  /** POST /v1/deliveries/full-load and /reconcile answer 501 without it. */
  deliveryQueues?: DeliveryControlQueues;
  /** Refuses events the writer or CASH would certainly refuse; without it only the event schema is checked. */
  admission?: EventAdmission;
  /** Called when a learner fails; the correction is stored regardless and the connector can re-learn. */
  onLearnError?: (error: unknown, record: CorrectionRecord) => void;
}

export const documentLocation = (id: string): string => `/v1/documents/${id}`;
