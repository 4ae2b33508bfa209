import { execFile } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const readJson = (path: string) => JSON.parse(readFileSync(join(repoRoot, path), 'utf8'));

/**
 * `npx cashlink` takes npm's fast path only when `cashlink` is a link in node_modules/.bin and the root
 * package has no bin of that name: for a root bin, libnpmexec loads the whole installed tree first (seconds).
 * The link comes from the workspace package packages/cli, which `npm ci` links.
 */
describe('npx cashlink', () => {
  it('is a workspace bin, not the root package bin', () => {
    // Assess
    expect(readJson('package.json').bin).toBeUndefined();
    expect(readJson('package.json').workspaces).toContain('packages/cli');
    expect(readJson('packages/cli/package.json').bin).toEqual({ cashlink: 'bin/cashlink.mjs' });
  });

  it('runs the project CLI through the link npm ci made', async () => {
    // Prepare
    const link = join(repoRoot, 'node_modules', '.bin', 'cashlink');
    expect(existsSync(link), 'run npm ci: node_modules/.bin/cashlink is missing').toBe(true);
    expect(realpathSync(link)).toBe(join(repoRoot, 'packages', 'cli', 'bin', 'cashlink.mjs'));
    // Act
    const { stdout } = await promisify(execFile)(process.execPath, [link, '--version'], { cwd: repoRoot });
    // Assess
    expect(stdout.trim()).toBe(readJson('package.json').version);
  }, 120_000);
});
