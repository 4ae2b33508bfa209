import { execFile } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliBundlePaths, cliBundlePaths, isCliBundleFresh } from '../../../bin/cli-bundle.mjs';
import type { CliIo } from '../../../cli/cli-io.ts';
import { main } from '../../../cli/main.ts';
import { readAndParseStatementFile, WORKER_MIN_BYTES } from '../../../lib/bank/parsers/ahead/index.ts';
import { corpusPath } from '../../support/corpus.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string })
  .version;
/** Building (and a ubl run) takes a few seconds on an idle machine; the shared test machine is anything but. */
const BUILD_TIMEOUT_MS = 120_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A copy of what the bundle is built from, with the repository's node_modules linked in. */
function projectCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'cashlink-cli-bundle-'));
  for (const part of ['bin', 'cli', 'lib', 'events', 'scripts', 'package.json', 'package-lock.json'])
    cpSync(join(repoRoot, part), join(root, part), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

function node(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd, timeout: BUILD_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

async function inProcess(argv: string[]): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) };
  const code = await main(argv, io);
  const text = (lines: string[]) => lines.map((line) => `${line}\n`).join('');
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

let root: string;
let paths: CliBundlePaths;
let firstRun: Run;
const cashlink = (...args: string[]) => node([join(root, 'bin', 'cashlink.mjs'), ...args], root);

beforeAll(async () => {
  root = projectCopy();
  paths = cliBundlePaths(root);
  // Act (for the first test): the first run of a copy without dist/ builds the bundle.
  firstRun = await cashlink('--version');
}, BUILD_TIMEOUT_MS);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the built CLI (bin/cashlink.mjs)', () => {
  it('builds the bundle on its first run, into dist/cli, and then runs it', () => {
    // Assess
    expect(firstRun).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(existsSync(paths.entry)).toBe(true);
    expect(isCliBundleFresh(paths)).toBe(true);
  });

  it('--help lists the commands; an unknown command exits 2', async () => {
    // Act
    const help = await cashlink('--help');
    const unknown = await cashlink('frobnicate');
    // Assess
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}bank /m);
    expect(help.stdout).toMatch(/^ {2}ubl /m);
    expect(help.stdout).toMatch(/^ {2}match /m);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command frobnicate/);
  });

  it('bank --json prints what the CLI from source prints', async () => {
    // Prepare
    const files = [
      corpusPath('mt940', 'zilverline__knab__knab_two_blocks.txt'),
      corpusPath('camt053', 'genkgo__camt053.v2.wrong.xml'),
    ];
    // Act
    const built = await cashlink('bank', '--json', ...files);
    const source = await inProcess(['bank', '--json', ...files]);
    // Assess
    expect(built).toEqual(source);
    expect(built.stdout.trim().split('\n')).toHaveLength(3);
  });

  it(
    'ubl --json prints what the CLI from source prints, for UBL and for a PDF (pdfjs from node_modules)',
    async () => {
      // Prepare
      const pdf = join(root, 'scan.pdf');
      writeFileSync(pdf, '%PDF-1.7\n%%EOF\n');
      const files = [corpusPath('ubl', 'si-ubl-2.0__SI-UBL-2.0.3.2__SI-UBL-2.0_ok_base.xml'), pdf];
      // ubl's events carry the time they were made
      const timeless = (run: Run) => ({ ...run, stdout: run.stdout.replace(/"occurredAt":"[^"]*"/g, '') });
      // Act
      const built = await cashlink('ubl', '--json', ...files);
      const source = await inProcess(['ubl', '--json', ...files]);
      // Assess
      expect(timeless(built)).toEqual(timeless(source));
      expect(built.stdout.trim().split('\n')).toHaveLength(2);
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'bank --json on more than the worker threshold gives the same output through the bundled worker',
    async () => {
      // Prepare: one MT940 file many times over, past the size that moves parsing to a worker thread
      const sample = readFileSync(corpusPath('mt940', 'zilverline__knab__knab_two_blocks.txt'));
      const big = join(root, 'big.sta');
      writeFileSync(big, Buffer.concat(Array(Math.ceil(WORKER_MIN_BYTES / sample.length) + 1).fill(sample)));
      // Act
      const built = await cashlink('bank', '--json', big);
      const source = await inProcess(['bank', '--json', big]);
      // Assess
      expect(built.code).toBe(0);
      expect(built.stdout).toBe(source.stdout);
    },
    BUILD_TIMEOUT_MS,
  );

  it('ships a worker beside the chunks that parses a file as the caller thread does', async () => {
    // Prepare
    const file = corpusPath('mt940', 'zilverline__knab__knab_two_blocks.txt');
    const worker = new Worker(join(paths.outDir, 'worker-entry.mjs'));
    // Act
    const answer = await new Promise<{ id: number; json: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage({ id: 7, file });
    });
    await worker.terminate();
    // Assess
    expect(answer.id).toBe(7);
    expect(JSON.parse(answer.json)).toEqual(
      JSON.parse(JSON.stringify(await readAndParseStatementFile(file))),
    );
  });

  it('keeps --help off the command chunks: the entry and what it imports statically stay small', () => {
    // Prepare
    const seen = new Set<string>();
    const visit = (file: string): number => {
      if (seen.has(file)) return 0;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      const imports = [...text.matchAll(/(?:^|[;\s])import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\/[^"']+)["']/g)];
      return (
        text.length + imports.reduce((sum, match) => sum + visit(join(dirname(file), match[1] as string)), 0)
      );
    };
    // Act
    const bytes = visit(paths.entry);
    // Assess
    expect(bytes).toBeLessThan(64 * 1024);
    for (const file of seen)
      expect(readFileSync(file, 'utf8')).not.toMatch(/import\(["'](saxon-js|pdfjs-dist)/);
  });

  it('stays fresh when a file the bundle does not read is added', () => {
    // Act
    writeFileSync(join(root, 'lib', 'not-imported.ts'), 'export const unused = 1;\n');
    // Assess
    expect(isCliBundleFresh(paths)).toBe(true);
  });

  it(
    'rebuilds when a source changed since the build',
    async () => {
      // Prepare
      const before = JSON.parse(readFileSync(paths.stamp, 'utf8')) as { fingerprint: string };
      appendFileSync(join(root, 'cli', 'commands', 'bank.ts'), '\n// edited after the build\n');
      expect(isCliBundleFresh(paths)).toBe(false);
      // Act
      const run = await cashlink('--version');
      // Assess
      expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
      expect(isCliBundleFresh(paths)).toBe(true);
      expect(JSON.parse(readFileSync(paths.stamp, 'utf8')).fingerprint).not.toBe(before.fingerprint);
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'runs from source with tsx, saying so on stderr, when the bundle cannot be built',
    async () => {
      // Prepare: a file where dist/ should be, so nothing can be written there
      rmSync(join(root, 'dist'), { recursive: true, force: true });
      writeFileSync(join(root, 'dist'), 'not a folder');
      // Act
      const run = await cashlink('--version');
      // Assess
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${version}\n`);
      expect(run.stderr).toMatch(/cannot write the CLI bundle/);
      expect(run.stderr).toMatch(/running from source with tsx/);
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'prepare never fails the install: it says what went wrong and leaves the build to the first run',
    async () => {
      // Act (dist/ is still a file)
      const run = await node([join(root, 'scripts', 'build-cli.mjs')], root);
      // Assess
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/the first `npx cashlink` builds it/);
    },
    BUILD_TIMEOUT_MS,
  );
});
