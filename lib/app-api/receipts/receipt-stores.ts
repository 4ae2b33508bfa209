import type { ReceiptProposal } from '../../receipts/index.ts';

/** Where an uploaded receipt goes: the mailbox bucket, which the invoice mailbox takes in from. */
export interface ReceiptMailbox {
  put(key: string, bytes: Uint8Array, contentType: string, metadata: Record<string, string>): Promise<void>;
}

/** The OCR outcome of a receipt, beside its document (the review queue shows it as the proposal). */
export interface ReceiptRecord {
  documentId: string;
  administration: string;
  proposal?: ReceiptProposal;
  /** The recognised text, cut to 20,000 characters. */
  text?: string;
  /** Why there is no proposal (OCR failed or took too long); the file itself is in the mailbox regardless. */
  ocrError?: string;
  uploadedBy: string;
  uploadedAt: string;
  mailboxKey: string;
}

export interface ReceiptRecords {
  put(record: ReceiptRecord): Promise<void>;
  get(documentId: string): Promise<ReceiptRecord | undefined>;
}
