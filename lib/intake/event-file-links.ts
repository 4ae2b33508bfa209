import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/** Links an event's status record to the file it came from and the relation key corrections go to. */
export class EventFileLinks {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly documentsTable: string,
  ) {}

  async link(eventId: string, documentId: string, relationKey: string | null): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.documentsTable,
          Key: { pk: `DOC#${eventId}`, sk: 'STATUS' },
          ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: `SET fileDocumentId = :file${relationKey ? ', relationKey = :relationKey' : ''}`,
          ExpressionAttributeValues: {
            ':file': documentId,
            ...(relationKey ? { ':relationKey': relationKey } : {}),
          },
        }),
      );
    } catch (error) {
      // The link is a convenience for corrections; the booking does not depend on it.
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}
