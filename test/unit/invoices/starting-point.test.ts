import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JournalEntryBook } from '../../../events/index.ts';
import {
  type InvoiceStartingPoint,
  inMemoryInvoiceContext,
  invoiceStartingPoint,
  processInvoiceFile,
} from '../../../lib/invoices/index.ts';
import { corpusFiles } from '../../support/corpus.ts';
import { fuzzParameters } from '../../support/fuzz.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';
import { readCorpus, ublDir } from './helpers.ts';

/** The starting point as a person finishes it: a journal, two accounts, an amount and its opposite. */
function finished(start: InvoiceStartingPoint) {
  const [cost, creditor] = start.proposal.lines;
  return {
    journal: 'INK',
    date: start.proposal.date ?? '2026-12-02',
    description: start.proposal.description ?? 'Inkoop',
    ...(start.proposal.reference ? { reference: start.proposal.reference } : {}),
    lines: [
      { ...cost, ledgerAccount: '4000', amountCents: 10_000 },
      { ...creditor, ledgerAccount: '1600', amountCents: -10_000 },
    ],
  };
}

/** What every starting point keeps to: CASH's field lengths, an ISO date or none. */
function assertFits(start: InvoiceStartingPoint): void {
  for (const line of start.proposal.lines) {
    expect(line.text.length).toBeLessThanOrEqual(25);
    expect((line.invoiceNumber ?? '').length).toBeLessThanOrEqual(40);
  }
  expect((start.proposal.description ?? '').length).toBeLessThanOrEqual(60);
  expect((start.proposal.reference ?? '').length).toBeLessThanOrEqual(40);
  if (start.proposal.date) expect(start.proposal.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
}

describe('invoiceStartingPoint', () => {
  it.each([
    [
      'an invoice in kronor',
      {
        invoiceNumber: 'SE-2026-88',
        issueDate: '2026-11-30',
        currency: 'SEK',
        documentType: 'invoice',
        party: { name: "El-Handlar'n Sverige AB" },
      },
      {
        proposal: {
          date: '2026-11-30',
          description: "Factuur SE-2026-88 El-Handlar'n Sverige AB",
          reference: 'SE-2026-88',
          lines: [
            { invoiceNumber: 'SE-2026-88', text: 'Fact SE-2026-88 El-Handla' },
            { invoiceNumber: 'SE-2026-88', text: 'Fact SE-2026-88 El-Handla' },
          ],
        },
        foreignCurrency: 'SEK',
      },
    ],
    [
      'a credit note in euros',
      { invoiceNumber: 'C-7', issueDate: '2026-01-05', currency: 'EUR', documentType: 'credit-note' },
      {
        proposal: {
          date: '2026-01-05',
          description: 'Creditnota C-7',
          reference: 'C-7',
          lines: [
            { invoiceNumber: 'C-7', text: 'Cred C-7' },
            { invoiceNumber: 'C-7', text: 'Cred C-7' },
          ],
        },
      },
    ],
    ['nothing read', undefined, { proposal: { lines: [{ text: 'Fact' }, { text: 'Fact' }] } }],
    [
      'a malformed reading',
      { invoiceNumber: 42, issueDate: '2026-13-45', currency: 'euro', party: 'Jansen' },
      { proposal: { lines: [{ text: 'Fact' }, { text: 'Fact' }] } },
    ],
  ])('%s', (_name, result, expected) => {
    // Act
    const start = invoiceStartingPoint(result);
    // Assess
    expect(start).toEqual(expected);
  });

  it('fits a long invoice number the way the invoice mapping does (never two numbers onto one)', () => {
    // Prepare
    const long = (tail: string) => `${'INV-'.repeat(12)}${tail}`;
    // Act
    const a = invoiceStartingPoint({ invoiceNumber: long('A') });
    const b = invoiceStartingPoint({ invoiceNumber: long('B') });
    // Assess
    expect(a.proposal.reference).toHaveLength(40);
    expect(a.proposal.reference).not.toBe(b.proposal.reference);
    expect(a.proposal.lines[0].invoiceNumber).toBe(a.proposal.reference);
  });

  it('never throws, and once finished is a booking the API accepts, whatever was read', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record(
            {
              invoiceNumber: fc.oneof(fc.string({ maxLength: 120 }), fc.anything()),
              issueDate: fc.oneof(
                fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
                fc.string(),
              ),
              currency: fc.oneof(fc.constantFrom('EUR', 'USD', 'eur'), fc.string({ maxLength: 5 })),
              documentType: fc.constantFrom('invoice', 'credit-note', 7),
              party: fc.oneof(fc.record({ name: fc.string({ maxLength: 200 }) }), fc.anything()),
            },
            { requiredKeys: [] },
          ),
        ),
        (result) => {
          // Act
          const start = invoiceStartingPoint(result);
          // Assess
          assertFits(start);
          const parsed = JournalEntryBook.safeParse(finished(start));
          expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        },
      ),
      fuzzParameters(200),
    );
  });
});

describeWithCorpus('invoiceStartingPoint over the corpus', () => {
  it.each(corpusFiles('ubl', { ext: '.xml' }))('%s', async (file) => {
    // Prepare: the invoice flow's reading, as the document record stores it (JSON)
    const result = await processInvoiceFile(
      {
        bytes: readCorpus(ublDir, file),
        filename: file,
        direction: 'purchase',
        administration: 'DEMO',
        tenant: 'acme',
      },
      inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
    );
    const { files: _files, ...stored } = result;
    // Act
    const start = invoiceStartingPoint(JSON.parse(JSON.stringify(stored)));
    // Assess
    assertFits(start);
    expect(JournalEntryBook.safeParse(finished(start)).success).toBe(true);
    if (result.issueDate && /^\d{4}-\d{2}-\d{2}$/.test(result.issueDate))
      expect(start.proposal.date).toBe(result.issueDate);
    expect(start.foreignCurrency).toBe(
      result.currency && result.currency !== 'EUR' ? result.currency : undefined,
    );
  });
});
