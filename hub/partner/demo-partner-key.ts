import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EVENT_TYPES } from '../../events/index.ts';
import { ApiKeyStore, PARTNER_SCOPES, parseApiKey } from '../../lib/partner-api/index.ts';

export interface DemoPartnerKeyOptions {
  client: DynamoDBDocumentClient;
  /** The partner-api function's API-key table (`API_KEYS_TABLE`). */
  apiKeysTable: string;
  tenant: string;
  administrations: readonly string[];
  /** Where the plaintext key is kept between starts (`.hub/partner-api-key.json`; local only). */
  path: string;
}

/** Only the hub's user may read the key file: it holds a key and its signing key in plaintext. */
export const DEMO_KEY_FILE_MODE = 0o600;

/**
 * A partner API key for trying the local hub: created once in the tenant's API-key table (the way
 * operators create keys, through `ApiKeyStore`), kept in `.hub/` so every start prints the same key, and
 * created again when the table no longer knows it (after `npm run hub:reset`).
 */
export class DemoPartnerKey {
  constructor(private readonly options: DemoPartnerKeyOptions) {}

  async ensure(): Promise<string> {
    const { client, apiKeysTable, tenant, administrations, path } = this.options;
    const store = new ApiKeyStore(client, apiKeysTable);
    if (existsSync(path)) {
      // A file written by an earlier version may be readable by others; it is not from now on.
      chmodSync(path, DEMO_KEY_FILE_MODE);
      const saved = JSON.parse(readFileSync(path, 'utf8')) as { apiKey?: string; signingKey?: string };
      if (saved.apiKey && saved.signingKey) {
        try {
          const record = await store.get(parseApiKey(saved.apiKey).id);
          if (record?.signingKey && !record.revokedAt && record.tenant === tenant) return saved.apiKey;
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
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const json = JSON.stringify(
      { apiKey: created.apiKey, keyId: created.record.id, signingKey: created.signingKey },
      null,
      2,
    );
    // `mode` applies only when the file is created; chmod covers an existing one.
    writeFileSync(path, json, { mode: DEMO_KEY_FILE_MODE });
    chmodSync(path, DEMO_KEY_FILE_MODE);
    return created.apiKey;
  }
}
