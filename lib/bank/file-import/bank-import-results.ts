import type { DocumentStatus } from '../../documents/index.ts';
import type { BankImportSummary } from '../stores/index.ts';

/** What EventBridge Scheduler sends for a bank API pull (the schedule's input); all fields optional. */
export interface BankPullRequest {
  administrations?: string[];
  /** How far back to pull; overlap is harmless, import ids keep lines from booking twice. Default 7. */
  sinceDays?: number;
}

/** What became of one bank file in the mailbox bucket. */
export interface BankFileResult {
  key: string;
  documentId?: string;
  administration?: string;
  status: DocumentStatus | 'ignored' | 'error';
  summary?: BankImportSummary;
  message?: string;
}

/** What one bank API source of one administration gave. */
export interface BankPullResult {
  administration: string;
  source: string;
  status: 'imported' | 'error';
  summary?: BankImportSummary;
  message?: string;
}
