export { isConditionFailure, wholeNumberOf } from './dynamo-condition.ts';
export {
  BUCKET_TAT_ATTRIBUTE,
  DynamoTokenBucket,
  type DynamoTokenBucketOptions,
} from './dynamo-token-bucket.ts';
export {
  DynamoWindowCounter,
  type DynamoWindowCounterOptions,
  WINDOW_COUNT_ATTRIBUTE,
  WINDOW_EXPIRES_AT_ATTRIBUTE,
} from './dynamo-window-counter.ts';
export { InMemoryTokenBucket, type InMemoryTokenBucketOptions } from './in-memory-token-bucket.ts';
export { InMemoryWindowCounter, type InMemoryWindowCounterOptions } from './in-memory-window-counter.ts';
export { RateWindowError } from './rate-window-error.ts';
export {
  type BucketStep,
  type BucketTake,
  type BucketTakeRequest,
  bucketStep,
  checkBucketRequest,
  highestTatFor,
  type TokenBucket,
} from './token-bucket.ts';
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
