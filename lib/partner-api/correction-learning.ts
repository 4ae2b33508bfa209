import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  applyBankCorrection,
  type BankCorrectionDeps,
  BankCorrectionError,
  type BankCorrectionRequest,
} from '../bank/stores/index.ts';
import type { DocumentRecord } from '../documents/index.ts';
import { applyInvoiceCorrection, InvoiceCorrectionError } from '../invoices/stores/index.ts';
import type { BankImportSettings } from '../tenant/index.ts';
import type { CorrectionRecord } from './correction.ts';
import { CorrectionRefusedError } from './errors.ts';

/**
 * Something that learns from a correction (the invoice or bank connector's memory). Returns a summary for
 * the answer, or undefined when the correction is not its kind; throws CorrectionRefusedError when the
 * correction cannot be applied (naming the field).
 */
export interface CorrectionLearner {
  learn(record: CorrectionRecord): Promise<Record<string, unknown> | undefined>;
}

export interface InvoiceLearnerDeps {
  client: DynamoDBDocumentClient;
  /** The mirror table, where the invoice connector keeps its ledger memory. */
  mirrorTable: string;
  documents?: { get(id: string): Promise<DocumentRecord | undefined> };
}

/** Adapter to the invoice connector: the corrected ledger account / cost centre becomes the relation's default. */
export class InvoiceLedgerLearner implements CorrectionLearner {
  constructor(private readonly deps: InvoiceLearnerDeps) {}

  async learn(record: CorrectionRecord): Promise<Record<string, unknown> | undefined> {
    const correction = record.correction;
    if (correction.kind !== 'invoice-ledger') return undefined;
    try {
      const learned = await applyInvoiceCorrection(this.deps, {
        tenant: record.tenant,
        administration: record.administration,
        documentId: record.documentId,
        ...(record.relationKey ? { relationKey: record.relationKey } : {}),
        ...(correction.ledgerAccount ? { ledgerAccount: correction.ledgerAccount } : {}),
        ...(correction.costCentre ? { costCentre: correction.costCentre } : {}),
      });
      return { connector: 'invoice-mailbox', relationKey: learned.relationKey, choice: learned.choice };
    } catch (error) {
      if (error instanceof InvoiceCorrectionError) {
        throw new CorrectionRefusedError('relationKey', error.message, { cause: error });
      }
      throw error;
    }
  }
}

/**
 * Adapter to the bank connector: the matcher's memory learns the decision and, unless `book` is false, the
 * line is booked as the person said.
 */
export class BankMatchLearner implements CorrectionLearner {
  constructor(
    private readonly deps: Omit<BankCorrectionDeps, 'settings'> & { settings: BankImportSettings },
  ) {}

  async learn(record: CorrectionRecord): Promise<Record<string, unknown> | undefined> {
    const correction = record.correction;
    if (correction.kind !== 'bank-match') return undefined;
    const request: BankCorrectionRequest = {
      administration: correction.administration,
      importId: correction.importId,
      ...(correction.relationNumber ? { relationNumber: correction.relationNumber } : {}),
      ...(correction.ledgerAccount ? { ledgerAccount: correction.ledgerAccount } : {}),
      ...(correction.vatCode ? { vatCode: correction.vatCode } : {}),
      ...(correction.invoiceNumbers ? { invoiceNumbers: correction.invoiceNumbers } : {}),
      ...(correction.confirmedAt ? { confirmedAt: correction.confirmedAt } : {}),
      ...(correction.book !== undefined ? { book: correction.book } : {}),
      ...(correction.entry ? { entry: correction.entry } : {}),
      ...(correction.account ? { account: correction.account } : {}),
    };
    try {
      const result = await applyBankCorrection(this.deps, request);
      return {
        connector: 'bank-import',
        learned: result.learned,
        memoryVersion: result.memoryVersion,
        booking: result.booking,
      };
    } catch (error) {
      if (error instanceof BankCorrectionError) {
        throw new CorrectionRefusedError(error.field, error.message, { cause: error });
      }
      throw error;
    }
  }
}
