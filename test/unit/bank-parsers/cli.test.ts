import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/bank.ts';
import { corpusPath } from '../../support/corpus.ts';
import { withCorpus } from '../../support/needs-shared.ts';

/** The fields issue #5 asks of every statement line. */
const STATEMENT_FIELDS = [
  'file',
  'format',
  'bank',
  'account',
  'currency',
  'statementId',
  'openingBalanceCents',
  'closingBalanceCents',
  'balanceCheck',
  'entries',
  'errors',
];

describe('cashlink bank --json', () => {
  it('prints one JSON object per statement with the documented fields', withCorpus(), async () => {
    // Prepare
    const out: string[] = [];
    const io = { stdout: (line: string) => out.push(line), stderr: () => {} };
    const files = [
      corpusPath('mt940', 'zilverline__knab__knab_two_blocks.txt'),
      corpusPath('camt053', 'genkgo__camt053.v2.wrong.xml'),
    ];
    // Act
    const code = await run(['--json', ...files], io);
    // Assess
    expect(code).toBe(0);
    const lines = out.map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(Object.keys(lines[0])).toEqual(expect.arrayContaining(STATEMENT_FIELDS));
    expect(lines[0]).toMatchObject({
      format: 'mt940',
      bank: 'knab',
      balanceCheck: 'ok',
      openingBalanceCents: 0,
      closingBalanceCents: 5000,
    });
    expect(Object.keys(lines[0].entries[0])).toEqual(
      expect.arrayContaining([
        'importId',
        'bookingDate',
        'valueDate',
        'amountCents',
        'counterpartyIban',
        'structuredReference',
        'endToEndId',
        'mandateId',
        'bankReference',
      ]),
    );
    expect(lines[2]).toMatchObject({ format: 'camt053', entries: [] });
    expect(lines[2].errors.length).toBeGreaterThan(0);
  });

  it('exits 1 when a file cannot be read, 2 without files or with an unknown option', async () => {
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (line: string) => err.push(line) };
    expect(await run(['--json', corpusPath('does-not-exist.sta')], io)).toBe(1);
    expect(await run([], io)).toBe(2);
    expect(await run(['--jsn', corpusPath('mt940', 'zilverline__knab__knab_two_blocks.txt')], io)).toBe(2);
    expect(err.at(-1)).toMatch(/^cashlink bank: unknown option --jsn\n/);
  });

  it('prints a line with every field for a file that is empty, unrecognised or unreadable', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'cashlink-cli-bank-'));
    const empty = join(dir, 'empty.sta');
    const other = join(dir, 'notes.txt');
    writeFileSync(empty, '');
    writeFileSync(other, 'dear bank, hello\n');
    const missing = join(dir, 'missing.xml');
    const out: string[] = [];
    const io = { stdout: (line: string) => out.push(line), stderr: () => {} };
    // Act
    const code = await run(['--json', empty, other, missing], io);
    // Assess
    expect(code).toBe(1);
    const lines = out.map((line) => JSON.parse(line));
    expect(lines.map((line) => line.file)).toEqual([empty, other, missing]);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(expect.arrayContaining(STATEMENT_FIELDS));
      expect(line).toMatchObject({ balanceCheck: 'not-available', entries: [], statementId: null });
      expect(line.errors.length).toBeGreaterThan(0);
    }
    expect(lines[0].errors[0]).toMatch(/empty/);
    expect(lines[1].format).toBe('unknown');
    expect(lines[2].errors[0]).toMatch(/cannot read/);
  });
});
