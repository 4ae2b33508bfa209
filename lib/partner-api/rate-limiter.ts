import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends (the Retry-After value when refused). */
  resetSeconds: number;
}

export interface RateLimiter {
  consume(keyId: string, limitPerMinute: number, now?: Date): Promise<RateDecision>;
}

const WINDOW_MS = 60_000;

/** The fixed one-minute window a moment falls in, and the seconds left in it (at least 1). */
export function fixedWindow(now: Date): { start: number; resetSeconds: number } {
  const start = Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS;
  return { start, resetSeconds: Math.max(1, Math.ceil((start + WINDOW_MS - now.getTime()) / 1000)) };
}

export function decide(hits: number, limit: number, resetSeconds: number): RateDecision {
  return { allowed: hits <= limit, limit, remaining: Math.max(0, limit - hits), resetSeconds };
}

/**
 * A per-key fixed-window counter in the documents table (`pk = RATE#<keyId>`, `sk = <window start>`): one
 * atomic ADD per request, shared by every Lambda instance. Items carry `expiresAt` for the table's TTL.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async consume(keyId: string, limitPerMinute: number, now = new Date()): Promise<RateDecision> {
    const window = fixedWindow(now);
    const answer = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `RATE#${keyId}`, sk: new Date(window.start).toISOString() },
        UpdateExpression: 'ADD hits :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ExpressionAttributeValues: { ':one': 1, ':expires': Math.floor(window.start / 1000) + 3600 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const hits = Number(answer.Attributes?.hits ?? 1);
    return decide(hits, limitPerMinute, window.resetSeconds);
  }
}

/** The same fixed window in memory, for local runs of the API without DynamoDB. */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly counts = new Map<string, number>();

  async consume(keyId: string, limitPerMinute: number, now = new Date()): Promise<RateDecision> {
    const window = fixedWindow(now);
    const slot = `${keyId}#${window.start}`;
    const hits = (this.counts.get(slot) ?? 0) + 1;
    this.counts.set(slot, hits);
    for (const existing of this.counts.keys())
      if (!existing.endsWith(`#${window.start}`)) this.counts.delete(existing);
    return decide(hits, limitPerMinute, window.resetSeconds);
  }
}
