import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { InvoiceResult } from '../../../lib/invoices/index.ts';
import { inMemoryInvoiceContext, processInvoiceFile } from '../../../lib/invoices/index.ts';
import { corpusFiles } from '../../support/corpus.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';
import { entryOf, readCorpus, ublDir } from './helpers.ts';

type Expectation = { kind: 'ok' } | { kind: 'error' | 'warning'; rule?: string };

/** Expected outcome from the manifest's "what it exercises" column, else from the SI-UBL file-name convention. */
function expectations(): Map<string, Expectation> {
  const map = new Map<string, Expectation>();
  const manifest = readFileSync(join(ublDir, 'MANIFEST.md'), 'utf8');
  for (const row of manifest.split('\n')) {
    const cells = row.split('|').map((c) => c.trim());
    const file = cells[1];
    const exercise = cells[5] ?? '';
    if (!file || !/\.xml$/i.test(file)) continue;
    const m = /EXPECTED (ERROR|WARNING|OK)(?: on ([A-Z][A-Z0-9-]+))?/.exec(exercise);
    if (m?.[1] === 'ERROR' || m?.[1] === 'WARNING')
      map.set(file, { kind: m[1] === 'ERROR' ? 'error' : 'warning', rule: m[2] });
  }
  for (const file of corpusFiles('ubl', { ext: '.xml' })) {
    if (map.has(file)) continue;
    const m =
      /_((?:BR|UBL|NL|PEPPOL)-[A-Z0-9-]*?\d+)_(error|warning)/.exec(file) ??
      /_(error|warning)[_.]/.exec(file);
    if (m && m.length === 3) map.set(file, { kind: m[2] as 'error' | 'warning', rule: m[1] });
    else if (m) map.set(file, { kind: m[1] as 'error' | 'warning' });
  }
  return map;
}

let expectedByFile: Map<string, Expectation> | undefined;
/** Read when the first test runs: the manifest is part of the corpus. */
const expected = () => {
  expectedByFile ??= expectations();
  return expectedByFile;
};
const files = corpusFiles('ubl', { ext: '.xml' });

async function processAlone(file: string, direction: 'purchase' | 'sales'): Promise<InvoiceResult> {
  const ctx = inMemoryInvoiceContext({ settings: { allowNewRelations: true } });
  return processInvoiceFile(
    { bytes: readCorpus(ublDir, file), filename: file, direction, administration: 'DEMO', tenant: 'acme' },
    ctx,
  );
}

/** The booking invariants: balanced, creditor/debtor line = amount due, VAT lines = VAT breakdown. */
function assertBooking(result: InvoiceResult, direction: 'purchase' | 'sales'): void {
  const entry = entryOf(result.events);
  expect(entry, 'a journal entry').toBeDefined();
  if (!entry || !result.totals) return;
  const lines = entry.lines;
  expect(lines.reduce((s, l) => s + l.amountCents, 0)).toBe(0);
  const control = lines[0];
  expect(control?.ledgerAccount).toBe(direction === 'purchase' ? '1600' : '1300');
  expect(control?.invoiceNumber).toBeDefined();
  const vatLines = lines.filter((l) => l.vatBaseCents !== undefined);
  const credit = result.documentType === 'credit-note' ? -1 : 1;
  const side = direction === 'purchase' ? 1 : -1;
  if (result.currency === 'EUR') {
    expect(control?.amountCents).toBe(-side * credit * result.totals.payableCents);
    const breakdown = result.vatBreakdown
      .filter((v) => v.vatCents !== 0)
      .map((v) => side * credit * v.vatCents);
    expect(vatLines.map((l) => l.amountCents).sort()).toEqual(breakdown.sort());
  } else {
    // Converted with the document's own EUR VAT total: the VAT lines add up to exactly that total.
    expect(result.findings.some((f) => f.rule === 'CASHLINK-FX' && f.severity === 'info')).toBe(true);
    expect(vatLines.length).toBe(result.vatBreakdown.filter((v) => v.vatCents !== 0).length);
  }
}

describeWithCorpus('UBL corpus, every file on its own', () => {
  it.each(
    files.flatMap((file) => (['purchase', 'sales'] as const).map((direction) => [file, direction] as const)),
  )('%s as %s', async (file, direction) => {
    // Act
    const result = await processAlone(file, direction);
    // Assess
    const expectation = expected().get(file) ?? { kind: 'ok' };
    const fatalRules = result.findings.filter((f) => f.severity === 'fatal').map((f) => f.rule);
    if (expectation.kind === 'error') {
      expect(result.status).toBe('rejected');
      if (expectation.rule) expect(fatalRules).toContain(expectation.rule);
      expect(result.events).toEqual([]);
      return;
    }
    expect(fatalRules).toEqual([]);
    if (expectation.kind === 'warning' && expectation.rule) {
      // The manifest names a rule family (BR-NL-27); SI-UBL numbers it per address (BR-NL-27-4).
      const family = expectation.rule;
      const warned = result.findings.filter((f) => f.severity === 'warning').map((f) => f.rule);
      expect(
        warned.some((rule) => rule === family || rule.startsWith(`${family}-`)),
        warned.join(', '),
      ).toBe(true);
    }
    if (result.status === 'review') {
      // Only a foreign currency without a EUR VAT total may stop a valid document.
      expect(result.currency).not.toBe('EUR');
      expect(result.reviewReasons.join(' ')).toMatch(/currency/);
      expect(result.proposal).toBeNull();
      return;
    }
    expect(result.status).toBe('ok');
    assertBooking(result, direction);
    for (const finding of result.findings) {
      expect(finding.rule).toMatch(/^[A-Z][A-Z0-9-]+$/);
      expect(finding.path.startsWith('/')).toBe(true);
    }
  });

  it('books every EUR document that has no expected error', async () => {
    // Act
    const results = await Promise.all(
      files.filter((f) => expected().get(f)?.kind !== 'error').map((f) => processAlone(f, 'purchase')),
    );
    // Assess
    const eur = results.filter((r) => r.currency === 'EUR');
    expect(eur.length).toBeGreaterThan(30);
    expect(eur.filter((r) => r.status !== 'ok').map((r) => r.file)).toEqual([]);
  });
});
