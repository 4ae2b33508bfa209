import { apiKeysRoutes } from '../../lib/app-api/api-keys/index.ts';
import { AppRouter } from '../../lib/app-api/index.ts';
import { createAppTokenVerifier } from '../../lib/identity/index.ts';
import { DeliveryStore, deliveryQueuesOf } from '../../lib/outbound/index.ts';
import {
  ApiKeyStore,
  Authenticator,
  apiServicesFromEnv,
  DynamoNonceStore,
  DynamoRateLimiter,
  PartnerApi,
} from '../../lib/partner-api/index.ts';
import { runStoreFromEnv } from '../../lib/runs/index.ts';
import { awsClients } from '../../lib/runtime/aws-clients.ts';
import { builtOnce } from '../../lib/runtime/built-once.ts';
import { ENV, requireEnv } from '../../lib/runtime/env.ts';
import { logOf, observability } from '../../lib/runtime/powertools.ts';
import { tenantRuntimeConfig } from '../../lib/runtime/tenant-runtime.ts';
import { createPartnerApiHandler } from './partner-api-handler.ts';

const tools = observability('partner-api');
const log = logOf(tools.logger);

/**
 * The real dependencies: the services the web app's API acts through too (`apiServices`: documents,
 * corrections and the memories they teach, bank rules, the event door), plus the API keys and nonces of
 * the key table and the per-key rate limit.
 */
async function buildApi(): Promise<PartnerApi> {
  const config = tenantRuntimeConfig();
  const clients = awsClients();
  const table = requireEnv(ENV.documentsTable);
  const apiKeysTable = requireEnv(ENV.apiKeysTable);
  const services = apiServicesFromEnv({ config, clients, log });
  return new PartnerApi({
    scope: { tenant: config.tenant, administrations: config.administrations.map((a) => a.code) },
    authenticator: new Authenticator(
      new ApiKeyStore(clients.documents, apiKeysTable),
      config.tenant,
      new DynamoNonceStore(clients.documents, apiKeysTable),
    ),
    rateLimiter: new DynamoRateLimiter(clients.documents, table),
    documents: services.documents,
    publisher: services.publisher,
    corrections: services.corrections,
    learners: services.learners,
    bankRules: services.bankRules,
    admission: services.admission,
    deliveries: new DeliveryStore(clients.documents, requireEnv(ENV.deliveriesTable)),
    deliveryQueues: deliveryQueuesOf(clients.sqs, process.env[ENV.deliveryQueues]),
    log,
  });
}

/**
 * The web app's API-key pages (`/v1/app/api-keys*`) behind the same app router as the app-api function:
 * the user's token verified here, the key table read here only. Built on first use, so the partner API
 * runs without the app's sign-in settings.
 */
async function buildApp(): Promise<AppRouter> {
  const config = tenantRuntimeConfig();
  const clients = awsClients();
  return new AppRouter({
    tenant: config.tenant,
    administrations: config.administrations.map((a) => a.code),
    verifier: createAppTokenVerifier(process.env),
    routes: apiKeysRoutes({
      tenant: config.tenant,
      keys: new ApiKeyStore(clients.documents, requireEnv(ENV.apiKeysTable)),
    }),
    log,
  });
}

export const handler = createPartnerApiHandler({
  app: builtOnce(buildApp),
  runs: runStoreFromEnv(),
  observability: tools,
  api: builtOnce(buildApi),
});
