/** DynamoDB-backed stores of the invoice connector (CASH mirror, ledger memory, duplicate registry) and correction learning. */
export {
  applyInvoiceCorrection,
  type InvoiceCorrection,
  type InvoiceCorrectionDeps,
  relationKeyOf,
} from './apply-invoice-correction.ts';
export { DynamoDuplicateRegistry } from './dynamo-duplicate-registry.ts';
export { DynamoLedgerMemory } from './dynamo-ledger-memory.ts';
export { DuplicateClaimLostError, InvoiceCorrectionError } from './invoice-store-errors.ts';
export { MirrorPartyDirectory, type RelationSource } from './mirror-party-directory.ts';
export { type InvoiceStoreScope, ledgerKey, seenKey } from './store-keys.ts';
