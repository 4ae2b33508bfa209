import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  BankStatementImporter,
  BunqClient,
  BunqTransactionSource,
  bankImportSettingsOf,
  DynamoMatchMemory,
  SecretsManagerBunqContextStore,
} from '../../lib/bank/stores/index.ts';
import { DocumentStore } from '../../lib/documents/index.ts';
import { MirrorStore } from '../../lib/mirror/index.ts';
import { runStoreFromEnv } from '../../lib/runs/index.ts';
import { awsClients } from '../../lib/runtime/aws-clients.ts';
import { ENV, requireEnv } from '../../lib/runtime/env.ts';
import { EventPublisher } from '../../lib/runtime/event-publisher.ts';
import { observability } from '../../lib/runtime/powertools.ts';
import { readSecret } from '../../lib/runtime/secrets.ts';
import { tenantRuntimeConfig } from '../../lib/runtime/tenant-runtime.ts';
import { effectiveSettings, SettingsOverrideStore } from '../../lib/settings/index.ts';
import { administrationsFor, bankImportSettings } from '../../lib/tenant/index.ts';
import { createBankImportHandler } from './bank-import-handler.ts';

const tools = observability('bank-import');
const clients = awsClients();
const config = tenantRuntimeConfig();
const documents = new DocumentStore(clients.documents, requireEnv(ENV.documentsTable));
const mirrorTable = requireEnv(ENV.mirrorTable);
const settings = bankImportSettingsOf(config);
const secrets = new SecretsManagerClient({});
const overrides = new SettingsOverrideStore(clients.documents, requireEnv(ENV.documentsTable));

export const handler = createBankImportHandler({
  runs: runStoreFromEnv(),
  observability: tools,
  tenant: config.tenant,
  s3: clients.s3,
  archiveBucket: requireEnv(ENV.archiveBucket),
  documents,
  importer: new BankStatementImporter({
    tenant: config.tenant,
    documents,
    publisher: new EventPublisher(clients.sqs, requireEnv(ENV.eventQueueUrl), documents),
    memory: new DynamoMatchMemory(clients.documents, mirrorTable, config.tenant),
    mirror: new MirrorStore(clients.documents, mirrorTable),
  }),
  administrations: () => administrationsFor(config, 'bank-import').map((adm) => adm.code),
  // Instellingen in the web app: the administration's overrides over the tenant file, read at every file and pull.
  settings: async (administration) =>
    bankImportSettings.parse(
      (
        await effectiveSettings(
          'bank-import',
          administration,
          { settings: config.connectors['bank-import']?.settings ?? {} },
          overrides,
          (level, message, details) => tools.logger[level](message, details ?? {}),
        )
      ).settings,
    ),
  sources: (administration) =>
    (settings.bunq ?? [])
      .filter((connection) => connection.administration === administration)
      .map((connection) => ({
        name: 'bunq',
        fetch: async (since: string) => {
          const client = new BunqClient({
            apiKey: await readSecret(connection.apiKeySecretName),
            ...(connection.sandbox ? { baseUrl: 'https://public-api.sandbox.bunq.com/v1' } : {}),
            store: new SecretsManagerBunqContextStore(secrets, connection.contextSecretName),
          });
          return new BunqTransactionSource(client, connection.ibans).fetch(since);
        },
      })),
});
