import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { OfficialValidator } from '../../lib/invoices/conformance/index.ts';
import { type SalesInvoice, writeSiUbl } from '../../lib/sales-invoices/index.ts';
import { fuzzRuns } from '../support/fuzz.ts';
import { describeNeeding } from '../support/needs-shared.ts';
import { conformanceDir } from '../support/shared-location.ts';
import { BUYER, invoice, validInvoice } from '../unit/sales-invoices/fixtures.ts';

/** How many generated invoices the official SI-UBL 2.0 Schematron judges (each well under a second). */
const GENERATED = fuzzRuns(60);

describeNeeding(['conformance'], 'Function: writeSiUbl held to the official SI-UBL 2.0 rules', () => {
  const validator = new OfficialValidator({ conformanceDir });
  beforeAll(() => validator.prepare('si-ubl-2.0'), 600_000);

  const officialRules = async (source: SalesInvoice) => {
    const verdict = await validator.validate(writeSiUbl(source));
    return {
      artifact: verdict.artifact,
      failure: verdict.failure,
      asserts: verdict.asserts.map((a) => `${a.flag}:${a.id}`),
    };
  };

  it.each([
    ['the fixed example', invoice()],
    [
      'a foreign buyer without KvK',
      invoice({ buyer: { name: 'Kunde GmbH', city: 'Berlin', countryCode: 'DE', vatId: 'DE123456789' } }),
    ],
    [
      'reverse charge to an EU buyer',
      invoice({
        buyer: { name: 'Client SA', city: 'Bruxelles', countryCode: 'BE', vatId: 'BE0123456789' },
        vatExemptionReason: 'BTW verlegd',
        lines: [
          {
            description: 'Advies',
            quantityMilli: 8000,
            unitCode: 'HUR',
            unitPriceCents: 10000,
            vatCategory: 'AE',
            vatRateHundredths: 0,
          },
        ],
      }),
    ],
    ['a Dutch buyer', invoice({ buyer: BUYER })],
  ])('%s has no failed assert at all, not even a warning', async (_name, source) => {
    // Act
    const verdict = await officialRules(source);

    // Assess
    expect(verdict).toEqual({ artifact: 'si-ubl-2.0', failure: undefined, asserts: [] });
  });

  it(`${GENERATED} generated invoices (rates, exempt and credit lines, foreign buyers) have no fatal assert`, async () => {
    await fc.assert(
      fc.asyncProperty(validInvoice, async (source) => {
        // Act
        const verdict = await officialRules(source);

        // Assess
        expect(verdict.failure).toBeUndefined();
        expect(verdict.asserts.filter((a) => a.startsWith('fatal:'))).toEqual([]);
      }),
      { numRuns: GENERATED },
    );
  }, 300_000);
});
