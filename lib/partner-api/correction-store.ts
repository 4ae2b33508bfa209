import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CorrectionRecord } from './correction.ts';

/** Corrections in the documents table: `pk = CORRECTION#<documentId>`, `sk = <recordedAt>`, oldest first. */
export class CorrectionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores a correction; two in the same millisecond get distinct sort keys. */
  async add(record: CorrectionRecord): Promise<CorrectionRecord> {
    for (let attempt = 0; ; attempt++) {
      const stored = attempt === 0 ? record : { ...record, recordedAt: bump(record.recordedAt, attempt) };
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: `CORRECTION#${stored.documentId}`, sk: stored.recordedAt, ...stored },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return stored;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= 5) throw error;
      }
    }
  }

  async list(documentId: string): Promise<CorrectionRecord[]> {
    const records: CorrectionRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `CORRECTION#${documentId}` },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, ...rest } = item;
        records.push(CorrectionRecord.parse(rest));
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return records;
  }
}

function bump(iso: string, ms: number): string {
  return new Date(new Date(iso).getTime() + ms).toISOString();
}
