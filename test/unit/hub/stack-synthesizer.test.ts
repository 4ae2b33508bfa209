import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StackSynthesizer } from '../../../hub/synth/stack-synthesizer.ts';

describe('StackSynthesizer cache key', () => {
  const roots: string[] = [];
  const project = () => {
    const root = mkdtempSync(join(tmpdir(), 'hub-key-'));
    roots.push(root);
    for (const directory of ['infra/tenants', 'functions/a', 'lib', 'events'])
      mkdirSync(join(root, directory), { recursive: true });
    writeFileSync(join(root, 'infra/app.ts'), 'export {};');
    writeFileSync(join(root, 'infra/tenants/demo.json'), '{"tenant":"demo"}');
    writeFileSync(join(root, 'functions/a/index.ts'), 'export const handler = 1;');
    writeFileSync(join(root, 'package-lock.json'), '{}');
    return root;
  };
  const keyOf = (root: string, tenant = 'demo') =>
    new StackSynthesizer({ projectRoot: root, tenant, stateDir: join(root, '.hub') }).sourceKey();

  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it('is stable while nothing changes and ignores files outside the sources', () => {
    // Prepare
    const root = project();
    const before = keyOf(root);
    // Act
    mkdirSync(join(root, '.hub'), { recursive: true });
    writeFileSync(join(root, '.hub', 'state.json'), '{}');
    writeFileSync(join(root, 'README.md'), 'notes');
    // Assess
    expect(keyOf(root)).toBe(before);
  });

  it.each([
    ['a handler', 'functions/a/index.ts', 'export const handler = 2;'],
    ['the tenant file', 'infra/tenants/demo.json', '{"tenant":"demo","x":1}'],
    ['a new library file', 'lib/new.ts', 'export {};'],
    ['the lock file', 'package-lock.json', '{"v":2}'],
  ])('changes when %s changes', (_name, file, content) => {
    // Prepare
    const root = project();
    const before = keyOf(root);
    // Act
    writeFileSync(join(root, file), content);
    // Assess
    expect(keyOf(root)).not.toBe(before);
  });

  it('differs per tenant', () => {
    const root = project();
    expect(keyOf(root, 'demo')).not.toBe(keyOf(root, 'example-bv'));
  });
});
