import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoTokenBucket } from '../../runtime/rate-window/index.ts';
import { CashError } from '../errors/cash-error.ts';
import { cashApiKeyId } from './cash-api-key-id.ts';
import type { CashRateLimiterTable } from './create-cash-rate-limiter.ts';

const ALIAS_PREFIX = 'cash-bucket-of#';
const ALIAS_SORT = 'bucket-key';

/**
 * Which token bucket an administration's CASH calls take from, for readers that must not hold the CASH
 * API key (the web app's overview). The functions that read the key (writer, cash-sync) record the key's
 * hashed name (`cashApiKeyId`) per administration in the limiter's own table; a reader looks it up and
 * finds the bucket item in the limiter's layout. One item per administration: `pk = cash-bucket-of#<adm>`
 * (`sk = bucket-key` when the table has a sort key), attribute `keyId`.
 */
export class CashBucketDirectory {
  readonly #client: Pick<DynamoDBDocumentClient, 'send'>;
  readonly #tableName: string;
  readonly #sortKey: string | undefined;
  readonly #bucket: DynamoTokenBucket;

  constructor(table: CashRateLimiterTable) {
    this.#client = table.client;
    this.#tableName = table.tableName;
    this.#sortKey = table.sortKey;
    this.#bucket = new DynamoTokenBucket({
      client: table.client,
      tableName: table.tableName,
      ...(table.sortKey ? { sortKey: table.sortKey } : {}),
    });
  }

  /** Records that `administration` spends the budget of `apiKey` (only its hashed name is stored). */
  async record(administration: string, apiKey: string, now: Date = new Date()): Promise<void> {
    checkAdministration(administration);
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: {
          ...this.#aliasKey(administration),
          keyId: cashApiKeyId(apiKey),
          recordedAt: now.toISOString(),
        },
      }),
    );
  }

  /** The hashed key name recorded for `administration`; undefined before a writer or sync recorded one. */
  async keyIdOf(administration: string): Promise<string | undefined> {
    checkAdministration(administration);
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: this.#aliasKey(administration) }),
    );
    const keyId = Item?.keyId;
    return typeof keyId === 'string' && keyId.length > 0 ? keyId : undefined;
  }

  /** The bucket item of `administration`'s key in the limiter's table, or undefined when not known. */
  async bucketItemKey(administration: string): Promise<Record<string, string> | undefined> {
    const keyId = await this.keyIdOf(administration);
    return keyId ? this.#bucket.itemKey(keyId) : undefined;
  }

  #aliasKey(administration: string): Record<string, string> {
    const pk = `${ALIAS_PREFIX}${administration}`;
    return this.#sortKey ? { pk, [this.#sortKey]: ALIAS_SORT } : { pk };
  }
}

function checkAdministration(administration: string): void {
  if (typeof administration !== 'string' || administration.length === 0 || administration.length > 100)
    throw new CashError(
      `administration: must be a code of 1 to 100 characters, got "${String(administration).slice(0, 40)}"`,
    );
}
