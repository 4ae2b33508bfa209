import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { InvoiceNumberRegistry } from './invoice-number-registry.ts';

export interface DynamoInvoiceNumberRegistryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Keeps administrations apart in a shared table, e.g. `acme#DEMO`. */
  scope: string;
}

/**
 * Registry on a generic `pk`/`sk` table. A number is claimed with a conditional put on
 * `pk = invoice-number#<scope>#<relation>`, `sk = number#<n>`, so two writers can never give one number to
 * two originals; a second item `sk = original#<original>` makes lookups one GetItem.
 */
export class DynamoInvoiceNumberRegistry implements InvoiceNumberRegistry {
  readonly #options: DynamoInvoiceNumberRegistryOptions;

  constructor(options: DynamoInvoiceNumberRegistryOptions) {
    this.#options = options;
  }

  #pk(relationKey: string): string {
    return `invoice-number#${this.#options.scope}#${relationKey}`;
  }

  async lookup(relationKey: string, original: string): Promise<string | undefined> {
    const result = await this.#options.client.send(
      new GetCommand({
        TableName: this.#options.tableName,
        Key: { pk: this.#pk(relationKey), sk: `original#${original}` },
        ConsistentRead: true,
      }),
    );
    const cashNumber = result.Item?.cashNumber;
    return typeof cashNumber === 'string' ? cashNumber : undefined;
  }

  async claim(relationKey: string, original: string, candidate: string): Promise<boolean> {
    const pk = this.#pk(relationKey);
    try {
      await this.#options.client.send(
        new PutCommand({
          TableName: this.#options.tableName,
          Item: { pk, sk: `number#${candidate}`, original, claimedAt: new Date().toISOString() },
          ConditionExpression: 'attribute_not_exists(pk) OR original = :original',
          ExpressionAttributeValues: { ':original': original },
        }),
      );
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        (error as { name?: string }).name === 'ConditionalCheckFailedException'
      ) {
        return false;
      }
      throw error;
    }
    // Written after the claim: a crash in between only costs a re-claim of the same (deterministic) number.
    await this.#options.client.send(
      new PutCommand({
        TableName: this.#options.tableName,
        Item: { pk, sk: `original#${original}`, cashNumber: candidate },
      }),
    );
    return true;
  }
}
