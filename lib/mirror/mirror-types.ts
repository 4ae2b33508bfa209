/**
 * The per-administration snapshot of CASH that connectors read instead of CASH itself (CASH allows about
 * 100 requests a minute; lookups would eat that budget). Amounts are integer cents, dates ISO.
 */
export interface MirrorRelation {
  relationNumber: string;
  name: string;
  searchName?: string;
  iban?: string;
  bic?: string;
  vatId?: string;
  kvk?: string;
  email?: string;
  countryCode?: string;
  paymentDays?: number;
  defaultLedgerAccount?: string;
}

export interface MirrorLedgerAccount {
  account: string;
  description: string;
  kind?: string;
  vatCode?: string;
}

export interface MirrorJournal {
  code: string;
  description: string;
  kind?: string;
  ledgerAccount?: string;
}

export interface MirrorCostCentre {
  code: string;
  description: string;
  /** CASH refuses bookings on a blocked cost centre (F0208 = J). */
  blocked?: boolean;
}

export interface MirrorArticle {
  code: string;
  description: string;
  group?: string;
  gtin?: string;
  salesPriceCents?: number;
  freeStock?: number;
  vatCode?: string;
}

export interface MirrorOpenItem {
  relationNumber: string;
  relationName?: string;
  ledgerAccount?: string;
  journal?: string;
  entryNumber?: string;
  invoiceNumber: string;
  invoiceDate?: string;
  dueDate?: string;
  /** Positive receivable, negative payable. */
  amountCents: number;
  outstandingCents: number;
  paymentReference?: string;
}

/**
 * The movements on one ledger account in one booking period, summed from CASH's `0301T` mutation lines:
 * integer cents, debit and credit apart, `balanceCents` = debit − credit of the period (not cumulative).
 */
export interface MirrorLedgerBalance {
  account: string;
  /** `YYYY-PP`: boekjaar and booking period, `00` the opening balance, `01`–`12` (`13`) the periods. */
  period: string;
  debitCents: number;
  creditCents: number;
  balanceCents: number;
  /** How many mutation lines were summed. */
  lines: number;
}

export interface MirrorSnapshot {
  administration: string;
  syncedAt: string;
  relations: MirrorRelation[];
  ledgerAccounts: MirrorLedgerAccount[];
  journals: MirrorJournal[];
  costCentres: MirrorCostCentre[];
  articles: MirrorArticle[];
  openItems: MirrorOpenItem[];
  ledgerBalances: MirrorLedgerBalance[];
}

export const MIRROR_KINDS = [
  'relations',
  'ledgerAccounts',
  'journals',
  'costCentres',
  'articles',
  'openItems',
  'ledgerBalances',
] as const;
export type MirrorKind = (typeof MIRROR_KINDS)[number];
