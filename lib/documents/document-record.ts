/**
 * The status record every incoming item gets, so a person can always see what happened to it:
 * received → queued → sending → booked | rejected | failed (and duplicate / review for connectors;
 * quarantined: kept but not processed, e.g. mail SES marked as spam or virus).
 */
export const DOCUMENT_STATUSES = [
  'received',
  'queued',
  'sending',
  'booked',
  'rejected',
  'failed',
  'duplicate',
  'review',
  'quarantined',
] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Statuses after which the writer does nothing more unless the content changes. */
export const FINAL_STATUSES: ReadonlySet<DocumentStatus> = new Set(['booked', 'duplicate']);

export interface DocumentError {
  /** Where the problem was found. */
  source: 'validation' | 'mapping' | 'cash' | 'system';
  message: string;
  path?: string;
  rule?: string;
  rubriek?: string;
  value?: unknown;
  /** 1-based record line in the CASH import, when CASH named one. */
  line?: number;
}

/** The natural key fixed before the first attempt to write to CASH, so a retry can look it up. */
export interface WritePlan {
  /** Short reference written to CASH (kenmerk, rubriek 0711) to recognise our own booking. */
  reference: string;
  journal?: string;
  year?: number;
  entryNumber?: number;
  relationNumber?: string;
  orderNumber?: number;
  batchId: string;
  /** Numbers of relations referred to by `relationRef`, resolved for this attempt. */
  relationNumbers?: Record<string, string>;
  /** Set just before the import call; its presence means CASH may hold the booking already. */
  attemptedAt?: string;
}

export interface CashResult {
  transaction?: string;
  journal?: string;
  entryNumber?: number;
  relationNumber?: string;
  orderNumber?: number;
  articleCode?: string;
  /** Original invoice numbers and the numeric ones CASH got instead (rubriek 0309 holds 6 digits). */
  invoiceNumbers?: Record<string, string>;
  bookedAt: string;
}

export interface DocumentHistoryEntry {
  status: DocumentStatus;
  at: string;
  note?: string;
}

export interface DocumentRecord {
  id: string;
  tenant: string;
  administration: string;
  type: string;
  source: {
    connector: string;
    externalId: string;
    document?: { bucket?: string; key?: string; uri?: string };
  };
  status: DocumentStatus;
  payloadHash: string;
  attempts: number;
  plan?: WritePlan;
  cash?: CashResult;
  errors?: DocumentError[];
  history: DocumentHistoryEntry[];
  createdAt: string;
  updatedAt: string;
  /** `file`: a received original (connectors with files); absent: one normalized event. */
  kind?: 'file' | 'event';
  /** For a file: the events it produced. */
  eventIds?: string[];
  /** For an event: the file it came from. */
  fileDocumentId?: string;
  /** For a file: what the connector made of it (findings, review reasons, totals, attachments). */
  result?: Record<string, unknown>;
  /** For a file waiting for review: the prefilled booking a person starts from. */
  proposal?: unknown;
  /** Key under which a person's corrections are learned (invoice connector: the relation's key). */
  relationKey?: string;
  /** For status duplicate: the document that came first. */
  duplicateOf?: string;

  // Derived on every write through DocumentStore (document-index.ts); callers need not set them.
  /** What a person sees the item as: `invoice`, `bank-line`, `bank-file`, `event`, `file`. */
  itemKind?: string;
  /** One line a person recognises the item by (relation, invoice number, description). */
  title?: string;
  /** The item's amount in cents (an invoice's payable total, a bank line's signed amount). */
  amountCents?: number;
  currency?: string;
  /** The item's own date (invoice date, booking date), ISO `YYYY-MM-DD`. */
  date?: string;
  relationName?: string;
  relationNumber?: string;
  /** Why the item waits for a person or failed (review reasons, error messages), each ≤ 300 characters. */
  reasons?: string[];
  /** The normalized event as queued (events ≤ 64 KB), so a person can see and resend it. */
  event?: unknown;
  /** The event was larger than 64 KB and is not kept on the record. */
  eventTooLarge?: boolean;
  /** Index bookkeeping: the search tokens written for this record (stale ones are deleted on write). */
  searchTokens?: string[];
  /** Index bookkeeping: the statuses already counted in the day counters (each at most once). */
  countedStatuses?: DocumentStatus[];
}

/** Record fields that are index bookkeeping, not something to show. */
export const INDEX_BOOKKEEPING_FIELDS = ['searchTokens', 'countedStatuses'] as const;
