import { CashError } from './cash-error.ts';

export type CashFieldRule =
  | 'required'
  | 'too-long'
  | 'not-numeric'
  | 'bad-date'
  | 'bad-period'
  | 'bad-amount'
  | 'too-many-decimals'
  | 'illegal-character'
  | 'unknown-rubriek'
  | 'unknown-record';

/** One rubriek value CASH would refuse (or silently cut): names record, rubriek, the value and the rule. */
export class CashFieldError extends CashError {
  readonly record: string;
  readonly rubriek: string;
  readonly value: unknown;
  readonly rule: CashFieldRule;

  constructor(
    detail: { record: string; rubriek: string; value: unknown; rule: CashFieldRule; message: string },
    options: { cause?: unknown } = {},
  ) {
    super(`record ${detail.record} rubriek ${detail.rubriek}: ${detail.message}`, {
      ...options,
      retryable: false,
    });
    this.name = 'CashFieldError';
    this.record = detail.record;
    this.rubriek = detail.rubriek;
    this.value = detail.value;
    this.rule = detail.rule;
  }
}
