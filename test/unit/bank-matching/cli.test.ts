import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/match.ts';
import { parseMemoryJson } from '../../../lib/bank/matching/index.ts';
import { toCamt053 } from '../../support/bank/camt053-writer.ts';
import { generateDutchMatchingData } from '../../support/bank/dutch-data-generator.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (line: string) => out.push(line), stderr: (line: string) => err.push(line) },
    out,
    err,
  };
}

function fixtureFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'cashlink-match-'));
  const data = generateDutchMatchingData({ seed: 21, customers: 30, suppliers: 6 });
  const openItems = join(dir, 'open-items.json');
  const statement = join(dir, 'statement.xml');
  writeFileSync(openItems, JSON.stringify(data.openItems));
  writeFileSync(statement, toCamt053('NL91ABNA0417164300', data.entries));
  return { dir, data, openItems, statement };
}

describe('cashlink match', () => {
  it('prints one JSON decision per entry', async () => {
    // Prepare
    const { data, openItems, statement } = fixtureFiles();
    const { io, out } = capture();
    // Act
    const code = await run(['--open-items', openItems, '--json', statement], io);
    // Assess
    expect(code).toBe(0);
    expect(out).toHaveLength(data.entries.length);
    const decisions = out.map((line) => JSON.parse(line));
    for (const decision of decisions) {
      expect(Object.keys(decision)).toEqual(
        expect.arrayContaining([
          'importId',
          'decision',
          'relationNumber',
          'matches',
          'confidence',
          'reasons',
        ]),
      );
      expect(['auto', 'proposal', 'none']).toContain(decision.decision);
    }
    expect(decisions.filter((decision) => decision.decision === 'auto').length).toBeGreaterThan(
      data.entries.length / 2,
    );
  });

  it('a line whose bank reference is on another line too is a proposal with the reason, never auto', async () => {
    // Prepare: every line of the generated day under one bank reference
    const { dir, openItems, statement } = fixtureFiles();
    const shared = join(dir, 'shared-reference.xml');
    writeFileSync(
      shared,
      readFileSync(statement, 'utf8').replace(
        /<AcctSvcrRef>[^<]*<\/AcctSvcrRef>/g,
        '<AcctSvcrRef>B-1</AcctSvcrRef>',
      ),
    );
    const { io, out } = capture();
    // Act
    await run(['--open-items', openItems, '--json', shared], io);
    // Assess
    const decisions = out.map((line) => JSON.parse(line));
    expect(decisions.length).toBeGreaterThan(1);
    for (const decision of decisions) {
      expect(decision.decision).not.toBe('auto');
      expect(decision.reasons[0]).toMatch(/^duplicate bank reference "B-1": also on Ntry /);
    }
  });

  it('learns corrections into the memory file and uses them', async () => {
    // Prepare
    const { dir, openItems, statement } = fixtureFiles();
    const first = capture();
    await run(['--open-items', openItems, '--json', statement], first.io);
    const psp = first.out
      .map((line) => JSON.parse(line))
      .find((decision) => decision.reasons.join(' ').includes('payment provider'));
    const corrections = join(dir, 'corrections.json');
    const memoryFile = join(dir, 'memory.json');
    writeFileSync(corrections, JSON.stringify([{ importId: psp.importId, ledgerAccount: '1250' }]));
    const second = capture();
    // Act
    const code = await run(
      ['--open-items', openItems, '--memory', memoryFile, '--learn', corrections, '--json', statement],
      second.io,
    );
    // Assess
    expect(code).toBe(0);
    const memory = parseMemoryJson(readFileSync(memoryFile, 'utf8'));
    expect(memory.rules[0]).toMatchObject({ origin: 'suggested', action: { ledgerAccount: '1250' } });
    expect(second.err.join('\n')).toContain('learned: suggested rule');
    const again = second.out
      .map((line) => JSON.parse(line))
      .find((decision) => decision.importId === psp.importId);
    expect(again).toMatchObject({ decision: 'proposal', ledgerAccount: '1250' });
  });

  it('reads open items and corrections whose optional fields are null, and names a bad correction', async () => {
    // Prepare
    const { dir, data, statement } = fixtureFiles();
    const openItems = join(dir, 'open-items-null.json');
    writeFileSync(
      openItems,
      JSON.stringify(data.openItems.map((item) => ({ paymentReference: null, dueDate: null, ...item }))),
    );
    const first = capture();
    await run(['--open-items', openItems, '--json', statement], first.io);
    const line = JSON.parse(first.out[0] as string) as { importId: string };
    const corrections = join(dir, 'corrections-null.json');
    writeFileSync(
      corrections,
      JSON.stringify([
        { importId: line.importId, ledgerAccount: '1250', relationNumber: null, vatCode: null, entry: null },
        { importId: line.importId, relationNumber: 'x1' },
      ]),
    );
    const { io, out, err } = capture();
    // Act
    const code = await run(['--open-items', openItems, '--learn', corrections, '--json', statement], io);
    // Assess
    expect(code).toBe(0);
    expect(out).toHaveLength(data.entries.length);
    expect(err.join('\n')).not.toContain('open item');
    expect(err.join('\n')).toContain('correction 1: relationNumber');
    expect(err.join('\n')).toContain('learned: suggested rule');
  });

  it.each([
    [[], 2],
    [['--open-items'], 2],
    [['--bogus', 'x.xml'], 2],
  ])('refuses wrong usage %j with exit %i', async (argv, expected) => {
    const { io, err } = capture();
    expect(await run(argv, io)).toBe(expected);
    expect(err.join('\n')).toContain('usage');
  });

  it('reports unreadable files and bad open items without crashing', async () => {
    // Prepare
    const { dir, statement } = fixtureFiles();
    const badItems = join(dir, 'bad.json');
    writeFileSync(badItems, JSON.stringify([{ relationNumber: 'x' }]));
    const { io, err } = capture();
    // Act
    const code = await run(['--open-items', badItems, '--json', statement, join(dir, 'missing.xml')], io);
    // Assess
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('open item 0: relationNumber');
    expect(err.join('\n')).toContain('missing.xml');
  });

  it('does not match the lines of a statement that would not be booked, and says why', async () => {
    // Prepare: the closing balance no longer adds up
    const { dir, data, openItems } = fixtureFiles();
    const broken = join(dir, 'broken.xml');
    writeFileSync(
      broken,
      toCamt053('NL91ABNA0417164300', data.entries).replace(
        /(<Cd>CLBD<\/Cd><\/CdOrPrtry><\/Tp><Amt Ccy="EUR">)/,
        '$11',
      ),
    );
    const { io, out } = capture();
    // Act
    const code = await run(['--open-items', openItems, '--json', broken], io);
    // Assess
    expect(code).toBe(1);
    const decisions = out.map((line) => JSON.parse(line));
    expect(decisions).toHaveLength(data.entries.length);
    for (const decision of decisions) {
      expect(decision).toMatchObject({ decision: 'none', matches: [], confidence: 0 });
      expect(decision.reasons[0]).toMatch(/is not booked: balance check failed/);
    }
  });
});
