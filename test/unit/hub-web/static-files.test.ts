import { realpathSync } from 'node:fs';
import { sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { StaticFiles } from '../../../hub/web/index.ts';
import { builtApp } from './web-fixture.ts';

describe('StaticFiles', () => {
  const app = builtApp();
  afterAll(() => app.cleanup());
  const files = new StaticFiles(app.distDir);

  it('never answers a file outside the app’s folder, whatever the path (property)', async () => {
    // Prepare: paths built from the pieces traversal attempts are made of.
    const piece = fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '%2f',
      '%5c',
      '%00',
      'assets',
      'secret.txt',
      'leak.txt',
      '.env',
      '%',
      '%E0',
      '/',
    );
    const path = fc
      .array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 8 })
      .map((p) => `/${p.join('/')}`);

    // Act, Assess
    await fc.assert(
      fc.asyncProperty(path, async (candidate) => {
        const answer = await files.resolve(candidate);
        if (answer.kind === 'file') {
          expect(answer.path.startsWith(`${realpathSync(app.distDir)}${sep}`)).toBe(true);
          expect(answer.path).not.toMatch(/secret\.txt$|\.env$/);
        }
        expect(answer.kind).not.toBe('unbuilt');
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it.each([
    ['/', 'index.html', false],
    ['/index.html', 'index.html', false],
    ['/instellingen/gebruikers', 'index.html', true],
    ['/assets/', 'index.html', true],
  ])('%s → %s (fallback %s)', async (path, file, fallback) => {
    // Act
    const answer = await files.resolve(path);

    // Assess
    expect(answer).toMatchObject({ kind: 'file', fallback });
    expect((answer as { path: string }).path.endsWith(file)).toBe(true);
  });
});
