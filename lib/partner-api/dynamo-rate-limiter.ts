import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoWindowCounter } from '../runtime/rate-window/index.ts';
import { CountingRateLimiter } from './counting-rate-limiter.ts';

/**
 * The per-key minute counter in the documents table (`pk = RATE#<keyId>`, `sk = window#<start ms>`), shared
 * by every Lambda instance; items carry `expiresAt` for the table's TTL.
 */
export class DynamoRateLimiter extends CountingRateLimiter {
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    super(new DynamoWindowCounter({ client, tableName, sortKey: 'sk', keyPrefix: 'RATE#' }));
  }
}
