import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import {
  compareVerdicts,
  OFFICIAL_ARTIFACT_FILES,
  type OfficialArtifact,
  OfficialValidator,
  type VerdictComparison,
} from '../../lib/invoices/conformance/index.ts';
import { OWN_RULE_PREFIX } from '../../lib/invoices/findings.ts';
import type { Finding } from '../../lib/invoices/index.ts';
import { InvoiceError, parseInvoiceXml, validateInvoice } from '../../lib/invoices/index.ts';
import { corpusFiles, corpusPath } from '../support/corpus.ts';
import { invoiceVariants } from '../support/invoices/index.ts';
import { describeWithConformance } from '../support/needs-shared.ts';
import { conformanceDir } from '../support/shared-location.ts';
import { vefaCases } from '../support/vefa.ts';

/** A rule (id, or prefix ending in `*`) whose official verdict is not held against ours, and why. */
interface KnownGap {
  rule: string;
  /** Only for documents whose CustomizationID matches; every document when absent. */
  customization?: RegExp;
  reason: string;
}

/**
 * The gaps between our validator and the official artifacts: the comparison leaves out exactly these and
 * nothing else. Keep the list short; remove an entry as soon as the rule is held to an oracle.
 */
const KNOWN_GAPS: readonly KnownGap[] = [
  {
    rule: 'PEPPOL-EN16931-R*',
    reason:
      'Peppol BIS Billing 3.0 rules: the Peppol artifact is not in ../shared/conformance, so Peppol documents are held to EN 16931 only and these official Peppol ids have no oracle here',
  },
  {
    rule: 'NL-R-*',
    reason: 'Peppol BIS 3.0 Dutch national rules: no oracle here, for the same reason as PEPPOL-EN16931-R*',
  },
  {
    rule: 'BR-CO-16',
    customization: /#conformant#urn:xeinkauf\.de:kosit:extension:xrechnung/,
    reason:
      'the XRechnung extension replaces BR-CO-16 by BR-DEX-09 (third-party payments add to the amount due); its artifact is not in ../shared/conformance',
  },
  {
    rule: 'BR-DEX-09',
    customization: /#conformant#urn:xeinkauf\.de:kosit:extension:xrechnung/,
    reason: 'the XRechnung extension rule that replaces BR-CO-16; no oracle here (see BR-CO-16)',
  },
];

function isKnownGap(rule: string, xml: string): boolean {
  const customizationId = /<(?:\w+:)?CustomizationID[^>]*>([^<]*)</.exec(xml)?.[1] ?? '';
  return KNOWN_GAPS.some(
    (gap) =>
      (gap.rule.endsWith('*') ? rule.startsWith(gap.rule.slice(0, -1)) : rule === gap.rule) &&
      (!gap.customization || gap.customization.test(customizationId)),
  );
}

/** How many generated variants of the corpus invoices run on top of the corpus itself. */
const VARIANTS = 300;

interface ConformanceCase {
  name: string;
  xml: string;
}

const decoder = new TextDecoder();
const corpusInvoices: ConformanceCase[] = corpusFiles('ubl', { ext: '.xml' }).map((name) => ({
  name: `ubl/${name}`,
  xml: decoder.decode(readFileSync(corpusPath('ubl', name))),
}));
const testsetCases: ConformanceCase[] = corpusFiles('ubl-testsets', { ext: '.xml' }).flatMap((file) =>
  vefaCases(file).map((c) => ({ name: `ubl-testsets/${file}#${c.test}`, xml: c.fragment })),
);
const variantCases: ConformanceCase[] = invoiceVariants(corpusInvoices, VARIANTS).map((v) => ({
  name: `variant/${v.name}`,
  xml: v.xml,
}));

/** Our verdict: the parser's findings plus the validator's; a document the parser refuses is one finding. */
function ourFindings(xml: string): Finding[] {
  try {
    const parsed = parseInvoiceXml(new TextEncoder().encode(xml));
    return [...parsed.findings, ...validateInvoice(parsed.document)];
  } catch (error) {
    if (error instanceof InvoiceError)
      return [{ rule: error.rule, severity: 'fatal', message: error.message, path: '/' }];
    throw error;
  }
}

function withoutKnownGaps(comparison: VerdictComparison, xml: string): VerdictComparison {
  const keep = (id: string) => !isKnownGap(id, xml);
  const onlyOurs = comparison.onlyOurs.filter(keep);
  const onlyOfficial = comparison.onlyOfficial.filter(keep);
  return { ...comparison, onlyOurs, onlyOfficial, agree: onlyOurs.length === 0 && onlyOfficial.length === 0 };
}

function describeDifference(name: string, artifact: OfficialArtifact, c: VerdictComparison): string {
  const officialOf = (id: string) =>
    c.official.fatal.includes(id) ? 'fatal' : c.official.warning.includes(id) ? 'warning' : 'not reported';
  const oursOf = (id: string) =>
    c.ours.fatal.includes(id) ? 'fatal' : c.ours.warning.includes(id) ? 'warning' : 'not reported';
  const lines = [...c.onlyOurs, ...c.onlyOfficial].map(
    (id) => `  ${id}: ours ${oursOf(id)}, official (${artifact}) ${officialOf(id)}`,
  );
  return `${name}\n${lines.join('\n')}`;
}

const validator = new OfficialValidator({ conformanceDir });

describeWithConformance('our validator against the official rule sets', () => {
  beforeAll(async () => {
    // Compiled by global-setup.ts; here they are only loaded (a few seconds each).
    for (const artifact of Object.keys(OFFICIAL_ARTIFACT_FILES) as OfficialArtifact[])
      await validator.prepare(artifact);
  }, 600_000);

  it('has the corpus, the test sets and a few hundred variants to compare', () => {
    expect(corpusInvoices.length).toBeGreaterThan(50);
    expect(testsetCases.length).toBeGreaterThan(50);
    expect(variantCases.length).toBe(VARIANTS);
  });

  it('lists a reason for every known gap', () => {
    for (const gap of KNOWN_GAPS) expect(gap.reason.length, gap.rule).toBeGreaterThan(20);
  });

  it.each([...corpusInvoices, ...testsetCases, ...variantCases].map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      // Prepare
      const ours = ourFindings(c.xml);
      // Act
      const official = await validator.validate(c.xml);
      // Assess
      if (official.failure) {
        // The rule set itself cannot evaluate the document (e.g. two RegistrationNames): it is not valid.
        expect(
          ours.some((f) => f.severity === 'fatal'),
          `${c.name}: the official ${official.artifact} rules stop with "${official.failure}", we accept it`,
        ).toBe(true);
        return;
      }
      const comparison = withoutKnownGaps(compareVerdicts(ours, official.asserts), c.xml);
      expect(comparison.agree, describeDifference(c.name, official.artifact, comparison)).toBe(true);
      // Every id we report is the artifact's own, one of ours (CASHLINK-…), or a listed gap.
      const known = await validator.ruleIds(official.artifact);
      const foreign = ours
        .map((f) => f.rule)
        .filter((id) => !known.has(id) && !id.startsWith(OWN_RULE_PREFIX) && !isKnownGap(id, c.xml));
      expect(foreign, `${c.name}: rule ids that ${official.artifact} does not have`).toEqual([]);
    },
  );
});
