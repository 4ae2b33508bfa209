import type { CashFields } from '../rest/wire.ts';
import type { AmountNotation, CalendarDate } from './notation.ts';

/**
 * The state of one simulated CASH administration. Plain JSON (no classes, no BigInt) so it can be snapshotted,
 * persisted and compared in tests. Amounts are integer cents.
 */
export interface AdministrationState {
  code: string;
  name: string;
  readOnly: boolean;
  ledgerAccounts: LedgerAccount[];
  journals: Journal[];
  vatCodes: VatCode[];
  costCentres: CostCentre[];
  relations: Relation[];
  articles: Article[];
  /** Booked boekstukken (grouped 0301 lines), in booking order. */
  boekstukken: Boekstuk[];
  /** Open posten of the debiteuren/crediteuren subadministration; fully paid items stay here with 0 outstanding. */
  openItems: OpenItem[];
  salesOrders: SalesOrder[];
}

/** Soort: B = balans, W = winst-en-verlies. */
export interface LedgerAccount {
  account: string;
  description: string;
  kind: 'B' | 'W';
  /** Debiteuren/crediteuren control account: lines need relation AND invoice number and feed the open items. */
  control?: 'debtors' | 'creditors';
  /** BTW-code normally used on this account (F0242). */
  vatCode?: string;
  searchName?: string;
}

/** Soort dagboek: K = kas, B = bank, I = inkoop, V = verkoop, M = memoriaal. */
export interface Journal {
  code: string;
  description: string;
  kind: 'K' | 'B' | 'I' | 'V' | 'M';
  /** Tegenrekening for kas/bank journals. */
  ledgerAccount?: string;
}

export interface VatCode {
  code: string;
  description: string;
  /** Percentage as a decimal string, e.g. '21' or '9'. */
  ratePercent: string;
  /** BTW te vorderen (voorbelasting) account used on purchases. */
  purchaseLedger?: string;
  /** BTW af te dragen account used on sales. */
  salesLedger?: string;
}

export interface CostCentre {
  code: string;
  description: string;
  blocked?: boolean;
}

/** A relation (record 0101): rubriek → value as CASH stores it (F0101 without leading zeros). */
export interface Relation {
  number: string;
  fields: Record<string, string>;
}

/** An article (record 2260): rubriek → stored value, amounts as decimal-comma text. */
export interface Article {
  code: string;
  fields: Record<string, string>;
  /** Epoch ms of the last change (for the `W|<days>` export filter). */
  updatedAt: number;
}

export interface MutationLine {
  ledgerAccount: string;
  /** Boekdatum of this line (a bank boekstuk may hold lines of several days). */
  date: CalendarDate;
  /** Boekperiode 1..13 within the boekjaar. */
  period: number;
  amountCents: number;
  description?: string;
  relationNumber?: string;
  invoiceNumber?: string;
  costCentre?: string;
  vatCode?: string;
  quantityCents?: number;
  reference?: string;
  paymentDays?: string;
  paymentReference?: string;
  attachment?: string;
  /** True for a VAT line the simulator derived from a line's BTW-code (option `vatFromCode`). */
  derivedVat?: boolean;
  /** 1-based record position in the import that booked it (0 for seed data). */
  importLine: number;
}

/** A boekstuk: all 0301 lines with the same journal, boekjaar and boekstuknummer. */
export interface Boekstuk {
  journal: string;
  year: number;
  number: number;
  date: CalendarDate;
  period: number;
  transaction: string;
  lines: MutationLine[];
}

export interface OpenItem {
  ledgerAccount: string;
  relationNumber: string;
  invoiceNumber: string;
  journal: string;
  entryNumber: number;
  year: number;
  period: number;
  date: CalendarDate;
  dueDate: CalendarDate;
  amountCents: number;
  outstandingCents: number;
  description?: string;
  paymentReference?: string;
}

export interface SalesOrder {
  number: string;
  fields: Record<string, string>;
  lines: Array<{ lineNumber: string; fields: Record<string, string> }>;
  transaction: string;
}

export interface Transaction {
  id: string;
  admin: string;
  status: 1 | 2 | 3;
  creation: number;
  lastUpdate: number;
  /** Polls still to answer with Pending; -1 = stuck forever. */
  pendingPollsLeft: number;
  /** The outcome once the pending phase is over. */
  finalStatus: 2 | 3;
  err: string;
  records: number;
}

/** Fault settings; rates are probabilities 0..1 drawn from the seeded generator. */
export interface SimulatorFaults {
  /** 503 before the request is looked at. */
  http5xxRate?: number;
  /** Extra delay before every answer. */
  latencyMs?: number;
  /** Import is committed, then the socket is destroyed without an answer. */
  timeoutAfterCommitRate?: number;
  /** Import is accepted (202) but its transaction never leaves Pending and nothing is applied. */
  stuckPendingRate?: number;
  /** Every import is rejected with a CASH-style error. */
  rejectAllImports?: boolean;
}

export type InjectedFault =
  | { kind: '5xx' }
  | { kind: 'timeout-after-commit' }
  | { kind: 'stuck-pending' }
  | { kind: 'latency'; ms?: number };

export interface CashSimulatorOptions {
  /** API key → administration codes it may use. */
  apiKeys: Record<string, string[]>;
  /** Administrations to serve; default one seeded demo administration `DEMO`. */
  administrations?: AdministrationState[];
  /** Requests per minute per API key (sliding 60 s window); 0 = no limit. Default 100. */
  rateLimitPerMinute?: number;
  /** How I-fields are read on import. Default decimal-comma. */
  amountNotation?: AmountNotation;
  /** sync: import answers 200/400 at once; async: 202 Pending, poll the transaction. Default sync. */
  processing?: 'sync' | 'async';
  /** Polls answered with Pending before an async transaction shows its outcome. Default 1. */
  pendingPolls?: number;
  /** Injectable clock (epoch ms). */
  now?: () => number;
  /** Seed of the fault generator. */
  seed?: number;
  faults?: SimulatorFaults;
  /**
   * When true, a 0301 line with a BTW-code (F0242) whose rate is above 0 is booked gross-to-net: the simulator
   * splits off the VAT onto the code's VAT account, as CASH may do when VAT is implied by the code (unconfirmed,
   * docs §6.3). Default false: lines are booked as sent.
   */
  vatFromCode?: boolean;
  /** When set, state is loaded from and written to this JSON file (the local hub keeps its CASH across restarts). */
  persistPath?: string;
  /** Name shown in `GET /administrations` (`Dir.Name`). */
  directoryName?: string;
}

export interface SimulatorStats {
  requests: number;
  byEndpoint: Record<string, number>;
  byKey: Record<string, number>;
  rateLimited: number;
  unauthorized: number;
  faults: { http5xx: number; latency: number; timeoutAfterCommit: number; stuckPending: number };
  /** pending = accepted but never processed (stuck-pending fault). */
  imports: { committed: number; rejected: number; pending: number };
}

/** The JSON written by `snapshot()` and read by `restore()`. */
export interface SimulatorSnapshot {
  version: 1;
  administrations: AdministrationState[];
  transactions: Transaction[];
  nextTransaction: number;
}

/** One import record after flattening `content.cash`. */
export interface ImportRecord {
  /** 1-based position among all records of the import (records, not elements, are counted). */
  line: number;
  /** Four-digit record number, e.g. '0301'. */
  record: string;
  /** Rubriek (four digits) → raw value, in the order sent. */
  fields: Array<[string, string]>;
  /** `301|0201=8888|0307=-121,00|` */
  source: string;
}

export type { CashFields };
