import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { HubBuild } from '../../../hub/synth/hub-build.ts';
import { connectors } from '../../../lib/tenant/index.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The function bundles and the CDK app's bundle that `npm ci`'s `prepare` builds (`npm start -- --build-only`)
 * and every start reuses: two hubs (or tests) building at once end with one complete build, never half of one.
 */
describe('HubBuild of this repository', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'hub-build-'));

  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('builds every connector once when two builds race, and the next one reuses it', async () => {
    // Act
    const [first, second] = await Promise.all([
      new HubBuild({ projectRoot: repoRoot, cacheDir }).ensure(),
      new HubBuild({ projectRoot: repoRoot, cacheDir }).ensure(),
    ]);
    const again = await new HubBuild({ projectRoot: repoRoot, cacheDir }).ensure();

    // Assess
    expect(first.key).toBe(second.key);
    expect(readdirSync(cacheDir)).toEqual([first.key]);
    expect([...first.bundles.keys()].sort()).toEqual(Object.keys(connectors).sort());
    for (const bundle of first.bundles.values()) expect(existsSync(bundle)).toBe(true);
    expect(existsSync(first.cdkApp)).toBe(true);
    expect(again.cached).toBe(true);
    expect(again.bundles).toEqual(first.bundles);
  }, 300_000);
});
