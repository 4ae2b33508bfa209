import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { EventType } from '../../events/index.ts';
import {
  API_KEY_ID_PATTERN,
  type ApiKeyParts,
  ApiKeyRecord,
  formatApiKey,
  generateApiKeyParts,
  type PartnerScope,
  secretDigest,
} from './api-key.ts';
import { ApiKeyFormatError, PartnerApiError } from './errors.ts';
import { signingKeyOf } from './request-signature.ts';

const SK = 'KEY';
const key = (id: string) => ({ pk: `APIKEY#${id}`, sk: SK });
/** The list of the tenant's keys (without verifier or signing key), so listing is a Query, never a Scan. */
const LIST_PK = 'APIKEYS';
const listKey = (id: string) => ({ pk: LIST_PK, sk: `KEY#${id}` });

/** A key as lists show it: its grants, never its verifier or signing key. */
export type ApiKeySummary = Omit<ApiKeyRecord, 'secretDigest' | 'signingKey'>;

function summaryOf(record: ApiKeyRecord): ApiKeySummary {
  const { secretDigest: _digest, signingKey: _signing, ...summary } = record;
  return summary;
}

export interface NewApiKey {
  tenant: string;
  partner: string;
  administrations: string[];
  eventTypes: EventType[];
  rateLimitPerMinute?: number;
  /** Further permissions, e.g. `bank-rules:write`; `bank-rules:read` only when absent. */
  scopes?: PartnerScope[];
  /** Connectors whose webhook route the key may sign for (never one of the hub's own). */
  webhookConnectors?: string[];
  description?: string;
}

export interface CreatedApiKey {
  /** The plaintext key, shown once: it is not stored and cannot be recovered. */
  apiKey: string;
  /** The HMAC key for signed requests and webhooks (also derivable with `signingKeyOf(secret)`), hex. */
  signingKey: string;
  record: ApiKeyRecord;
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 120;

/**
 * API key records (`pk = APIKEY#<id>`, `sk = KEY`) in the tenant's API-key table, which only the
 * partner-api function may read and write: a record holds the signing key.
 */
export class ApiKeyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    if (!API_KEY_ID_PATTERN.test(id)) return undefined;
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key(id) }));
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...rest } = Item;
    const parsed = ApiKeyRecord.safeParse(rest);
    if (!parsed.success)
      throw new ApiKeyFormatError(`API key record ${id} is damaged: ${parsed.error.message}`);
    return parsed.data;
  }

  /** Creates a key and returns its plaintext once. */
  async create(
    input: NewApiKey,
    now = new Date(),
    parts: ApiKeyParts = generateApiKeyParts(),
  ): Promise<CreatedApiKey> {
    const record = ApiKeyRecord.parse({
      id: parts.id,
      tenant: input.tenant,
      partner: input.partner,
      secretDigest: secretDigest(parts.secret),
      signingKey: signingKeyOf(parts.secret),
      administrations: [...new Set(input.administrations)],
      eventTypes: [...new Set(input.eventTypes)],
      rateLimitPerMinute: input.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
      createdAt: now.toISOString(),
      ...(input.scopes ? { scopes: [...new Set(input.scopes)] } : {}),
      ...(input.webhookConnectors ? { webhookConnectors: [...new Set(input.webhookConnectors)] } : {}),
      ...(input.description ? { description: input.description } : {}),
    });
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(record.id), ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new PartnerApiError(`API key id ${record.id} exists already; create the key again`, {
          cause: error,
        });
      }
      throw error;
    }
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: { ...listKey(record.id), ...summaryOf(record) } }),
      );
    } catch (error) {
      // Nobody got the secret of a key that is not listed: it is revoked, never left usable and unseen.
      await this.revoke(record.id, now).catch(() => undefined);
      throw new PartnerApiError(`API key ${record.id} could not be listed; it was revoked, create it again`, {
        cause: error,
      });
    }
    return { apiKey: formatApiKey(parts), signingKey: record.signingKey as string, record };
  }

  /** Revokes a key; requests with it are refused from now on. Returns false for an unknown id. */
  async revoke(id: string, now = new Date()): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(id),
          ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ExpressionAttributeValues: { ':at': now.toISOString() },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
    // The list entry follows; a key made before the list existed gets none.
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: listKey(id),
          ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ExpressionAttributeValues: { ':at': now.toISOString() },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return true;
  }

  /** The keys made through this store (the list entries), oldest first; revoked ones carry `revokedAt`. */
  async list(): Promise<ApiKeySummary[]> {
    const found: ApiKeySummary[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': LIST_PK },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of answer.Items ?? []) {
        const { pk: _pk, sk: _sk, ...rest } = item;
        const parsed = ApiKeyRecord.omit({ secretDigest: true, signingKey: true }).safeParse(rest);
        if (parsed.success) found.push(parsed.data);
      }
      start = answer.LastEvaluatedKey;
    } while (start);
    return found.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  }
}

/**
 * For the CLI and operators: creates a partner's API key in a tenant's API-key table and returns the
 * plaintext key and signing key (shown once) with the record.
 */
export function createApiKey(
  client: DynamoDBDocumentClient,
  apiKeysTable: string,
  input: NewApiKey,
): Promise<CreatedApiKey> {
  return new ApiKeyStore(client, apiKeysTable).create(input);
}
