import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInvoiceXml, validateInvoice } from '../../../lib/invoices/index.ts';
import { corpusFiles } from '../../support/corpus.ts';
import { testsetDir, utf8 } from './helpers.ts';

interface RuleCase {
  file: string;
  test: string;
  scope: string;
  expectation: 'success' | 'error';
  fragment: string;
}

/** Splits a vefa testSet into its cases: the asserted rule outcome plus the UBL fragment. */
function casesOf(file: string): RuleCase[] {
  const text = readFileSync(join(testsetDir, file), 'utf8');
  const scope = /<scope>\s*([^<\s]+)\s*<\/scope>/.exec(text)?.[1] ?? '';
  return [...text.matchAll(/<test\b([^>]*)>([\s\S]*?)<\/test>/g)].map((m, i) => {
    const body = m[2] ?? '';
    const assertEnd = body.indexOf('</assert>');
    const assertion = body.slice(0, assertEnd);
    const expectation = /<error>/.test(assertion) ? 'error' : 'success';
    return {
      file,
      test: /id="([^"]+)"/.exec(m[1] ?? '')?.[1] ?? String(i + 1),
      scope,
      expectation,
      fragment: body.slice(assertEnd + '</assert>'.length).trim(),
    };
  });
}

const cases = corpusFiles('ubl-testsets', { ext: '.xml' }).flatMap(casesOf);

describe('EN 16931 / Peppol NL rule test sets (vefa)', () => {
  it('has cases to run', () => {
    expect(cases.length).toBeGreaterThan(50);
  });

  it.each(cases.map((c) => [`${c.file} #${c.test} → ${c.expectation} ${c.scope}`, c] as const))(
    '%s',
    (_name, c) => {
      // Prepare: Peppol NL rules only run for Peppol documents, the fragments may lack a CustomizationID.
      const { document, findings } = parseInvoiceXml(utf8(c.fragment));
      const profiled = c.scope.startsWith('NL-R')
        ? { ...document, profile: 'peppol-bis3' as const }
        : document;
      // Act
      const all = [...findings, ...validateInvoice(profiled)];
      // Assess
      const fired = all.some((f) => f.rule === c.scope && f.severity === 'fatal');
      expect(fired, JSON.stringify(all.filter((f) => f.rule === c.scope))).toBe(c.expectation === 'error');
    },
  );
});
