import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ReceiptRecord, ReceiptRecords } from './receipt-stores.ts';

/**
 * Receipt records in the documents table beside the file's status record: `pk = DOC#<documentId>`,
 * `sk = RECEIPT` (the status record is `sk = STATUS`, written by the invoice mailbox), so neither write
 * can disturb the other, whichever comes first.
 */
export class DynamoReceiptRecords implements ReceiptRecords {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(record: ReceiptRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `DOC#${record.documentId}`, sk: 'RECEIPT', ...record },
      }),
    );
  }

  async get(documentId: string): Promise<ReceiptRecord | undefined> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `DOC#${documentId}`, sk: 'RECEIPT' } }),
    );
    if (!answer.Item) return undefined;
    const { pk: _pk, sk: _sk, ...record } = answer.Item;
    return record as ReceiptRecord;
  }
}
