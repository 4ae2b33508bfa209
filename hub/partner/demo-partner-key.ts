import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EVENT_TYPES } from '../../events/index.ts';
import { ApiKeyStore, PARTNER_SCOPES, parseApiKey } from '../../lib/partner-api/index.ts';

export interface DemoPartnerKeyOptions {
  client: DynamoDBDocumentClient;
  documentsTable: string;
  tenant: string;
  administrations: readonly string[];
  /** Where the plaintext key is kept between starts (`.hub/partner-api-key.json`; local only). */
  path: string;
}

/**
 * A partner API key for trying the local hub: created once in the tenant's documents table (the way
 * operators create keys, through `ApiKeyStore`), kept in `.hub/` so every start prints the same key, and
 * created again when the table no longer knows it (after `npm run hub:reset`).
 */
export class DemoPartnerKey {
  constructor(private readonly options: DemoPartnerKeyOptions) {}

  async ensure(): Promise<string> {
    const { client, documentsTable, tenant, administrations, path } = this.options;
    const store = new ApiKeyStore(client, documentsTable);
    if (existsSync(path)) {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as { apiKey?: string };
      if (saved.apiKey) {
        try {
          const record = await store.get(parseApiKey(saved.apiKey).id);
          if (record && !record.revokedAt && record.tenant === tenant) return saved.apiKey;
        } catch {
          // An unreadable or foreign key: make a new one below.
        }
      }
    }
    const created = await store.create({
      tenant,
      partner: 'local-demo',
      administrations: [...administrations],
      eventTypes: [...EVENT_TYPES],
      scopes: [...PARTNER_SCOPES],
      description: 'created by the local hub (npm start)',
    });
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify({ apiKey: created.apiKey, signingKey: created.signingKey }, null, 2));
    return created.apiKey;
  }
}
