import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DuplicateRegistry } from '../directory/party-directory.ts';
import { DuplicateClaimLostError } from './invoice-store-errors.ts';
import { type InvoiceStoreScope, seenKey } from './store-keys.ts';

/**
 * DuplicateRegistry in the mirror table. `remember` is a conditional put: the first document claims the
 * key, the same document may claim it again (a redelivery), and any other document loses with
 * DuplicateClaimLostError — so of two concurrent deliveries of one invoice only one can pass; the loser's
 * retry then sees the winner and is marked duplicate.
 */
export class DynamoDuplicateRegistry implements DuplicateRegistry {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly scope: InvoiceStoreScope,
  ) {}

  async seen(key: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: seenKey(this.scope, key), ConsistentRead: true }),
    );
    return typeof Item?.documentId === 'string' ? Item.documentId : undefined;
  }

  async remember(key: string, documentId: string, now = new Date()): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...seenKey(this.scope, key),
            dedupKey: key,
            documentId,
            tenant: this.scope.tenant,
            administration: this.scope.administration,
            firstSeenAt: now.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR documentId = :documentId',
          ExpressionAttributeValues: { ':documentId': documentId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      throw new DuplicateClaimLostError(key, documentId, { cause: error });
    }
  }
}
