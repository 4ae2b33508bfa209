import { randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DocumentStore } from '../../../lib/documents/index.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { ensureBucket } from '../../../lib/local/provision.ts';
import { ENV } from '../../../lib/runtime/env.ts';
import { type TestResources, testResources } from '../helpers.ts';
import { bookableInvoices, s3Event } from './mailbox-fixture.ts';

let res: TestResources;
let mailbox: string;
let archive: string;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  res = await testResources();
  const suffix = randomUUID().slice(0, 8);
  mailbox = `mailbox-entry-${suffix}`;
  archive = `archive-entry-${suffix}`;
  await Promise.all([ensureBucket(res.clients.s3, mailbox), ensureBucket(res.clients.s3, archive)]);
  // The environment the stack gives the function; the real entry point builds its own clients from it.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: inject('awsEndpoint'),
    AWS_REGION: 'eu-west-1',
    [ENV.tenant]: 'acme',
    [ENV.documentsTable]: res.documentsTable,
    [ENV.mirrorTable]: res.mirrorTable,
    [ENV.idempotencyTable]: res.idempotencyTable,
    [ENV.eventQueueUrl]: res.queue.queueUrl,
    [ENV.mailboxBucket]: mailbox,
    [ENV.archiveBucket]: archive,
    [ENV.tenantConfig]: JSON.stringify({
      tenant: 'acme',
      displayName: 'Acme',
      administrations: [
        {
          code: 'DEMO',
          name: 'Demo B.V.',
          cashEndpoint: 'http://127.0.0.1:9/api/4.0',
          apiKeySecretName: 'cashlink/acme/DEMO/cash-api-key',
        },
      ],
      connectors: {
        'invoice-mailbox': { settings: { allowNewRelations: true, 'journals.purchase': 'INK' } },
      },
    }),
  });
});

describe('invoice-mailbox entry point with its real dependencies', () => {
  it('takes in an invoice configured from the environment and the tenant file', async () => {
    // Prepare
    const { handler } = await import('../../../functions/invoice-mailbox/index.ts');
    const [invoice] = await bookableInvoices();
    const key = 'DEMO/purchase/entry.xml';
    await res.clients.s3.send(new PutObjectCommand({ Bucket: mailbox, Key: key, Body: invoice?.bytes }));
    // Act
    const result = await handler(s3Event(mailbox, [key]), lambdaContext('invoice-mailbox', 60_000));
    // Assess
    const outcome = result.outcomes[0];
    expect(outcome?.status).toBe('queued');
    const doc = await new DocumentStore(res.clients.documents, res.documentsTable).get(
      outcome?.documentId as string,
    );
    expect(doc?.tenant).toBe('acme');
    const original = await res.clients.s3.send(
      new GetObjectCommand({ Bucket: archive, Key: doc?.source.document?.key as string }),
    );
    expect(await original.Body?.transformToByteArray()).toEqual(invoice?.bytes);
  });
});
