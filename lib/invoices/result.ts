import type { JournalEntryBook, NormalizedEvent } from '../../events/index.ts';
import type { Finding } from './findings.ts';
import type { DocumentType, EmbeddedFile, InvoiceProfile } from './model.ts';

export type InvoiceStatus = 'ok' | 'review' | 'rejected' | 'duplicate';

export interface ResultParty {
  name?: string;
  vatId?: string;
  kvk?: string;
  iban?: string;
}

export interface InvoiceTotals {
  netCents: number;
  vatCents: number;
  grossCents: number;
  payableCents: number;
}

export interface VatBreakdownEntry {
  category: string;
  ratePercent: number | null;
  taxableCents: number;
  vatCents: number;
}

export interface AttachmentInfo {
  filename: string;
  mimeType: string;
  bytes: number;
  sha256: string;
}

/** The outcome for one file. Amounts are in document-currency cents. */
export interface InvoiceResult {
  file: string;
  status: InvoiceStatus;
  /** How the invoice arrived: ubl, cii, pdf-text, inside a pdf or e-mail (e.g. `email>pdf>cii`). */
  source: string;
  profile: InvoiceProfile | null;
  documentType: DocumentType | null;
  invoiceNumber: string | null;
  issueDate: string | null;
  currency: string | null;
  party: ResultParty | null;
  totals: InvoiceTotals | null;
  vatBreakdown: VatBreakdownEntry[];
  findings: Finding[];
  events: NormalizedEvent[];
  attachments: AttachmentInfo[];
  /** Why the document waits for a person (status review). */
  reviewReasons: string[];
  /** The prefilled booking a reviewer starts from (status review), or the booked entry. */
  proposal: JournalEntryBook | null;
  /** The key under which learned ledger choices are kept for this party (feed corrections back here). */
  relationKey: string | null;
  /** The duplicate-detection key: direction + party identity + normalised invoice number. */
  dedupKey: string | null;
  /** For status duplicate: the document that came first. */
  duplicateOf: string | null;
  /** Extracted files with their content, to be archived by the caller (not part of the JSON output). */
  files: EmbeddedFile[];
}
