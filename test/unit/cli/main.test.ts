import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../cli/cli-io.ts';
import { main } from '../../../cli/main.ts';
import { ProgressReporter, type ProgressStream } from '../../../cli/progress/index.ts';
import { corpusPath } from '../../support/corpus.ts';

const packageVersion = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

function captured(progress?: CliIo['progress']) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) };
  if (progress) io.progress = progress;
  return { io, stdout, stderr };
}

describe('cashlink (main)', () => {
  it('--version prints the package version', async () => {
    // Prepare
    const { io, stdout } = captured();
    // Act
    const code = await main(['--version'], io);
    // Assess
    expect(code).toBe(0);
    expect(stdout).toEqual([packageVersion]);
  });

  it.each([['--help'], ['-h']])('%s lists every command on stdout', async (flag) => {
    // Prepare
    const { io, stdout } = captured();
    // Act
    const code = await main([flag], io);
    // Assess
    expect(code).toBe(0);
    const help = stdout.join('\n');
    for (const command of ['ubl', 'bank', 'match', 'shop'])
      expect(help).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    expect(help).toContain('--version');
  });

  it.each([
    [['frobnicate'], /unknown command frobnicate/],
    [['--frobnicate'], /unknown option --frobnicate/],
    [[], /usage: cashlink <command>/],
  ])('%j exits 2 with a clear message on stderr', async (argv, message) => {
    // Prepare
    const { io, stdout, stderr } = captured();
    // Act
    const code = await main(argv, io);
    // Assess
    expect(code).toBe(2);
    expect(stdout).toEqual([]);
    expect(stderr.join('\n')).toMatch(message);
  });

  it('cuts a long unknown command in its message', async () => {
    // Prepare
    const { io, stderr } = captured();
    // Act
    const code = await main(['x'.repeat(5000)], io);
    // Assess
    expect(code).toBe(2);
    expect(stderr.join('\n').length).toBeLessThan(300);
  });
});

/** A terminal that keeps what was written to it. */
class FakeTerminal implements ProgressStream {
  readonly isTTY = true;
  readonly columns = 200;
  text = '';
  write(text: string): boolean {
    this.text += text;
    return true;
  }
}

describe.each([
  [
    'bank',
    (files: string[]) => ['bank', '--json', ...files],
    /^bank {2}2\/2 files · 2 statements · \d+ entries/,
  ],
  ['ubl', (files: string[]) => ['ubl', '--json', ...files], /^ubl {2}2\/2 files · /],
])('cashlink %s progress', (_name, argvOf, finalLine) => {
  const files =
    _name === 'bank'
      ? [
          corpusPath('mt940', 'zilverline__knab__knab_two_blocks.txt'),
          corpusPath('camt053', 'genkgo__camt053.v2.wrong.xml'),
        ]
      : [
          corpusPath('ubl', 'si-ubl-2.0__SI-UBL-2.0.3.2__SI-UBL-2.0_ok_base.xml'),
          corpusPath('ubl', 'si-ubl-2.0__SI-UBL-2.0.3.2__SI-UBL-2.0_BR-NL-1_error_wrong_scheme.xml'),
        ];

  it('reports files and entries on a terminal and keeps stdout the same', async () => {
    // Prepare
    const terminal = new FakeTerminal();
    const withProgress = captured(
      (options) => new ProgressReporter(terminal, { ...options, delayMs: 0, intervalMs: 0 }),
    );
    const without = captured();
    // Act
    const code = await main(argvOf(files), withProgress.io);
    await main(argvOf(files), without.io);
    // Assess
    expect(code).toBe(0);
    // ubl's events carry the time they were made
    const timeless = (lines: string[]) => lines.map((line) => line.replace(/"occurredAt":"[^"]*"/g, ''));
    expect(timeless(withProgress.stdout)).toEqual(timeless(without.stdout));
    const shown = terminal.text.split(/[\r\n]/).filter((line) => line.trim() !== '');
    expect(shown.at(-1)).toMatch(finalLine);
    expect(shown.at(-1)).toMatch(/\/s · \d+\.\d s$/);
    expect(terminal.text.endsWith('\n')).toBe(true);
  });

  it('prints nothing but its output where stderr is no terminal', async () => {
    // Prepare
    const pipe = { isTTY: false, text: '', write: (text: string) => (pipe.text += text) };
    const { io, stderr } = captured((options) => new ProgressReporter(pipe, { ...options, delayMs: 0 }));
    // Act
    await main(argvOf(files), io);
    // Assess
    expect(pipe.text).toBe('');
    expect(stderr).toEqual([]);
  });
});
