import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerChoice, LedgerMemory } from '../directory/party-directory.ts';
import { type InvoiceStoreScope, ledgerKey } from './store-keys.ts';

/**
 * LedgerMemory in the mirror table, one item per relation. A correction sets only the fields it names, so
 * a later cost-centre correction keeps the learned ledger account.
 */
export class DynamoLedgerMemory implements LedgerMemory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly scope: InvoiceStoreScope,
  ) {}

  async get(relationKey: string): Promise<LedgerChoice | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: ledgerKey(this.scope, relationKey),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const choice: LedgerChoice = {
      ...(typeof Item.ledgerAccount === 'string' ? { ledgerAccount: Item.ledgerAccount } : {}),
      ...(typeof Item.costCentre === 'string' ? { costCentre: Item.costCentre } : {}),
    };
    return choice.ledgerAccount !== undefined || choice.costCentre !== undefined ? choice : undefined;
  }

  async learn(relationKey: string, choice: LedgerChoice, now = new Date()): Promise<void> {
    const sets = [
      'relationKey = :relationKey',
      'tenant = :tenant',
      'administration = :adm',
      'learnedAt = :at',
    ];
    const values: Record<string, unknown> = {
      ':relationKey': relationKey,
      ':tenant': this.scope.tenant,
      ':adm': this.scope.administration,
      ':at': now.toISOString(),
    };
    if (choice.ledgerAccount !== undefined) {
      sets.push('ledgerAccount = :ledgerAccount');
      values[':ledgerAccount'] = choice.ledgerAccount;
    }
    if (choice.costCentre !== undefined) {
      sets.push('costCentre = :costCentre');
      values[':costCentre'] = choice.costCentre;
    }
    if (sets.length === 4) return; // nothing to learn
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: ledgerKey(this.scope, relationKey),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeValues: values,
      }),
    );
  }
}
