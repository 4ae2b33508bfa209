import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCliBundle, cliBundlePaths, isCliBundleFresh } from '../../../bin/cli-bundle.mjs';
import { STACK_FRAME } from '../../support/fuzz.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';
import { HOSTILE_INPUTS, type HostileInput, type HostileKind } from './hostile-inputs.ts';
import { HostileTrap } from './hostile-targets.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
/** The CLI's heap (through NODE_OPTIONS): a blow-up past 1 GiB ends the run and fails. */
const HEAP_LIMIT = '--max-old-space-size=1024';
/** One CLI run over all files of a kind must end within this (a hang is killed and fails the test). */
const CLI_TIMEOUT_MS = 10_000;

const trap = new HostileTrap();
const written = new Map<HostileInput, string>();

function cashlink(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string; killed: boolean }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'bin', 'cashlink.mjs'), ...args],
      {
        timeout: CLI_TIMEOUT_MS,
        maxBuffer: 256 * 1024 * 1024,
        cwd: repoRoot,
        env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${HEAP_LIMIT}`.trim() },
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
          killed: error?.killed ?? false,
        }),
    );
  });
}

type Line = Record<string, unknown> & { file: string };

async function runAll(kind: HostileKind): Promise<{ lines: Line[]; printed: string }> {
  const rows = HOSTILE_INPUTS.filter((row) => row.kind === kind);
  const files = rows.map((row) => written.get(row) as string);
  const run = await cashlink([kind === 'invoice' ? 'ubl' : 'bank', '--json', ...files]);
  expect(run.killed, `cashlink ${kind} was killed after ${CLI_TIMEOUT_MS} ms`).toBe(false);
  expect(run.code).not.toBeNull();
  const printed = `${run.stdout}\n${run.stderr}`;
  const lines = run.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Line);
  return { lines, printed };
}

// Each CLI run takes every row of its kind, most of them built from corpus files.
describeWithCorpus('hostile input through the CLI', () => {
  beforeAll(async () => {
    // A bundle older than the sources is rebuilt here, so the CLI's timeout below is the run's alone.
    const bundle = cliBundlePaths(repoRoot);
    if (!isCliBundleFresh(bundle)) await buildCliBundle(bundle);
    const targets = await trap.open();
    HOSTILE_INPUTS.forEach((row, index) => {
      const path = join(trap.directory, `${index}-${row.filename}`);
      writeFileSync(path, row.build(targets));
      written.set(row, path);
    });
  }, 60_000);
  afterAll(async () => {
    // Assess: no XXE, parameter entity or DTD reached the trap server.
    expect(trap.connections).toBe(0);
    await trap.close();
  });

  it('cashlink ubl --json refuses every hostile invoice with its rule, books nothing, prints no stack or canary', async () => {
    // Act
    const { lines, printed } = await runAll('invoice');
    // Assess
    expect(printed).not.toMatch(STACK_FRAME);
    expect(printed).not.toContain(trap.secret);
    for (const row of HOSTILE_INPUTS.filter((r) => r.kind === 'invoice')) {
      const line = lines.find((l) => l.file === written.get(row));
      expect(line, row.name).toBeDefined();
      expect(line?.events, row.name).toEqual([]);
      if ('refusal' in row.expect) {
        expect(line?.status, row.name).toBe('rejected');
        const findings = line?.findings as { rule: string }[];
        expect(findings[0]?.rule, row.name).toMatch(row.expect.refusal);
      }
    }
  }, 30_000);

  it('cashlink bank --json reports every hostile statement file with a reason, prints no stack or canary', async () => {
    // Act
    const { lines, printed } = await runAll('bank');
    // Assess
    expect(printed).not.toMatch(STACK_FRAME);
    expect(printed).not.toContain(trap.secret);
    for (const row of HOSTILE_INPUTS.filter((r) => r.kind === 'bank')) {
      const ofFile = lines.filter((l) => l.file === written.get(row));
      expect(ofFile.length, row.name).toBeGreaterThan(0);
      const flaggedLines = ofFile.filter(
        (l) =>
          (l.errors as string[]).length > 0 ||
          ((l.unreadableLines as unknown[] | undefined) ?? []).length > 0 ||
          l.balanceCheck === 'mismatch' ||
          l.balanceCheck === 'incomplete',
      );
      if ('refusal' in row.expect) expect(flaggedLines.length, row.name).toBe(ofFile.length);
      if ('flagged' in row.expect) expect(flaggedLines.length, row.name).toBeGreaterThan(0);
      if ('neutralised' in row.expect) {
        const texts = ofFile.flatMap((l) =>
          (l.entries as { counterpartyName?: string; remittance?: string }[]).flatMap((e) => [
            e.counterpartyName,
            e.remittance,
          ]),
        );
        expect(
          texts.filter((t) => typeof t === 'string' && /^[=+@-]\D/.test(t)),
          row.name,
        ).toEqual([]);
      }
    }
  }, 30_000);
});
