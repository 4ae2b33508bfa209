import { InMemoryWindowCounter, type InMemoryWindowCounterOptions } from '../runtime/rate-window/index.ts';
import { CountingRateLimiter } from './counting-rate-limiter.ts';

/** The same fixed minute in memory, for local runs of the API without DynamoDB. */
export class InMemoryRateLimiter extends CountingRateLimiter {
  constructor(options: InMemoryWindowCounterOptions = {}) {
    super(new InMemoryWindowCounter(options));
  }
}
