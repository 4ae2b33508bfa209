export { DynamoRateLimiter, type DynamoRateLimiterOptions } from './dynamo-rate-limiter.ts';
export { LocalRateLimiter, type LocalRateLimiterOptions } from './local-rate-limiter.ts';
export { type Clock, type RateLimiter, realSleep, type Sleep } from './rate-limiter.ts';
export { WindowRateLimiter, type WindowRateLimiterOptions } from './window-rate-limiter.ts';
