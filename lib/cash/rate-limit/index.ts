export { BucketRateLimiter, type BucketRateLimiterOptions } from './bucket-rate-limiter.ts';
export { CashRateLimitSettings, type CashRateLimitSettingsInput } from './cash-rate-limit-settings.ts';
export { type CashRateLimiterTable, createCashRateLimiter } from './create-cash-rate-limiter.ts';
export { DynamoRateLimiter, type DynamoRateLimiterOptions } from './dynamo-rate-limiter.ts';
export { LocalRateLimiter, type LocalRateLimiterOptions } from './local-rate-limiter.ts';
export { MeasuredRateLimiter, type RateLimiterUsage } from './measured-rate-limiter.ts';
export { type Clock, type RateLimiter, realSleep, type Sleep } from './rate-limiter.ts';
export { WindowRateLimiter, type WindowRateLimiterOptions } from './window-rate-limiter.ts';
