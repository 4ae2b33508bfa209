import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as bank } from '../../../cli/commands/bank.ts';
import { run as ubl } from '../../../cli/commands/ubl.ts';

/** A sparse 30 MB file: costs no disk, and reading it whole would be the bug. */
function hugeFile(name: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cashlink-cli-')), name);
  writeFileSync(path, '');
  truncateSync(path, 30 * 1024 * 1024);
  return path;
}

describe('CLI file size limits', () => {
  it.each([
    ['bank', () => bank(['--json', hugeFile('huge.sta')], ioOf(err))],
    ['ubl', () => ubl([hugeFile('huge.xml')], ioOf(err))],
  ])('cashlink %s refuses a file over 20 MB naming the limit', async (_cmd, go) => {
    // Prepare
    err.length = 0;
    // Act
    const code = await go();
    // Assess
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/31457280 bytes, more than the limit of 20971520/);
  });
});

const err: string[] = [];
function ioOf(lines: string[]) {
  return { stdout: () => {}, stderr: (line: string) => lines.push(line) };
}
