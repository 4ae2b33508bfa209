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

export interface MirrorSnapshot {
  administration: string;
  syncedAt: string;
  relations: MirrorRelation[];
  ledgerAccounts: MirrorLedgerAccount[];
  journals: MirrorJournal[];
  costCentres: MirrorCostCentre[];
  articles: MirrorArticle[];
  openItems: MirrorOpenItem[];
}

export const MIRROR_KINDS = [
  'relations',
  'ledgerAccounts',
  'journals',
  'costCentres',
  'articles',
  'openItems',
] as const;
export type MirrorKind = (typeof MIRROR_KINDS)[number];
