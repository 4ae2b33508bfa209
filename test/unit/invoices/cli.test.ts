import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/ubl.ts';
import { corpusFiles } from '../../support/corpus.ts';
import { withCorpus } from '../../support/needs-shared.ts';
import { ublDir } from './helpers.ts';

async function cli(argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await run(argv, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) });
  return { code, stdout, stderr };
}

const KEYS = [
  'file',
  'status',
  'profile',
  'documentType',
  'invoiceNumber',
  'issueDate',
  'currency',
  'party',
  'totals',
  'vatBreakdown',
  'findings',
  'events',
  'attachments',
];

describe('cashlink ubl', () => {
  it('prints one JSON object per file with the documented fields and exits 0', withCorpus(), async () => {
    // Prepare
    const files = corpusFiles('ubl', { ext: '.xml' }).map((f) => join(ublDir, f));
    // Act
    const { code, stdout } = await cli([
      '--administration',
      'DEMO',
      '--direction',
      'purchase',
      '--json',
      ...files,
    ]);
    // Assess
    expect(code).toBe(0);
    expect(stdout).toHaveLength(files.length);
    for (const line of stdout) {
      const record = JSON.parse(line) as Record<string, unknown>;
      for (const key of KEYS) expect(record).toHaveProperty(key);
      expect(['ok', 'review', 'rejected', 'duplicate']).toContain(record.status);
      expect(record).not.toHaveProperty('files');
      for (const finding of record.findings as {
        rule: string;
        severity: string;
        message: string;
        path: string;
      }[]) {
        expect(Object.keys(finding).sort()).toEqual(['message', 'path', 'rule', 'severity']);
      }
    }
    const statuses = stdout.map((l) => (JSON.parse(l) as { status: string }).status);
    expect(statuses).toContain('duplicate');
    expect(statuses).toContain('rejected');
    expect(statuses).toContain('ok');
  });

  it('uses a parties file as the CASH mirror and then refuses new relations', withCorpus(), async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'cashlink-ubl-'));
    const parties = join(dir, 'parties.json');
    writeFileSync(
      parties,
      JSON.stringify([{ relationNumber: '4711', name: 'SimplerInvoicing', vatId: 'NL111111111B01' }]),
    );
    const known = join(ublDir, 'si-ubl-2.0__SI-UBL-2.0.3.2__SI-UBL-2.0_ok_base.xml');
    const unknown = join(ublDir, 'peppol-bis3__examples__Vat-category-S.xml');
    // Act
    const { code, stdout } = await cli(['--parties', parties, '--direction', 'purchase', known, unknown]);
    // Assess
    expect(code).toBe(0);
    const [first, second] = stdout.map(
      (l) =>
        JSON.parse(l) as { status: string; events: { data: { lines: { relationNumber?: string }[] } }[] },
    );
    expect(first?.status).toBe('ok');
    expect(first?.events[0]?.data.lines[0]?.relationNumber).toBe('4711');
    expect(second?.status).toBe('review');
  });

  it.each([
    [['--direction', 'sideways', 'x.xml'], 2],
    [['--bogus', 'x.xml'], 2],
    [[], 2],
    [['/does/not/exist.xml'], 1],
    [['--validate', 'strict', 'x.xml'], 2],
  ])('%j exits with %i', async (argv, expected) => {
    const { code, stderr } = await cli(argv);
    expect(code).toBe(expected);
    expect(stderr.join('\n').length).toBeGreaterThan(0);
  });
});
