/** The JSON of the app API (`/v1/app/…`) as lib/app-api/CONTRACT.md describes it. Money in integer cents. */
import type { Problem } from './api-error.ts';
export type AppRole = 'operator' | 'bookkeeper' | 'read-only';
export type AppAction = 'read' | 'act' | 'operate';

export interface AppUser {
  id: string;
  username: string;
  email?: string;
  name?: string;
  tenant: string;
  role: AppRole;
  administrations: readonly string[] | '*';
}

export interface Me {
  user: AppUser;
  administrations: Array<{ code: string; name: string }>;
  tenant?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface Choice {
  value: string;
  label: string;
  detail?: string;
}

export type ChoiceKind =
  | 'ledgerAccounts'
  | 'relations'
  | 'journals'
  | 'costCentres'
  | 'articles'
  | 'vatCodes';

export interface ReviewItem {
  id: string;
  kind: string;
  administration: string;
  connector: string;
  status: string;
  reasons: string[];
  title: string;
  amountCents?: number;
  currency?: string;
  date?: string;
  relationName?: string;
  createdAt: string;
}

export interface DocumentError {
  source: string;
  message: string;
  path?: string;
  rule?: string;
  rubriek?: string;
  value?: unknown;
  line?: number;
}

export interface DocumentSummary {
  id: string;
  kind: string;
  type: string;
  administration: string;
  connector: string;
  status: string;
  title: string;
  amountCents?: number;
  date?: string;
  relationName?: string;
  createdAt: string;
  updatedAt: string;
}

export interface OriginalFile {
  href: string;
  contentType: string;
  name: string;
}

export interface DocumentView {
  id: string;
  administration: string;
  type: string;
  status: string;
  source: { connector: string; externalId: string };
  history: Array<{ status: string; at: string; note?: string }>;
  errors?: DocumentError[];
  cash?: {
    journal?: string;
    entryNumber?: number;
    transaction?: string;
    relationNumber?: string;
    bookedAt: string;
  };
  result?: Record<string, unknown>;
  summary: DocumentSummary;
  original?: OriginalFile;
  events?: DocumentSummary[];
  /** For an event: the normalized event as queued (absent when it was too large to keep). */
  event?: unknown;
  createdAt: string;
  updatedAt: string;
}

export interface JournalLine {
  ledgerAccount: string;
  amountCents: number;
  relationNumber?: string;
  invoiceNumber?: string;
  invoiceDate?: string;
  dueDate?: string;
  vatCode?: string;
  vatBaseCents?: number;
  costCentre?: string;
  text?: string;
}

/** The booking a person edits and books (a `journal-entry.book` event's data). */
export interface InvoiceBooking {
  journal: string;
  date: string;
  description: string;
  reference?: string;
  lines: JournalLine[];
  [more: string]: unknown;
}

export interface BankCandidate {
  relationNumber?: string;
  relationName?: string;
  ledgerAccount?: string;
  matches: Array<{ invoiceNumber: string; amountCents: number }>;
  confidence: number;
  reasons: string[];
  differenceCents: number;
  partial?: boolean;
  notAutomatic?: string[];
}

export type JsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  /** A record's values (`{ [key]: X }`); `false` when no other keys are allowed. */
  additionalProperties?: JsonSchema | boolean;
  /** What a record's keys must be. */
  propertyNames?: JsonSchema;
  /** The `/choices` kind a value is picked from (a CASH ledger account, journal, VAT code…). */
  'x-choice'?: string;
};

export interface ReviewDetail {
  item: ReviewItem;
  document: DocumentView;
  proposal?: unknown;
  candidates?: BankCandidate[];
  event?: unknown;
  eventSchema?: JsonSchema;
  /** Invoice from a Bonnetje photo: what local OCR read on it, for the person to confirm. */
  receiptProposal?: ReceiptProposal;
  /** Invoice with neither: the booking to start from, drafted by the API from what was read of the file. */
  startingPoint?: InvoiceStartingPoint;
  errors: DocumentError[];
  original?: OriginalFile;
}

/** What a person starts from when the invoice flow made no proposal (no journal, accounts or amounts). */
export interface InvoiceStartingPoint {
  proposal: Pick<Partial<InvoiceBooking>, 'date' | 'description' | 'reference'> & {
    /** The cost line and the creditor line: invoice number and text, no account or amount yet. */
    lines: Array<Pick<JournalLine, 'invoiceNumber' | 'text'>>;
  };
  /** The invoice's currency when not EUR: the person enters euro amounts. */
  foreignCurrency?: string;
}

export interface BankRuleDraft {
  conditions: Record<string, unknown>;
  action: Record<string, unknown>;
}

/** The answer of POST /v1/app/review/{id}/match (202). */
export interface MatchAnswer {
  documentId: string;
  status: string;
  correction?: { status: string; message?: string };
  /** The rule made with `makeRule`. */
  rule?: BankRule & { memoryVersion: number; created: boolean };
  /** The line is matched, but its rule could not be made after all. */
  ruleProblem?: Problem;
}

export type BankDecision =
  | { openItem: { relationNumber: string; invoiceNumber: string } }
  | { ledgerAccount: string; vatCode?: string };

export interface Counts {
  booked: number;
  review: number;
  rejected: number;
  failed: number;
}

export interface RunSummary {
  id: string;
  connector: string;
  administration?: string;
  trigger: string;
  startedAt: string;
  endedAt?: string;
  status: 'running' | 'ok' | 'partial' | 'failed' | string;
  counts: Record<string, number>;
  errors: string[];
}

