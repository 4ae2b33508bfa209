import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FreshHubCopy } from '../../support/fresh-hub-copy.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * `npm start` as a new user meets it right after `git clone && npm ci`: no `.hub/`, no `.cache/`, so the
 * hub bundles itself, synthesizes the stack and bundles the handlers; a relation posted to the partner API
 * after the ready line gets booked. Free ports throughout, so it runs beside another hub.
 */
describe('npm start in a fresh copy of the repository', () => {
  const copy = FreshHubCopy.create(repoRoot);

  afterAll(async () => {
    await copy.cleanup();
  });

  it('prints the ready line with its addresses and books a posted relation', async () => {
    // Prepare
    expect(existsSync(join(copy.root, '.hub'))).toBe(false);
    expect(existsSync(join(copy.root, '.cache'))).toBe(false);

    // Act
    // Generous bounds: about 10 s on a quiet 2-core machine, but a loaded CI runner must not fail on timing.
    const hub = await copy.start(150_000);
    const id = await copy.postRelation(hub, `fresh-copy-${Date.now()}`);
    const { document } = await copy.waitForBooking(hub, id, 60_000);

    // Assess
    expect(hub.output).toMatch(/cashlink local hub — tenant demo — ready in \d+\.\d s/);
    expect(hub.synthesized).toBe(true);
    expect(hub.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(hub.awsEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(hub.output).not.toContain('DynamoDB Local');
    expect(hub.output).not.toContain('✗');
    expect(document.status, copy.printed()).toBe('booked');
    expect(document.cash?.relationNumber).toMatch(/^\d+$/);
    expect(existsSync(join(copy.root, '.cache', 'hub', 'manifest.json'))).toBe(true);
  }, 240_000);
});
