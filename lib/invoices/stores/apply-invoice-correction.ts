import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DocumentRecord } from '../../documents/index.ts';
import type { LedgerChoice } from '../directory/party-directory.ts';
import { learnCorrection } from '../process-invoice.ts';
import { DynamoLedgerMemory } from './dynamo-ledger-memory.ts';
import { InvoiceCorrectionError } from './invoice-store-errors.ts';

/** A person's correction of the ledger account and/or cost centre of a booked or waiting invoice. */
export interface InvoiceCorrection {
  tenant: string;
  administration: string;
  /** The key to learn under; when absent it is resolved from `documentId`'s status record. */
  relationKey?: string;
  /** The invoice's document (file `doc_…` or journal-entry event `evt_…`). */
  documentId?: string;
  ledgerAccount?: string;
  costCentre?: string;
}

export interface InvoiceCorrectionDeps {
  client: DynamoDBDocumentClient;
  /** The mirror table, where the invoice connector keeps its ledger memory. */
  mirrorTable: string;
  /** Reads document status records (DocumentStore) to resolve a relation key from a document id. */
  documents?: { get(id: string): Promise<DocumentRecord | undefined> };
}

/** The relation key a document's correction belongs to: recorded by the connector, else the booked relation. */
export function relationKeyOf(record: DocumentRecord): string | undefined {
  if (record.relationKey) return record.relationKey;
  const number = record.cash?.relationNumber ?? record.plan?.relationNumber;
  return number ? `rel:${number}` : undefined;
}

/**
 * Learns a correction (partner API `POST /v1/corrections`): the chosen ledger account / cost centre becomes
 * the default for that supplier or customer on its next invoice. Returns the key and choice learned.
 */
export async function applyInvoiceCorrection(
  deps: InvoiceCorrectionDeps,
  correction: InvoiceCorrection,
): Promise<{ relationKey: string; choice: LedgerChoice }> {
  const choice: LedgerChoice = {
    ...(correction.ledgerAccount ? { ledgerAccount: correction.ledgerAccount } : {}),
    ...(correction.costCentre ? { costCentre: correction.costCentre } : {}),
  };
  if (choice.ledgerAccount === undefined && choice.costCentre === undefined)
    throw new InvoiceCorrectionError('the correction names neither a ledger account nor a cost centre');
  let relationKey = correction.relationKey;
  if (!relationKey && correction.documentId && deps.documents) {
    const record = await deps.documents.get(correction.documentId);
    if (!record) throw new InvoiceCorrectionError(`document ${correction.documentId} does not exist`);
    if (record.tenant !== correction.tenant || record.administration !== correction.administration)
      throw new InvoiceCorrectionError(
        `document ${correction.documentId} belongs to ${record.tenant}/${record.administration}, not ${correction.tenant}/${correction.administration}`,
      );
    relationKey = relationKeyOf(record);
  }
  if (!relationKey)
    throw new InvoiceCorrectionError(
      `no relation key for ${correction.documentId ? `document ${correction.documentId}` : 'the correction'}: give relationKey or a document of an invoice`,
    );
  const ledgerMemory = new DynamoLedgerMemory(deps.client, deps.mirrorTable, {
    tenant: correction.tenant,
    administration: correction.administration,
  });
  await learnCorrection({ ledgerMemory }, relationKey, choice);
  return { relationKey, choice };
}
