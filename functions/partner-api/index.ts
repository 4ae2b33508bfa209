import { DocumentStore } from '../../lib/documents/index.ts';
import {
  ApiKeyStore,
  Authenticator,
  CorrectionStore,
  DynamoRateLimiter,
  PartnerApi,
} from '../../lib/partner-api/index.ts';
import { awsClients } from '../../lib/runtime/aws-clients.ts';
import { ENV, requireEnv } from '../../lib/runtime/env.ts';
import { EventPublisher } from '../../lib/runtime/event-publisher.ts';
import { observability } from '../../lib/runtime/powertools.ts';
import { tenantRuntimeConfig } from '../../lib/runtime/tenant-runtime.ts';
import { createPartnerApiHandler } from './partner-api-handler.ts';

const tools = observability('partner-api');
let api: Promise<PartnerApi> | undefined;

/**
 * The real dependencies. Corrections are stored for the connectors, whose learning code reads them from
 * the documents table; no connector memory lives in this function, so no learner is wired here.
 */
async function buildApi(): Promise<PartnerApi> {
  const config = tenantRuntimeConfig();
  const clients = awsClients();
  const table = requireEnv(ENV.documentsTable);
  const documents = new DocumentStore(clients.documents, table);
  return new PartnerApi({
    scope: { tenant: config.tenant, administrations: config.administrations.map((a) => a.code) },
    authenticator: new Authenticator(new ApiKeyStore(clients.documents, table), config.tenant),
    rateLimiter: new DynamoRateLimiter(clients.documents, table),
    documents,
    publisher: new EventPublisher(clients.sqs, requireEnv(ENV.eventQueueUrl), documents),
    corrections: new CorrectionStore(clients.documents, table),
    log: (level, message, details) => tools.logger[level](message, details ?? {}),
  });
}

export const handler = createPartnerApiHandler({
  observability: tools,
  api: () => {
    api ??= buildApi().catch((error: unknown) => {
      api = undefined;
      throw error;
    });
    return api;
  },
});
