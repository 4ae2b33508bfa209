import { type LedgerLineProblem, quoted } from './ledger-line.ts';

/** A ledger-balances setting that cannot be used: names the field, the rule and the value. */
export class LedgerBalanceSettingsError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    value: unknown,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${rule} (got ${quoted(value)})`, options);
    this.name = 'LedgerBalanceSettingsError';
  }
}

/** CASH's mutation lines could not all be read: nothing is replaced, the problems are named. */
export class LedgerExportError extends Error {
  constructor(
    message: string,
    readonly problems: LedgerLineProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LedgerExportError';
  }
}
