import { gunzipSync, gzipSync } from 'node:zlib';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { emptyMemory, type MatchMemory, parseMemoryJson, serializeMemory } from '../matching/index.ts';
import { BankImportError, MatchMemoryConflictError } from './errors.ts';

/** A memory as loaded, with the version its next save must be based on (0 = none stored yet). */
export interface VersionedMemory {
  memory: MatchMemory;
  version: number;
}

/** DynamoDB refuses items over 400 KB; stay clear of it with room for the keys. */
const MAX_STORED_BYTES = 380_000;
const SORT_KEY = 'MATCH_MEMORY';

/**
 * The matcher's memory per tenant and administration in the mirror table (`pk`/`sk`), gzipped JSON with a
 * version number: a save only succeeds on top of the version it was loaded at (optimistic concurrency), so
 * two people's corrections at the same time never overwrite each other.
 */
export class DynamoMatchMemory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenant: string,
  ) {}

  private key(administration: string) {
    return { pk: `BANKMEMORY#${this.tenant}#${administration}`, sk: SORT_KEY };
  }

  async load(administration: string): Promise<VersionedMemory> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(administration), ConsistentRead: true }),
    );
    if (!Item) return { memory: emptyMemory(), version: 0 };
    const body = Item.memory as Uint8Array;
    try {
      return { memory: parseMemoryJson(gunzipSync(body).toString('utf8')), version: Number(Item.version) };
    } catch (error) {
      throw new BankImportError(
        `match memory of ${this.tenant}/${administration} cannot be read: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** Saves on top of `expectedVersion`; returns the new version or throws MatchMemoryConflictError. */
  async save(administration: string, memory: MatchMemory, expectedVersion: number): Promise<number> {
    const body = gzipSync(Buffer.from(serializeMemory(memory), 'utf8'));
    if (body.byteLength > MAX_STORED_BYTES) {
      throw new BankImportError(
        `match memory of ${this.tenant}/${administration} is ${body.byteLength} bytes gzipped, over the ${MAX_STORED_BYTES} limit`,
      );
    }
    const version = expectedVersion + 1;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...this.key(administration),
            memory: body,
            version,
            updatedAt: new Date().toISOString(),
          },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : '#version = :expected',
          ...(expectedVersion === 0
            ? {}
            : {
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
      return version;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new MatchMemoryConflictError(
          `match memory of ${this.tenant}/${administration} changed since version ${expectedVersion}`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  /**
   * Load → change → save, again from the top when someone else saved in between (up to `attempts` times).
   * `change` must be pure: it may run more than once.
   */
  async update<T>(
    administration: string,
    change: (memory: MatchMemory) => { memory: MatchMemory; value: T },
    attempts = 5,
  ): Promise<{ value: T; version: number }> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(administration);
      const { memory, value } = change(current.memory);
      try {
        const version = await this.save(administration, memory, current.version);
        return { value, version };
      } catch (error) {
        if (!(error instanceof MatchMemoryConflictError) || attempt >= attempts) throw error;
        // Writers that lost together would collide again at once: each waits a random, growing while.
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 10 * 2 ** attempt)));
      }
    }
  }
}
