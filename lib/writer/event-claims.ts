import {
  IdempotencyConfig,
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyRecordStatus,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { NormalizedEvent } from '../../events/index.ts';

export type ClaimResult =
  | { claim: 'claimed' }
  | { claim: 'completed'; result: unknown }
  | { claim: 'in-progress' }
  | { claim: 'conflict'; message: string };

/**
 * Powertools idempotency records keyed on the event id, with payload validation on the event's data:
 * the same id with other content is refused instead of silently replaying. The writer claims each event
 * before it goes to CASH and completes it after; the claim's in-progress expiry lets a redelivery take over
 * after a crash, and the document record's write plan tells it what to look up in CASH first.
 */
export class EventClaims {
  private readonly persistence: DynamoDBPersistenceLayer;

  constructor(
    client: DynamoDBClient,
    tableName: string,
    options: { keyPrefix?: string; expiresAfterSeconds?: number } = {},
  ) {
    this.persistence = new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client as never });
    this.persistence.configure({
      config: new IdempotencyConfig({
        eventKeyJmesPath: 'id',
        payloadValidationJmesPath: 'data',
        throwOnNoIdempotencyKey: true,
        expiresAfterSeconds: options.expiresAfterSeconds ?? 7 * 24 * 3600,
      }),
      keyPrefix: options.keyPrefix ?? 'cash-writer',
    });
  }

  async claim(event: NormalizedEvent, leaseMs: number): Promise<ClaimResult> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.persistence.saveInProgress(event as never, leaseMs);
        return { claim: 'claimed' };
      } catch (error) {
        if (error instanceof IdempotencyValidationError) return conflict(event);
        if (!(error instanceof IdempotencyItemAlreadyExistsError)) throw error;
        let existing: IdempotencyRecord | undefined = error.existingRecord;
        try {
          // Emulators without ReturnValuesOnConditionCheckFailure give no record: read it.
          existing = existing ?? (await this.persistence.getRecord(event as never));
          if (error.existingRecord) this.persistence.processExistingRecord(existing, event as never);
        } catch (readError) {
          if (readError instanceof IdempotencyValidationError) return conflict(event);
          if (readError instanceof IdempotencyItemNotFoundError) continue;
          throw readError;
        }
        const status = existing.getStatus();
        if (status === IdempotencyRecordStatus.COMPLETED)
          return { claim: 'completed', result: existing.getResponse() };
        if (status === IdempotencyRecordStatus.INPROGRESS) return { claim: 'in-progress' };
      }
    }
    return { claim: 'in-progress' };
  }

  async complete(event: NormalizedEvent, result: Record<string, unknown>): Promise<void> {
    await this.persistence.saveSuccess(event as never, result as never);
  }

  /** Frees the claim so a redelivery can try again at once. */
  async release(event: NormalizedEvent): Promise<void> {
    await this.persistence.deleteRecord(event as never);
  }
}

function conflict(event: NormalizedEvent): ClaimResult {
  return {
    claim: 'conflict',
    message: `event ${event.id} was already processed with different content; a changed document needs a new source id`,
  };
}
