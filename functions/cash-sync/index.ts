import {
  CashBucketDirectory,
  createCashRateLimiter,
  type RateLimiter,
} from '../../lib/cash/rate-limit/index.ts';
import { CashRestClient } from '../../lib/cash/rest/cash-rest-client.ts';
import { MirrorStore, syncMirror } from '../../lib/mirror/index.ts';
import { runStoreFromEnv } from '../../lib/runs/index.ts';
import { awsClients } from '../../lib/runtime/aws-clients.ts';
import { ENV, requireEnv } from '../../lib/runtime/env.ts';
import { observability } from '../../lib/runtime/powertools.ts';
import { readSecret } from '../../lib/runtime/secrets.ts';
import { tenantRuntimeConfig } from '../../lib/runtime/tenant-runtime.ts';
import { createSyncHandler } from './sync-handler.ts';

const tools = observability('cash-sync');

/**
 * The writer's shared limiter, as a background caller: sync and writer together stay within CASH's budget,
 * and the sync leaves the last tokens of the burst to the writer's bookings. One per container, so the
 * bucket's memory of refused takes survives between invocations.
 */
let rateLimiter: RateLimiter | undefined;
function sharedRateLimiter(): RateLimiter {
  rateLimiter ??= createCashRateLimiter(
    tenantRuntimeConfig().cashRateLimit,
    { client: awsClients().documents, tableName: requireEnv(ENV.mirrorTable), sortKey: 'sk' },
    'background',
  );
  return rateLimiter;
}

export const handler = createSyncHandler({
  runs: runStoreFromEnv(),
  observability: tools,
  // XML-outbox administrations (CASHWin without API) cannot be read back.
  administrations: () =>
    tenantRuntimeConfig()
      .administrations.filter((a) => a.cashTarget !== 'xml-outbox')
      .map((a) => a.code),
  sync: async (administration, kinds, options) => {
    const adm = tenantRuntimeConfig().administrations.find((a) => a.code === administration);
    if (!adm) throw new Error(`administration ${administration} is not configured`);
    const clients = awsClients();
    const mirrorTable = requireEnv(ENV.mirrorTable);
    const apiKey = await readSecret(adm.apiKeySecretName);
    // Tells the web app's overview which bucket the administration's key spends (its hashed name only).
    await new CashBucketDirectory({ client: clients.documents, tableName: mirrorTable, sortKey: 'sk' })
      .record(administration, apiKey)
      .catch((error: unknown) =>
        tools.logger.warn('the CASH budget of an administration could not be recorded', {
          administration,
          error,
        }),
      );
    const client = new CashRestClient({
      baseUrl: adm.cashEndpoint,
      apiKey,
      rateLimiter: sharedRateLimiter(),
    });
    return syncMirror(
      administration,
      (record, params) => client.exportRows(administration, record, params ? [params] : []),
      new MirrorStore(clients.documents, mirrorTable),
      kinds,
      new Date(),
      // Change events are detected and counted; routing them needs the delivery record store (see README).
      { ...options, changeFeed: { tenant: tenantRuntimeConfig().tenant, origin: 'sync' } },
    );
  },
});
