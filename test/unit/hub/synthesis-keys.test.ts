import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HubBuild } from '../../../hub/synth/hub-build.ts';
import { StackSynthesizer } from '../../../hub/synth/stack-synthesizer.ts';

describe('HubBuild and StackSynthesizer keys', () => {
  const roots: string[] = [];
  const project = () => {
    const root = mkdtempSync(join(tmpdir(), 'hub-build-key-'));
    roots.push(root);
    for (const directory of ['infra/tenants', 'functions/a', 'lib', 'events'])
      mkdirSync(join(root, directory), { recursive: true });
    writeFileSync(join(root, 'infra/app.ts'), 'export {};');
    writeFileSync(join(root, 'infra/tenants/demo.json'), '{"tenant":"demo"}');
    writeFileSync(join(root, 'functions/a/index.ts'), 'export const handler = 1;');
    writeFileSync(join(root, 'package-lock.json'), '{}');
    writeFileSync(join(root, 'cdk.json'), '{"context":{}}');
    return root;
  };
  const buildKey = (root: string) => new HubBuild({ projectRoot: root }).key();
  const synthKey = (root: string) =>
    new StackSynthesizer({ projectRoot: root, tenant: 'demo', stateDir: join(root, '.hub') }).sourceKey();

  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it('are stable while nothing changes and ignore files outside the sources', () => {
    // Prepare
    const root = project();
    const [build, synth] = [buildKey(root), synthKey(root)];
    // Act
    mkdirSync(join(root, '.hub'), { recursive: true });
    writeFileSync(join(root, '.hub', 'state.json'), '{}');
    writeFileSync(join(root, 'README.md'), 'notes');
    // Assess
    expect([buildKey(root), synthKey(root)]).toEqual([build, synth]);
  });

  it('differ per tenant for the synthesis, not for the build', () => {
    const root = project();
    const other = new StackSynthesizer({
      projectRoot: root,
      tenant: 'example-bv',
      stateDir: join(root, '.hub'),
    });
    expect(other.sourceKey()).not.toBe(synthKey(root));
  });

  it.each([
    ['a tenant file', 'infra/tenants/demo.json', '{"tenant":"demo","x":1}'],
    ['cdk.json', 'cdk.json', '{"context":{"documentIndexes":2}}'],
  ])(
    'stays when %s changes (the app reads it when it runs), while the synthesis key changes',
    (_n, file, text) => {
      // Prepare
      const root = project();
      const [build, synth] = [buildKey(root), synthKey(root)];
      // Act
      writeFileSync(join(root, file), text);
      // Assess
      expect(buildKey(root)).toBe(build);
      expect(synthKey(root)).not.toBe(synth);
    },
  );

  it.each([
    ['a handler', 'functions/a/index.ts', 'export const handler = 2;'],
    ['a library file', 'lib/new.ts', 'export {};'],
    ['the infrastructure', 'infra/app.ts', 'export const x = 1;'],
    ['the lock file', 'package-lock.json', '{"v":2}'],
  ])('changes when %s changes, and so does the synthesis key', (_n, file, text) => {
    // Prepare
    const root = project();
    const [build, synth] = [buildKey(root), synthKey(root)];
    // Act
    writeFileSync(join(root, file), text);
    // Assess
    expect(buildKey(root)).not.toBe(build);
    expect(synthKey(root)).not.toBe(synth);
  });

  it('has no build before one was made', () => {
    const root = project();
    expect(new HubBuild({ projectRoot: root }).cached()).toBeUndefined();
  });
});
