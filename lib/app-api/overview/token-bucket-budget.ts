import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CashBudget, CashBudgetReader } from './overview-sources.ts';

/**
 * The CASH token bucket's state item (`lib/runtime/rate-window/`'s `DynamoTokenBucket`: `tat`, the
 * theoretical arrival time in epoch ms) of the administration's API key: tokens in use are the whole
 * intervals `tat` lies ahead of now. Null when the administration's bucket key is not known.
 */
export class TokenBucketBudget implements CashBudgetReader {
  constructor(
    private readonly options: {
      client: Pick<DynamoDBDocumentClient, 'send'>;
      tableName: string;
      /** The bucket item's key for the administration (e.g. `{ pk: 'rate-bucket#cash-key#…', sk: 'bucket' }`). */
      itemKey: (administration: string) => Promise<Record<string, string> | undefined>;
      burst: number;
      requestsPerMinute: number;
    },
  ) {}

  async budget(administration: string, now: Date): Promise<CashBudget | null> {
    const key = await this.options.itemKey(administration);
    if (!key) return null;
    const { Item } = await this.options.client.send(
      new GetCommand({ TableName: this.options.tableName, Key: key }),
    );
    const intervalMs = Math.ceil(60_000 / this.options.requestsPerMinute);
    const tat = Number(Item?.tat ?? 0);
    const ahead = Number.isFinite(tat) ? Math.max(0, tat - now.getTime()) : 0;
    const used = Math.min(this.options.burst, Math.ceil(ahead / intervalMs));
    return {
      used,
      limit: this.options.burst,
      windowSeconds: Math.ceil((this.options.burst * intervalMs) / 1000),
    };
  }
}
