import { bankImportSettingsOf, DynamoMatchMemory } from '../../lib/bank/stores/index.ts';
import { cashAdapterSettings } from '../../lib/cash/settings/index.ts';
import { DocumentStore } from '../../lib/documents/index.ts';
import { MirrorLookup, MirrorStore } from '../../lib/mirror/index.ts';
import {
  ApiKeyStore,
  Authenticator,
  BankMatchLearner,
  BankRuleStore,
  CorrectionStore,
  DynamoNonceStore,
  DynamoRateLimiter,
  EventAdmission,
  InvoiceLedgerLearner,
  PartnerApi,
} from '../../lib/partner-api/index.ts';
import { runStoreFromEnv } from '../../lib/runs/index.ts';
import { awsClients } from '../../lib/runtime/aws-clients.ts';
import { ENV, requireEnv } from '../../lib/runtime/env.ts';
import { EventPublisher } from '../../lib/runtime/event-publisher.ts';
import { observability } from '../../lib/runtime/powertools.ts';
import { tenantRuntimeConfig } from '../../lib/runtime/tenant-runtime.ts';
import { createPartnerApiHandler } from './partner-api-handler.ts';

const tools = observability('partner-api');
let api: Promise<PartnerApi> | undefined;

/**
 * The real dependencies. Corrections are stored in the documents table and fed to the invoice connector's
 * ledger memory and the bank matcher's memory (both in the mirror table); bank lines are booked through the
 * same queue as events.
 */
async function buildApi(): Promise<PartnerApi> {
  const config = tenantRuntimeConfig();
  const clients = awsClients();
  const table = requireEnv(ENV.documentsTable);
  const mirrorTable = requireEnv(ENV.mirrorTable);
  const apiKeysTable = requireEnv(ENV.apiKeysTable);
  const documents = new DocumentStore(clients.documents, table);
  const publisher = new EventPublisher(clients.sqs, requireEnv(ENV.eventQueueUrl), documents);
  // One memory per administration, read by the bank import, taught by corrections, edited through bank-rules.
  const matchMemory = new DynamoMatchMemory(clients.documents, mirrorTable, config.tenant);
  const mirror = new MirrorStore(clients.documents, mirrorTable);
  const settingsOf = new Map(
    config.administrations.map((a) => [a.code, cashAdapterSettings(a.cashSettings ?? {})]),
  );
  return new PartnerApi({
    scope: { tenant: config.tenant, administrations: config.administrations.map((a) => a.code) },
    authenticator: new Authenticator(
      new ApiKeyStore(clients.documents, apiKeysTable),
      config.tenant,
      new DynamoNonceStore(clients.documents, apiKeysTable),
    ),
    rateLimiter: new DynamoRateLimiter(clients.documents, table),
    documents,
    publisher,
    corrections: new CorrectionStore(clients.documents, table),
    learners: [
      new InvoiceLedgerLearner({ client: clients.documents, mirrorTable, documents }),
      new BankMatchLearner({
        tenant: config.tenant,
        documents,
        publisher,
        memory: matchMemory,
        mirror,
        settings: bankImportSettingsOf(config),
      }),
    ],
    bankRules: new BankRuleStore(matchMemory, mirror),
    // The writer's settings per administration, so the door refuses exactly what the writer would.
    admission: new EventAdmission({
      settings: (code) => settingsOf.get(code) ?? cashAdapterSettings(),
      mirror: new MirrorLookup(mirror),
      onMirrorError: (error) =>
        tools.logger.warn('the CASH mirror could not be read; event codes go unchecked', { error }),
    }),
    log: (level, message, details) => tools.logger[level](message, details ?? {}),
  });
}

export const handler = createPartnerApiHandler({
  runs: runStoreFromEnv(),
  observability: tools,
  api: () => {
    api ??= buildApi().catch((error: unknown) => {
      api = undefined;
      throw error;
    });
    return api;
  },
});
