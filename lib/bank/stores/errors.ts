/** Root of every error raised by the bank-import stores and importer; callers can catch this one class. */
export class BankImportError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BankImportError';
  }
}

/** Another writer saved the match memory first; load it again and re-apply the change. */
export class MatchMemoryConflictError extends BankImportError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MatchMemoryConflictError';
  }
}

/** No bank journal/ledger account can be found for a statement's account. */
export class BankAccountMappingError extends BankImportError {
  readonly account: string;
  constructor(account: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BankAccountMappingError';
    this.account = account;
  }
}

/**
 * The CASH mirror of the administration has not been synced yet (it holds no journals): the import
 * would match against nothing and find no bank journal. Transient: the invocation fails and is retried.
 */
export class MirrorNotSyncedError extends BankImportError {
  readonly administration: string;
  constructor(administration: string, waitedMs: number, options?: ErrorOptions) {
    super(
      `the CASH mirror of ${administration} has not been synced yet (no journals after ${Math.round(waitedMs / 1000)} s): the import is retried; run cash-sync if it stays so`,
      options,
    );
    this.name = 'MirrorNotSyncedError';
    this.administration = administration;
  }
}

/** A correction that cannot be applied (unknown line, no target, invoice not open). */
export class BankCorrectionError extends BankImportError {
  readonly field: string;
  constructor(field: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BankCorrectionError';
    this.field = field;
  }
}

/** The bunq API refused a request or answered something that cannot be used. */
export class BunqApiError extends BankImportError {
  readonly status: number;
  constructor(status: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BunqApiError';
    this.status = status;
  }
}
