import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HubConsole } from '../../../hub/console/hub-console.ts';
import { LocalHub } from '../../../hub/local-hub.ts';
import { FunctionBundler } from '../../../hub/synth/function-bundler.ts';
import { recorderTemplate, writeTemplate } from './fixtures/recorder-stack.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

interface Recorded {
  kind: string;
  [key: string]: unknown;
}

function recorded(file: string): Recorded[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Recorded);
}

async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('local hub event-source emulation (recorder stack on the emulators)', () => {
  const work = mkdtempSync(join(tmpdir(), 'hub-events-'));
  const recordFile = join(work, 'records.jsonl');
  const stackName = `hubtest-${Date.now().toString(36)}`;
  const lines: string[] = [];
  let hub: LocalHub;

  beforeAll(async () => {
    // Prepare: the recorder bundled as the hub bundles connectors, and the template written where synth would.
    const bundles = await new FunctionBundler(repoRoot).bundleAll(
      [{ name: 'recorder', entry: 'test/integration/hub/fixtures/recorder-handler.ts' }],
      join(work, 'bundles'),
    );
    const templatePath = writeTemplate(join(work, 'cdk.out'), stackName, recorderTemplate(recordFile));
    const sink = {
      write(chunk: string) {
        lines.push(chunk);
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    hub = new LocalHub({
      projectRoot: work,
      tenant: 'test',
      stateDir: join(work, '.hub'),
      awsEndpoint: inject('awsEndpoint'),
      apiPort: 0,
      identityPort: 0,
      mailboxDir: join(work, 'mailbox'),
      pollIntervalMs: 100,
      retryDelaysMs: [50, 50],
      console: new HubConsole(sink as never),
      prepared: { stackName, templatePath, bundles, cached: true, key: 'test' },
    });
    await hub.start();
  }, 60_000);

  afterAll(async () => {
    await hub?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const queueUrl = (logicalId: string) => hub.provisioned?.context.resources.get(logicalId)?.ref as string;

  it('resolves Ref, Fn::GetAtt and Fn::Join into the function environment', () => {
    // Assess
    const worker = [...hub.workers.values()][0];
    expect(hub.workers.size).toBe(1); // the inline CDK helper does not run
    expect(worker?.options.environment.TABLE_NAME).toBe(`${stackName}-ItemsTable0001`);
    expect(worker?.options.environment.QUEUE_URL).toBe(queueUrl('WorkQueue5678'));
    expect(worker?.options.environment.BUCKET_ARN).toBe(
      `arn:aws:s3:::${stackName.toLowerCase()}-inboxbucket0002/*`,
    );
  });

  it('deletes what succeeded, redelivers a reported failure and moves it to the DLQ after maxReceiveCount', async () => {
    // Prepare
    const sqs = hub.clients?.sqs;
    if (!sqs) throw new Error('hub has no SQS client');
    // Act
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('WorkQueue5678'), MessageBody: 'good-1' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('WorkQueue5678'), MessageBody: 'poison-1' }));
    const dead = await waitFor(async () => {
      const answer = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl('WorkDlq1234'),
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      return answer.Messages?.length ? answer.Messages : undefined;
    }, 20_000);
    // Assess
    expect(dead.map((m) => m.Body)).toEqual(['poison-1']);
    const sqsRecords = recorded(recordFile).filter((r) => r.kind === 'sqs');
    expect(sqsRecords.filter((r) => r.body === 'good-1')).toHaveLength(1);
    expect(sqsRecords.filter((r) => r.body === 'poison-1').map((r) => r.receiveCount)).toEqual(['1', '2']);
    const left = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl('WorkQueue5678'),
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    expect(left.Attributes?.ApproximateNumberOfMessages).toBe('0');
  }, 30_000);

  it('invokes the function once per upload that matches the notification prefix, with an S3-shaped event', async () => {
    // Prepare
    const s3 = hub.clients?.s3;
    if (!s3) throw new Error('hub has no S3 client');
    const bucket = hub.provisioned?.names.get('InboxBucket0002') as string;
    // Act
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'DEMO/purchase/factuur 1.xml', Body: '<Invoice/>' }),
    );
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'DEMO/sales/ignored.xml', Body: '<Invoice/>' }),
    );
    await waitFor(() => recorded(recordFile).some((r) => r.kind === 's3'));
    await new Promise((resolve) => setTimeout(resolve, 600)); // several more watcher passes
    // Assess
    const s3Records = recorded(recordFile).filter((r) => r.kind === 's3');
    expect(s3Records).toEqual([
      { kind: 's3', key: 'DEMO/purchase/factuur+1.xml', bucket, configurationId: 'InboxBucket0002#1' },
    ]);
  });

  it('retries a failing S3 invocation and then sends the event to the function DLQ', async () => {
    // Prepare
    const s3 = hub.clients?.s3;
    const sqs = hub.clients?.sqs;
    if (!s3 || !sqs) throw new Error('hub has no clients');
    const bucket = hub.provisioned?.names.get('InboxBucket0002') as string;
    // Act
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'DEMO/purchase/broken.pdf', Body: 'x' }));
    const dead = await waitFor(async () => {
      const answer = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl('FunctionDlq9999'),
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
        }),
      );
      return answer.Messages?.[0];
    });
    // Assess
    expect(
      recorded(recordFile).filter((r) => r.kind === 's3' && r.key === 'DEMO/purchase/broken.pdf'),
    ).toHaveLength(3);
    expect(JSON.parse(dead.Body ?? '{}').Records[0].s3.object.key).toBe('DEMO/purchase/broken.pdf');
    expect(dead.MessageAttributes?.ErrorMessage?.StringValue).toContain('cannot read');
  });

  it('uploads a file dropped in the mailbox folder under the same key and moves it to processed/', async () => {
    // Prepare
    const folder = join(work, 'mailbox', 'DEMO', 'purchase');
    // Act
    writeFileSync(join(folder, 'dropped.xml'), '<Invoice/>');
    await waitFor(() => recorded(recordFile).some((r) => r.key === 'DEMO/purchase/dropped.xml'));
    // Assess
    expect(existsSync(join(folder, 'processed', 'dropped.xml'))).toBe(true);
    expect(existsSync(join(folder, 'dropped.xml'))).toBe(false);
  });

  it('fires a schedule with its input and the scheduler context attributes filled in', async () => {
    // Prepare
    const trigger = hub.schedules[0];
    if (!trigger) throw new Error('no schedule');
    const at = new Date('2026-11-24T09:00:00Z');
    // Act
    await trigger.fire(at);
    // Assess
    const events = recorded(recordFile).filter((r) => r.kind === 'schedule');
    expect(events.at(-1)?.event).toEqual({
      source: 'cashlink.schedule',
      scheduledTime: '2026-11-24T09:00:00Z',
      attempt: '1',
    });
    expect(trigger.nextFireTime()?.getUTCSeconds()).toBe(0);
  });

  it('turns an HTTP request into a payload-2.0 event for the route and the result into the response', async () => {
    // Prepare
    const base = hub.addresses?.api as string;
    // Act
    const answer = await fetch(`${base}/v1/items/a%20b?x=1&x=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"n":1}',
    });
    const missing = await fetch(`${base}/v1/nothing`);
    // Assess
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-service')).toBe('recorder');
    expect(await answer.json()).toEqual({
      routeKey: 'POST /v1/items/{id}',
      pathParameters: { id: 'a b' },
      query: { x: '1,2' },
      body: '{"n":1}',
      env: `${stackName}-ItemsTable0001`,
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Not Found' });
  });
});
