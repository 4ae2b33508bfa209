import {
  BankStatementImporter,
  bankImportSettingsOf,
  DynamoMatchMemory,
} from '../../lib/bank/stores/index.ts';
import { DocumentStore } from '../../lib/documents/index.ts';
import { MirrorStore } from '../../lib/mirror/index.ts';
import { awsClients } from '../../lib/runtime/aws-clients.ts';
import { ENV, requireEnv } from '../../lib/runtime/env.ts';
import { EventPublisher } from '../../lib/runtime/event-publisher.ts';
import { observability } from '../../lib/runtime/powertools.ts';
import { tenantRuntimeConfig } from '../../lib/runtime/tenant-runtime.ts';
import { createBankImportHandler } from './bank-import-handler.ts';

const tools = observability('bank-import');
const clients = awsClients();
const config = tenantRuntimeConfig();
const documents = new DocumentStore(clients.documents, requireEnv(ENV.documentsTable));
const mirrorTable = requireEnv(ENV.mirrorTable);
const entry = config.connectors['bank-import'];
const settings = bankImportSettingsOf(config);

export const handler = createBankImportHandler({
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
  administrations: () => entry?.administrations ?? config.administrations.map((adm) => adm.code),
  settings: () => settings,
  // No bank API client is wired yet: scheduled pulls log that no source is configured.
  sources: () => [],
});
