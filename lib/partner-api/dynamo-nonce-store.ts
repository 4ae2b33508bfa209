import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { NonceStore } from './nonce-store.ts';

/**
 * Nonces in the tenant's API-key table (`pk = NONCE#<keyId>#<nonce>`, `sk = NONCE`), taken with a
 * conditional put so two Lambda instances cannot both accept one; `expiresAt` lets the table's TTL drop them.
 */
export class DynamoNonceStore implements NonceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(keyId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `NONCE#${keyId}#${nonce}`,
            sk: 'NONCE',
            expiresAt: Math.ceil(expiresAt.getTime() / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
