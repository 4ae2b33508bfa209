/** Bank files from the mailbox bucket and scheduled bank API pulls, taken to the importer; the Lambda wires it. */
export { archiveKey } from './archive-key.ts';
export { BankApiPull, type BankApiPullDeps } from './bank-api-pull.ts';
export { BankFileImport, type BankFileImportDeps, type BankFileObject } from './bank-file-import.ts';
export type { BankFileResult, BankPullRequest, BankPullResult } from './bank-import-results.ts';
export { fileStatus } from './file-status.ts';
