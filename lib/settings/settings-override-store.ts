import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ConnectorOverride, StoredOverride } from './connector-override.ts';

/** Reads an administration's overrides (what the connectors do at the start of a run). */
export interface OverrideReader {
  read(administration: string): Promise<Record<string, StoredOverride>>;
}

/**
 * Per administration overrides of connector settings and mappings in the documents table:
 * `pk SETTINGS#<administration>`, `sk CONNECTOR#<name>`. The web app's Instellingen writes them; the invoice
 * mailbox and the bank import read them at their next run, over the tenant file's values. Query only.
 */
export class SettingsOverrideStore implements OverrideReader {
  constructor(
    private readonly client: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
  ) {}

  async read(administration: string): Promise<Record<string, StoredOverride>> {
    const found: Record<string, StoredOverride> = {};
    let start: Record<string, unknown> | undefined;
    do {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': `SETTINGS#${administration}`, ':prefix': 'CONNECTOR#' },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of answer.Items ?? []) {
        const connector = String(item.sk).slice('CONNECTOR#'.length);
        found[connector] = {
          settings: isObject(item.settings) ? item.settings : {},
          mappings: isObject(item.mappings) ? (item.mappings as StoredOverride['mappings']) : {},
          updatedAt: String(item.updatedAt ?? ''),
          updatedBy: String(item.updatedBy ?? ''),
        };
      }
      start = answer.LastEvaluatedKey;
    } while (start);
    return found;
  }

  async write(
    administration: string,
    connector: string,
    override: ConnectorOverride,
    by: string,
    now: Date,
  ): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `SETTINGS#${administration}`,
          sk: `CONNECTOR#${connector}`,
          administration,
          connector,
          settings: override.settings,
          mappings: override.mappings,
          updatedAt: now.toISOString(),
          updatedBy: by,
        },
      }),
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
