export {
  DynamoWindowCounter,
  type DynamoWindowCounterOptions,
  WINDOW_COUNT_ATTRIBUTE,
  WINDOW_EXPIRES_AT_ATTRIBUTE,
} from './dynamo-window-counter.ts';
export { InMemoryWindowCounter, type InMemoryWindowCounterOptions } from './in-memory-window-counter.ts';
export { RateWindowError } from './rate-window-error.ts';
export {
  checkTakeRequest,
  currentWindow,
  MAX_WINDOW_KEY_LENGTH,
  retryAfterSeconds,
  WINDOW_LENGTHS,
  type WindowCounter,
  type WindowMs,
  type WindowTake,
  type WindowTakeRequest,
} from './window-counter.ts';
