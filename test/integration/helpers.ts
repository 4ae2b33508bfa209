import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ensureFifoQueue, ensureTable, idempotencyTable, pkSkTable } from '../../lib/local/provision.ts';
import { type AwsClients, createAwsClients } from '../../lib/runtime/aws-clients.ts';

export interface TestResources {
  clients: AwsClients;
  documentsTable: string;
  idempotencyTable: string;
  mirrorTable: string;
  queue: Awaited<ReturnType<typeof ensureFifoQueue>>;
}

/** Fresh tables and queue names per test file, so files never see each other's state. */
export async function testResources(
  options: { visibilityTimeoutSeconds?: number; maxReceiveCount?: number } = {},
): Promise<TestResources> {
  const clients = createAwsClients({ endpoint: inject('awsEndpoint'), region: 'eu-west-1' });
  const suffix = randomUUID().slice(0, 8);
  const names = {
    documentsTable: `documents-${suffix}`,
    idempotencyTable: `idempotency-${suffix}`,
    mirrorTable: `mirror-${suffix}`,
  };
  await Promise.all([
    ensureTable(clients.dynamo, pkSkTable(names.documentsTable)),
    ensureTable(clients.dynamo, idempotencyTable(names.idempotencyTable)),
    ensureTable(clients.dynamo, pkSkTable(names.mirrorTable)),
  ]);
  const queue = await ensureFifoQueue(clients.sqs, `events-${suffix}`, {
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 30,
    maxReceiveCount: options.maxReceiveCount ?? 5,
  });
  return { clients, ...names, queue };
}
