import { beforeAll, expect, it } from 'vitest';
import { OfficialValidator } from '../../lib/invoices/conformance/index.ts';
import { creditNoteOf, type SalesInvoice, writeSiUbl } from '../../lib/sales-invoices/index.ts';
import { describeNeeding } from '../support/needs-shared.ts';
import { conformanceDir } from '../support/shared-location.ts';
import { BUYER, invoice } from '../unit/sales-invoices/fixtures.ts';

describeNeeding(
  ['conformance'],
  'Function: writeSiUbl of a credit note held to the official SI-UBL 2.0 rules',
  () => {
    const validator = new OfficialValidator({ conformanceDir });
    beforeAll(() => validator.prepare('si-ubl-2.0'), 600_000);

    const original = invoice({ buyer: BUYER });
    const credit = (overrides: Partial<SalesInvoice> = {}): SalesInvoice => ({
      ...creditNoteOf(original, { number: '2026-0002', issueDate: '2026-11-05', dueDate: '2026-11-05' }),
      ...overrides,
    });

    it.each([
      ['the whole invoice credited', credit()],
      [
        'one line credited, with a reason',
        credit({ lines: original.lines.slice(0, 1), note: 'Verkeerd tarief' }),
      ],
      [
        'a reverse-charge invoice credited',
        creditNoteOf(
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
          { number: '2026-0003', issueDate: '2026-11-05', dueDate: '2026-11-05' },
        ),
      ],
    ])(
      '%s: a CreditNote with its BillingReference and no failed assert, not even a warning',
      async (_name, source) => {
        // Act
        const xml = writeSiUbl(source);
        const verdict = await validator.validate(xml);

        // Assess
        expect(xml).toContain(
          '<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"',
        );
        expect(xml).toContain('<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>');
        expect(xml).toContain(
          `<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>${source.billingReference?.number}</cbc:ID>`,
        );
        expect({
          artifact: verdict.artifact,
          failure: verdict.failure,
          asserts: verdict.asserts.map((a) => `${a.flag}:${a.id}`),
        }).toEqual({ artifact: 'si-ubl-2.0', failure: undefined, asserts: [] });
      },
    );
  },
);
