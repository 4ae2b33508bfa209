import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

/** Where a shop's poller keeps the last change time it published (`pk SHOPSYNC#<platform>#<shop>`, `sk HWM`). */
export interface HighWaterMarks {
  get(platform: string, shop: string): Promise<string | undefined>;
  /** Moves the mark forward only: a slower, older run never takes it back. */
  advance(platform: string, shop: string, mark: string): Promise<void>;
}

export class DynamoHighWaterMarks implements HighWaterMarks {
  constructor(
    private readonly client: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
  ) {}

  async get(platform: string, shop: string): Promise<string | undefined> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `SHOPSYNC#${platform}#${shop}`, sk: 'HWM' } }),
    );
    const mark = answer.Item?.mark;
    return typeof mark === 'string' ? mark : undefined;
  }

  async advance(platform: string, shop: string, mark: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `SHOPSYNC#${platform}#${shop}`, sk: 'HWM', mark, updatedAt: new Date().toISOString() },
          ConditionExpression: 'attribute_not_exists(pk) OR mark < :mark',
          ExpressionAttributeValues: { ':mark': mark },
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}
