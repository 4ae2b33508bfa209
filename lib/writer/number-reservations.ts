import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RequestCounter } from '../documents/index.ts';
import type { NumberScope } from './cash-port.ts';

export function scopeKey(administration: string, scope: NumberScope): string {
  if (scope.kind === 'entry') return `COUNTER#${administration}#entry#${scope.journal}#${scope.year}`;
  // A range has its own counter; its bounds are in the key, so a changed range is seeded afresh from CASH.
  if (scope.kind === 'relation' && scope.range)
    return `COUNTER#${administration}#relation#${scope.range.role}#${scope.range.from}-${scope.range.to}`;
  return `COUNTER#${administration}#${scope.kind}`;
}

/**
 * Hands out boekstuk-, relation- and order numbers before the first write, so every retry sends the same
 * natural key and can look it up in CASH. One atomic counter per scope in DynamoDB, seeded once from CASH.
 */
export class NumberReservations {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly counter: RequestCounter = { count() {} },
  ) {}

  /** Reserves `count` consecutive numbers and returns the first. */
  async reserve(
    administration: string,
    scope: NumberScope,
    count: number,
    seed: () => Promise<number>,
  ): Promise<number> {
    const pk = scopeKey(administration, scope);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        this.counter.count();
        const answer = await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk, sk: 'COUNTER' },
            UpdateExpression: 'ADD #value :n',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#value': 'value' },
            ExpressionAttributeValues: { ':n': count },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        const last = Number(answer.Attributes?.value);
        return last - count + 1;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        await this.seed(pk, (await seed()) - 1);
      }
    }
    throw new Error(`could not reserve numbers for ${pk}`);
  }

  /** Moves a counter past numbers that turned out to be taken in CASH (someone booked by hand). */
  async bumpTo(administration: string, scope: NumberScope, lastUsed: number): Promise<void> {
    this.counter.count();
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: scopeKey(administration, scope), sk: 'COUNTER' },
          UpdateExpression: 'SET #value = :v',
          ConditionExpression: 'attribute_not_exists(#value) OR #value < :v',
          ExpressionAttributeNames: { '#value': 'value' },
          ExpressionAttributeValues: { ':v': lastUsed },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private async seed(pk: string, value: number): Promise<void> {
    try {
      this.counter.count();
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk, sk: 'COUNTER', value },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
