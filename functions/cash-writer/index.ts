import { CashBucketDirectory } from '../../lib/cash/rate-limit/index.ts';
import { DocumentStore } from '../../lib/documents/index.ts';
import { runStoreFromEnv } from '../../lib/runs/index.ts';
import { awsClients } from '../../lib/runtime/aws-clients.ts';
import { ENV, requireEnv } from '../../lib/runtime/env.ts';
import { observability } from '../../lib/runtime/powertools.ts';
import { readSecret } from '../../lib/runtime/secrets.ts';
import { tenantRuntimeConfig } from '../../lib/runtime/tenant-runtime.ts';
import {
  CashCallMeter,
  type CashConnection,
  type CashWriter,
  createCashWriter,
} from '../../lib/writer/index.ts';
import { createWriterHandler } from './writer-handler.ts';

const tools = observability('cash-writer');
let writer: Promise<CashWriter> | undefined;
const meter = new CashCallMeter();

async function buildWriter(): Promise<CashWriter> {
  const config = tenantRuntimeConfig();
  const connections: Record<string, CashConnection> = {};
  // Tells the web app's overview which bucket each administration's key spends (its hashed name only).
  const buckets = new CashBucketDirectory({
    client: awsClients().documents,
    tableName: requireEnv(ENV.mirrorTable),
    sortKey: 'sk',
  });
  for (const adm of config.administrations) {
    const connection: CashConnection =
      adm.cashTarget === 'xml-outbox'
        ? {
            kind: 'xml-outbox',
            bucket: requireEnv(ENV.archiveBucket),
            ...(adm.cashSettings ? { settings: adm.cashSettings } : {}),
            ...(adm.outboxNumbering ? { numbering: adm.outboxNumbering } : {}),
          }
        : {
            baseUrl: adm.cashEndpoint,
            apiKey: await readSecret(adm.apiKeySecretName),
            ...(adm.cashSettings ? { settings: adm.cashSettings } : {}),
          };
    if (connection.kind !== 'xml-outbox')
      await buckets.record(adm.code, connection.apiKey).catch((error: unknown) =>
        tools.logger.warn('the CASH budget of an administration could not be recorded', {
          administration: adm.code,
          error,
        }),
      );
    connections[adm.code] = adm.relationNumbering
      ? { ...connection, relationNumbering: adm.relationNumbering }
      : connection;
  }
  return createCashWriter({
    clients: awsClients(),
    tenant: config.tenant,
    documentsTable: requireEnv(ENV.documentsTable),
    idempotencyTable: requireEnv(ENV.idempotencyTable),
    mirrorTable: requireEnv(ENV.mirrorTable),
    connections,
    ...(config.cashRateLimit ? { rateLimit: config.cashRateLimit } : {}),
    meter,
    log: (level, message, details) => tools.logger[level](message, details ?? {}),
  });
}

const documents = new DocumentStore(awsClients().documents, requireEnv(ENV.documentsTable));

export const handler = createWriterHandler({
  runs: runStoreFromEnv(),
  observability: tools,
  maxReceiveCount: Number(process.env[ENV.maxReceiveCount] ?? 5),
  cashTimings: () => ({ ...meter.reset() }),
  markFailed: async (ids, reason) => {
    for (const id of ids) await documents.transition(id, 'failed', {}, reason);
  },
  writer: () => {
    writer ??= buildWriter().catch((error: unknown) => {
      writer = undefined;
      throw error;
    });
    return writer;
  },
});
