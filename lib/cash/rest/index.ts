export {
  type Administration,
  CashRestClient,
  type CashRestClientOptions,
  type ImportResult,
  type JournalEntryQuery,
  retryAfterMs,
} from './cash-rest-client.ts';
export { type CashErrorDetail, parseCashErrors } from './parse-cash-errors.ts';
export type * from './wire.ts';
