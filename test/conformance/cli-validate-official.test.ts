import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { run } from '../../cli/commands/ubl.ts';
import { corpusPath } from '../support/corpus.ts';
import { describeWithConformance } from '../support/needs-shared.ts';

async function cli(argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await run(argv, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) });
  return { code, stdout, stderr };
}

const valid = corpusPath('ubl', 'si-ubl-2.0__SI-UBL-2.0.3.2__SI-UBL-2.0_ok_base.xml');
const invalid = corpusPath('ubl', 'si-ubl-2.0__SI-UBL-2.0.3.2__SI-UBL-2.0_BR-NL-1_error_wrong_scheme.xml');
const gAccount = corpusPath(
  'ubl',
  'si-ubl-2.0__si-ubl-2.0-ext-gaccount-1.0__si-ubl-2.0-ext-gaccount_error_three-paymentmeans.xml',
);

interface OfficialLine {
  file: string;
  status: string;
  official: {
    artifact?: string;
    ours?: { fatal: string[] };
    official?: { fatal: string[]; warning: string[] };
    agree?: boolean;
    skipped?: string;
  };
}

describeWithConformance('cashlink ubl --validate official', () => {
  it('adds both verdicts to the JSON line of every file', async () => {
    // Act
    const { code, stdout } = await cli(['--validate', 'official', '--json', valid, invalid, gAccount]);
    // Assess
    expect(code).toBe(0);
    const [ok, wrongScheme, threeMeans] = stdout.map((l) => JSON.parse(l) as OfficialLine);
    expect(ok?.status).toBe('ok');
    expect(ok?.official).toMatchObject({ artifact: 'si-ubl-2.0', agree: true, official: { fatal: [] } });
    expect(wrongScheme?.status).toBe('rejected');
    expect(wrongScheme?.official).toMatchObject({
      artifact: 'si-ubl-2.0',
      agree: true,
      ours: { fatal: ['BR-NL-1'] },
      official: { fatal: ['BR-NL-1'] },
    });
    expect(threeMeans?.official).toMatchObject({ artifact: 'si-ubl-2.0-gaccount', agree: true });
    expect(threeMeans?.official.official?.fatal).toContain('BR-GA-2');
  }, 120_000);

  it('prints the verdicts readably without --json and skips what has no official rule set', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'cashlink-official-'));
    const pdf = join(dir, 'scan.pdf');
    writeFileSync(pdf, '%PDF-1.7\n%%EOF\n');
    // Act
    const { code, stdout } = await cli(['--validate', 'official', invalid, pdf]);
    // Assess
    expect(code).toBe(0);
    const text = stdout.join('\n');
    expect(text).toContain(`${invalid}\n  ours:     rejected; fatal BR-NL-1`);
    expect(text).toMatch(/official: invalid \(si-ubl-2\.0\); fatal BR-NL-1/);
    expect(text).toContain('verdicts agree');
    expect(text).toMatch(/scan\.pdf\n {2}ours: {5}\w+.*\n {2}official: skipped, not an XML invoice/);
  }, 120_000);

  it('names the rules where the verdicts differ and exits 3', async () => {
    // Prepare: a Peppol rule (no Peppol artifact here) rejects what EN 16931 alone accepts.
    const dir = mkdtempSync(join(tmpdir(), 'cashlink-official-'));
    const file = join(dir, 'peppol-without-references.xml');
    const peppol = readFileSync(corpusPath('ubl', 'peppol-bis3__examples__Vat-category-S.xml'), 'utf8');
    writeFileSync(
      file,
      peppol
        .replace(/<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/, '')
        .replace(/<cac:OrderReference>[\s\S]*?<\/cac:OrderReference>/, ''),
    );
    // Act
    const { code, stdout } = await cli(['--validate', 'official', file]);
    // Assess
    expect(code).toBe(3);
    const text = stdout.join('\n');
    expect(text).toMatch(/official: valid \(en16931-ubl\); fatal none/);
    expect(text).toContain('verdicts DIFFER\n    fatal only for us: PEPPOL-EN16931-R003');
  }, 120_000);
});
