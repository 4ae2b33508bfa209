import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SdkLayerBundler } from '../../../hub/synth/sdk-layer-bundler.ts';

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe('SdkLayerBundler', () => {
  const work = mkdtempSync(join(tmpdir(), 'hub-sdk-layer-'));

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('lays the packages out as node_modules a bundle resolves first, sharing one copy of their common code', async () => {
    // Prepare
    const modules = join(work, 'bundles', 'node_modules');
    const fn = join(work, 'bundles', 'fn');
    mkdirSync(fn, { recursive: true });
    writeFileSync(
      join(fn, 'index.mjs'),
      `import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const document = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
console.log(JSON.stringify({
  sqs: typeof SQSClient,
  document: document instanceof DynamoDBDocumentClient,
  resolved: import.meta.resolve('@aws-sdk/client-sqs'),
}));`,
    );

    // Act
    await new SdkLayerBundler(projectRoot).bundle(
      ['@aws-sdk/client-dynamodb', '@aws-sdk/client-sqs', '@aws-sdk/lib-dynamodb'],
      modules,
    );
    const output = execFileSync(process.execPath, [join(fn, 'index.mjs')], {
      env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      encoding: 'utf8',
    });

    // Assess
    const seen = JSON.parse(output) as { sqs: string; document: boolean; resolved: string };
    expect(seen.sqs).toBe('function');
    expect(seen.document).toBe(true);
    expect(fileURLToPath(seen.resolved)).toBe(join(modules, '@aws-sdk', 'client-sqs', 'index.mjs'));
    expect(
      JSON.parse(readFileSync(join(modules, '@aws-sdk', 'lib-dynamodb', 'package.json'), 'utf8')),
    ).toEqual({
      name: '@aws-sdk/lib-dynamodb',
      type: 'module',
      exports: './index.mjs',
    });
  }, 60_000); // bundling three SDK clients and loading them: about 1 s alone, far more on a busy machine

  it('an empty list leaves no layer behind', async () => {
    // Prepare
    const modules = join(work, 'empty', 'node_modules');
    mkdirSync(join(modules, 'stale'), { recursive: true });

    // Act
    await new SdkLayerBundler(projectRoot).bundle([], modules);

    // Assess
    expect(existsSync(modules)).toBe(false);
  });
});
