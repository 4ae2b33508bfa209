import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const vitestBin = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
/** Whole-file corpus tests, a file where only one test reads the corpus, and a vefa table. */
const UNIT_FILES = [
  'test/unit/bank-parsers/cli.test.ts',
  'test/unit/invoices/rules.test.ts',
  'test/unit/invoices/testsets.test.ts',
];
const CONFORMANCE_FILE = 'test/conformance/cli-validate-official.test.ts';

/** A ../shared stand-in without corpus/ or conformance/, as on a clone without shared/. */
const emptyShared = mkdtempSync(join(tmpdir(), 'cashlink-no-shared-'));
afterAll(() => rmSync(emptyShared, { recursive: true, force: true }));

interface Run {
  code: number | null;
  output: string;
}

/** `vitest run` in a child process with the shared material pointed at the empty folder. */
function vitest(project: string, files: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  // Not this run's own vitest, CI or shared-folder settings: the child decides for itself.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(VITEST|CI$|CASHLINK_(SHARED|CORPUS|CONFORMANCE)_DIR$)/.test(name),
    ),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [vitestBin, 'run', '--project', project, ...files],
      { cwd: repoRoot, env: { ...env, CASHLINK_SHARED_DIR: emptyShared, ...extraEnv }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the colours of vitest's output
          output: `${stdout}\n${stderr}`.replace(/\u001b\[[0-9;]*m/g, ''),
        }),
    );
  });
}

/** A folder as a literal part of a pattern. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The reporter's line for a project, e.g. `unit: corpus /tmp/…/corpus missing: …`. */
function missingLine(output: string, project: string): string | undefined {
  return output.split('\n').find((line) => line.startsWith(`${project}: `) && line.includes(' missing: '));
}

describe('tests that need ../shared on a clone without it', () => {
  it('are skipped and counted, one line per project, and the run passes', async () => {
    // Act
    const run = await vitest('unit', UNIT_FILES);
    // Assess
    expect(run.code, run.output).toBe(0);
    const line = missingLine(run.output, 'unit');
    expect(line, run.output).toMatch(
      new RegExp(
        `^unit: corpus ${literally(join(emptyShared, 'corpus'))} missing: \\d+ tests in 3 files skipped`,
      ),
    );
    for (const file of UNIT_FILES) expect(line).toContain(file);
    expect(line).toContain('with CI=true this fails');
    // The cases of cli.test.ts that read no corpus file still ran.
    expect(run.output).toMatch(/Tests\s+[1-9]\d* passed \| \d+ skipped/);
  }, 120_000);

  it('fail the run under CI=true, with the same count', async () => {
    // Act
    const run = await vitest('unit', UNIT_FILES, { CI: 'true' });
    // Assess
    expect(run.code, run.output).toBe(1);
    expect(missingLine(run.output, 'unit'), run.output).toMatch(
      /^unit: corpus .* missing: \d+ tests in 3 files skipped.*CI=true makes this a failure/,
    );
  }, 120_000);

  it('skip the conformance project without compiling the official stylesheets, naming both folders', async () => {
    // Act
    const run = await vitest('conformance', [CONFORMANCE_FILE]);
    // Assess
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toContain('official stylesheets ready');
    expect(missingLine(run.output, 'conformance'), run.output).toMatch(
      new RegExp(
        `^conformance: corpus ${literally(join(emptyShared, 'corpus'))} and conformance ${literally(join(emptyShared, 'conformance'))} missing: 3 tests in 1 file skipped`,
      ),
    );
  }, 120_000);
});
