/** Bank import on AWS: the match memory, open items and bank journals from the mirror, importer, corrections. */

export { statementRejection } from '../statement-rejection.ts';
export {
  allocatePayment,
  applyBankCorrection,
  type BankCorrectionDeps,
  type BankCorrectionRequest,
  type BankCorrectionResult,
  type CorrectionBooking,
} from './apply-bank-correction.ts';
export { BankAccountDirectory, controlAccounts, type ResolvedBankAccount } from './bank-account-directory.ts';
export { bankImportSettingsOf, matcherOptions } from './bank-import-settings.ts';
export {
  type BankImportCounts,
  type BankImportSummary,
  BankStatementImporter,
  type BankStatementImporterDeps,
  type ImportOrigin,
} from './bank-statement-importer.ts';
export type { BankTransactionSource } from './bank-transaction-source.ts';
export {
  BunqClient,
  type BunqClientOptions,
  type BunqContext,
  type BunqContextStore,
  MemoryBunqContextStore,
} from './bunq-client.ts';
export {
  amsterdamDate,
  type BunqAccount,
  type BunqPayment,
  bunqPaymentsToStatement,
} from './bunq-statement.ts';
export { BunqTransactionSource } from './bunq-transaction-source.ts';
export { DynamoMatchMemory, type VersionedMemory } from './dynamo-match-memory.ts';
export {
  BankAccountMappingError,
  BankCorrectionError,
  BankImportError,
  BunqApiError,
  MatchMemoryConflictError,
  MirrorNotSyncedError,
} from './errors.ts';
export { MirrorOpenItemSource, openItemsFromMirror } from './mirror-open-items.ts';
export { SecretsManagerBunqContextStore } from './secrets-manager-bunq-context-store.ts';
export { type EventSink, publishSettling } from './settling-publisher.ts';
export {
  BANK_IMPORT_CONNECTOR,
  bankEntryDocumentId,
  type PlanContext,
  type PlannedBooking,
  planStatements,
  type ReviewItem,
  type StatementOutcome,
  type StatementPlan,
} from './statement-plan.ts';
export { readStatementSource, type StatementSourceResult } from './statement-source.ts';
