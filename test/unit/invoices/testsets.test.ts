import { expect, it } from 'vitest';
import { parseInvoiceXml, validateInvoice } from '../../../lib/invoices/index.ts';
import { corpusFiles } from '../../support/corpus.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';
import { vefaCases } from '../../support/vefa.ts';
import { utf8 } from './helpers.ts';

const cases = corpusFiles('ubl-testsets', { ext: '.xml' }).flatMap(vefaCases);

describeWithCorpus('EN 16931 / Peppol NL rule test sets (vefa)', () => {
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
