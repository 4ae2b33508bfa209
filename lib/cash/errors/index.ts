export { CashAuthError } from './cash-auth-error.ts';
export { CashError } from './cash-error.ts';
export { CashFieldError, type CashFieldRule } from './cash-field-error.ts';
export { CashImportRejectedError } from './cash-import-rejected-error.ts';
export { CashRateLimitedError } from './cash-rate-limited-error.ts';
export { CashUnavailableError } from './cash-unavailable-error.ts';
export { CashUncertainOutcomeError } from './cash-uncertain-outcome-error.ts';
