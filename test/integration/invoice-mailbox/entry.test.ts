import { beforeAll, expect, inject, it } from 'vitest';
import { DocumentStore } from '../../../lib/documents/index.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { ENV } from '../../../lib/runtime/env.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';
import {
  connectorBuckets,
  putMailboxObject,
  quietPowertools,
  readOriginal,
  type TestResources,
  testResources,
} from '../helpers.ts';
import { bookableInvoices, EVENT_TIME } from './mailbox-fixture.ts';

let res: TestResources;
let mailbox: string;
let archive: string;

beforeAll(async () => {
  quietPowertools();
  res = await testResources();
  ({ mailbox, archive } = await connectorBuckets(res.clients.s3, 'entry'));
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

describeWithCorpus('invoice-mailbox entry point with its real dependencies', () => {
  it('takes in an invoice configured from the environment and the tenant file', async () => {
    // Prepare
    const { handler } = await import('../../../functions/invoice-mailbox/index.ts');
    const [invoice] = await bookableInvoices();
    const event = await putMailboxObject(
      res.clients.s3,
      mailbox,
      'DEMO/purchase/entry.xml',
      invoice?.bytes as Uint8Array,
      { eventTime: EVENT_TIME },
    );
    // Act
    const result = await handler(event, lambdaContext('invoice-mailbox', 60_000));
    // Assess
    const outcome = result.outcomes[0];
    expect(outcome?.status).toBe('queued');
    const doc = await new DocumentStore(res.clients.documents, res.documentsTable).get(
      outcome?.documentId as string,
    );
    expect(doc?.tenant).toBe('acme');
    expect(doc?.source.document?.bucket).toBe(archive);
    expect(await readOriginal(res.clients.s3, doc)).toEqual(invoice?.bytes);
  });
});