export interface Overview {
  connectors: Array<{
    connector: string;
    administration: string;
    lastRun?: RunSummary;
    today: Counts;
    week: Counts;
    silent: boolean;
    expectedWithinHours?: number;
  }>;
  deadLetters: number;
  cashBudget?: { used: number; limit: number; windowSeconds: number } | null;
  bookingsPerDay: Array<{ date: string } & Counts>;
}

export interface ReplayPreview {
  wouldSend: DocumentSummary[];
  skipped: Array<{ id: string; reason: string }>;
}

export interface BankRule {
  id: string;
  origin: 'user' | 'suggested' | string;
  conditions: Record<string, unknown>;
  action: Record<string, unknown>;
  confirmations: number;
  createdAt?: string;
  draftedFrom?: string;
  summary: string;
}

/** A connector's settings and mapping tables (`{ vatCodes: { "21": "2" } }`). */
export interface SettingsValues {
  settings: Record<string, unknown>;
  mappings: Record<string, Record<string, string>>;
}

/** One connector on Instellingen: what its run reads, what the tenant file says, the stored override. */
export interface ConnectorSettingsView extends SettingsValues {
  tenant?: SettingsValues;
  overridable?: boolean;
  /** Settings only the tenant file sets (secret names, wiring). */
  fixedKeys?: string[];
  override?: {
    settings: Record<string, unknown>;
    mappings: Record<string, Record<string, string | null>>;
    updatedAt: string;
    updatedBy: string;
  };
}

export interface ConnectorSettings {
  administration?: string;
  connectors: Record<string, ConnectorSettingsView>;
  /** The JSON Schema of each connector's settings. */
  schema?: Record<string, JsonSchema>;
  mappingsSchema?: JsonSchema;
}

export interface ApiKey {
  id: string;
  name: string;
  scopes: string[];
  administrations: string[] | '*';
  createdAt: string;
  lastUsedAt?: string;
}

export interface UserAccount {
  username: string;
  email?: string;
  name?: string;
  role?: AppRole;
  administrations: string[] | '*';
  enabled: boolean;
  createdAt?: string;
}

/** What local OCR read on a receipt photo; every field may be missing. Money in integer cents. */
export interface ReceiptProposal {
  date?: string;
  totalCents?: number;
  vatCents?: number;
  /** In the review detail: the VAT per rate (rate in hundredths of a percent). */
  vatLines?: ReadonlyArray<{ rateHundredths: number; vatCents: number; baseCents?: number }>;
  supplier?: string;
  kvk?: string;
  vatId?: string;
  /** 0–1: how much of the proposal the text supports. */
  confidence: number;
}

/** A relation as the CASH mirror lists it (the form sends a `relation.upsert`'s data). */
export interface Relation {
  relationNumber?: string;
  ref?: string;
  name: string;
  searchName?: string;
  email?: string;
  iban?: string;
  vatId?: string;
  kvk?: string;
  countryCode?: string;
  [more: string]: unknown;
}

export interface Ageing {
  totalCents: number;
  buckets: Array<{ label: string; cents: number }>;
}

export interface BusinessStatus {
  asOf: string;
  bankAccounts: Array<{ ledgerAccount: string; description: string; balanceCents: number }>;
  receivables: Ageing;
  payables: Ageing;
  month: { revenueCents: number; costsCents: number };
  lastMonth: { revenueCents: number; costsCents: number };
}

export interface HourEntry {
  id: string;
  date: string;
  relationNumber: string;
  project?: string;
  description: string;
  minutes: number;
  /** Excluding VAT. */
  hourlyRateCents: number;
  /** The sales invoice the hours were billed on (billed hours can be neither deleted nor billed again). */
  invoiceId?: string;
  [more: string]: unknown;
}

export interface SalesInvoiceResult {
  id: string;
  eventId: string;
  number: string;
  kind?: 'invoice' | 'credit-note';
  totals?: { payableCents: number };
  /** Why the SI-UBL cannot be valid (the PDF can be sent all the same). */
  ublProblems?: Array<{ path: string; rule: string; message: string }>;
}

export interface SalesInvoiceLine {
  description: string;
  quantityMilli: number;
  unitCode: string;
  unitPriceCents: number;
  vatRateHundredths: number;
  hourId?: string;
}

/** One e-mail of an invoice, as the API recorded it. */
export interface SalesInvoiceMailing {
  to: string;
  at: string;
  by: string;
  messageId: string;
}

/** An invoice or credit note as `GET …/sales-invoices` lists it. */
export interface SalesInvoiceRow {
  id: string;
  number: string;
  eventId?: string;
  invoice: {
    kind?: 'invoice' | 'credit-note';
    issueDate: string;
    buyer: { name: string; relationNumber?: string; email?: string };
    billingReference?: { number: string };
    lines: SalesInvoiceLine[];
  };
  totals: { lineCents: number[]; payableCents: number };
  mailings?: SalesInvoiceMailing[];
  lastMailedTo?: string;
  lastMailedAt?: string;
  creditedBy?: Array<{ id: string; number: string; payableCents: number; lineIndexes?: number[] }>;
  /** The booking document's status (`unknown` without one) and, when it went wrong, why. */
  bookingStatus: string;
  bookingProblem?: string;
  /** `GET …/sales-invoices/{id}` only: the relation's e-mail address in CASH. */
  recipient?: string;
}

/** One record's delivery to one outside system (GET /v1/app/deliveries). */
export interface DeliverySummary {
  administration: string;
  target: string;
  type: string;
  key: string;
  status: 'pending' | 'delivered' | 'failed' | 'skipped' | string;
  mode?: string;
  occurredAt?: string;
  attempts: number;
  lastAttemptAt?: string;
  deliveredAt?: string;
  remoteId?: string;
  answer?: string;
  error?: string;
  reason?: string;
  updatedAt: string;
}

export interface DeliveryTargets {
  targets: string[];
  canRetry: boolean;
}
