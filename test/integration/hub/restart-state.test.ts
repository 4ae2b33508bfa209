import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { HubConsole } from '../../../hub/console/hub-console.ts';
import { LocalHub } from '../../../hub/local-hub.ts';
import { FunctionBundler } from '../../../hub/synth/function-bundler.ts';
import type { SynthesizedStack } from '../../../hub/synth/stack-synthesizer.ts';
import { recorderTemplate, writeTemplate } from './fixtures/recorder-stack.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** fauxqs keeps nothing on disk; the hub's own snapshots in `.hub/` must carry messages and objects over. */
describe('local hub state across a restart (own emulators)', () => {
  const work = mkdtempSync(join(tmpdir(), 'hub-restart-'));
  const lines: string[] = [];
  let hub: LocalHub | undefined;

  afterAll(async () => {
    await hub?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const startHub = async (prepared: SynthesizedStack) => {
    const started = new LocalHub({
      projectRoot: work,
      tenant: 'test',
      stateDir: join(work, '.hub'),
      awsEndpoint: '',
      awsPort: 0,
      apiPort: 0,
      identityPort: 0,
      dynamo: 'dynalite',
      mailboxDir: join(work, 'mailbox'),
      pollIntervalMs: 100,
      console: new HubConsole({ write: (chunk: string) => lines.push(chunk) > 0 } as never),
      prepared,
    });
    await started.start();
    return started;
  };

  it('keeps queued messages (DLQ included) and bucket objects', async () => {
    // Prepare
    const bundles = await new FunctionBundler(repoRoot).bundleAll(
      [{ name: 'recorder', entry: 'test/integration/hub/fixtures/recorder-handler.ts' }],
      join(work, 'bundles'),
    );
    const stackName = 'hubrestart';
    const templatePath = writeTemplate(
      join(work, 'cdk.out'),
      stackName,
      recorderTemplate(join(work, 'records.jsonl')),
    );
    const prepared = { stackName, templatePath, bundles, cached: true, key: 'test' };
    hub = await startHub(prepared);
    const dlqUrl = () => hub?.provisioned?.context.resources.get('FunctionDlq9999')?.ref as string;
    const bucket = hub.provisioned?.names.get('InboxBucket0002') as string;
    await hub.clients?.sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl(), MessageBody: 'kept-1' }));
    await hub.clients?.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'DEMO/sales/kept.xml', Body: '<kept/>' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // the watcher copies the object

    // Act
    await hub.stop();
    hub = await startHub(prepared);
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Assess
    const received = await hub.clients?.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlqUrl(), WaitTimeSeconds: 1 }),
    );
    expect(received?.Messages?.map((m) => m.Body)).toEqual(['kept-1']);
    const object = await hub.clients?.s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'DEMO/sales/kept.xml' }),
    );
    expect(await object?.Body?.transformToString()).toBe('<kept/>');
    expect(lines.join('')).toContain('restored 1 queued message(s)');
  }, 60_000);
});
