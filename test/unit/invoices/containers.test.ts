import { describe, expect, it } from 'vitest';
import { inMemoryInvoiceContext, processInvoiceFile } from '../../../lib/invoices/index.ts';
import { corpusSample } from '../../support/corpus.ts';
import { mimeMail } from '../../support/mail.ts';
import { withCorpus } from '../../support/needs-shared.ts';
import {
  buildPdf,
  CII,
  entryOf,
  purchaseInput,
  readCorpus,
  SIMPLER_INVOICING_SUPPLIER,
  ublDir,
  utf8,
} from './helpers.ts';

const BASE = 'si-ubl-2.0__SI-UBL-2.0.3.2__SI-UBL-2.0_ok_base.xml';
const ubl = corpusSample('ubl', BASE);
const input = purchaseInput;
const supplier = SIMPLER_INVOICING_SUPPLIER;

const textInvoice = [
  'Drukkerij De Letter B.V.',
  'KvK: 12345678  BTW: NL123456789B01',
  'IBAN: NL91 ABNA 0417 1643 00',
  'Factuurnummer: 2026-0042',
  'Factuurdatum: 15-01-2026',
  'Vervaldatum: 14-02-2026',
  'Drukwerk folders 100,00',
  'Boeken 50,00',
  'Totaal excl. BTW 150,00',
  'BTW 21% over 100,00 21,00',
  'BTW 9% over 50,00 4,50',
  'Totaal incl. BTW 175,50',
];

describe('containers: PDF, e-mail, CII', () => {
  it('books a CII (Factur-X) invoice like a UBL one', async () => {
    // Act
    const result = await processInvoiceFile(
      input(utf8(CII), 'factur-x.xml'),
      inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
    );
    // Assess
    expect(result.source).toBe('cii');
    expect(result.status).toBe('ok');
    expect(result.invoiceNumber).toBe('FX-2026-17');
    expect(result.issueDate).toBe('2026-01-15');
    expect(result.totals).toEqual({
      netCents: 20000,
      vatCents: 4200,
      grossCents: 24200,
      payableCents: 24200,
    });
    const entry = entryOf(result.events);
    expect(entry?.lines[0]).toMatchObject({
      amountCents: -24200,
      dueDate: '2026-02-14',
      paymentReference: 'RF18539007547034',
    });
  });

  it('extracts a Factur-X XML from a PDF and archives the PDF with the booking', async () => {
    // Prepare
    const pdf = buildPdf({
      lines: ['Factuur FX-2026-17'],
      files: [{ name: 'factur-x.xml', content: utf8(CII) }],
    });
    // Act
    const result = await processInvoiceFile(
      input(pdf, 'factuur.pdf'),
      inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
    );
    // Assess
    expect(result.source).toBe('pdf>cii');
    expect(result.status).toBe('ok');
    expect(result.attachments.map((a) => a.filename)).toEqual(['factuur.pdf']);
    expect(entryOf(result.events)?.attachments?.[0]).toMatchObject({
      filename: 'factuur.pdf',
      mimeType: 'application/pdf',
    });
  });

  it(
    'extracts a UBL from a PDF; the same invoice as plain UBL afterwards is a duplicate',
    withCorpus(),
    async () => {
      // Prepare
      const ctx = inMemoryInvoiceContext({ parties: [supplier] });
      const pdf = buildPdf({ lines: ['Invoice'], files: [{ name: 'invoice.xml', content: ubl.bytes }] });
      // Act
      const fromPdf = await processInvoiceFile(input(pdf, 'invoice.pdf'), ctx);
      const plain = await processInvoiceFile(input(ubl.bytes, 'invoice.xml'), ctx);
      // Assess
      expect(fromPdf.source).toBe('pdf>ubl');
      expect(fromPdf.status).toBe('ok');
      expect(plain.status).toBe('duplicate');
    },
  );

  it('takes the UBL out of an e-mail and keeps the other attachments', withCorpus(), async () => {
    // Prepare
    const mail = mimeMail({
      attachments: [
        { filename: 'invoice.xml', contentType: 'application/xml', content: ubl.bytes },
        {
          filename: 'voorwaarden.pdf',
          contentType: 'application/pdf',
          content: buildPdf({ lines: ['Algemene voorwaarden'] }),
        },
      ],
    });
    // Act
    const result = await processInvoiceFile(
      input(mail, 'mail.eml'),
      inMemoryInvoiceContext({ parties: [supplier] }),
    );
    // Assess
    expect(result.source).toBe('email>ubl');
    expect(result.status).toBe('ok');
    expect(result.attachments.map((a) => a.filename)).toEqual(['voorwaarden.pdf']);
  });

  it('reads an e-mail carrying a PDF with embedded XML', async () => {
    // Prepare
    const pdf = buildPdf({ lines: ['Invoice'], files: [{ name: 'factur-x.xml', content: utf8(CII) }] });
    const mail = mimeMail({
      attachments: [{ filename: 'factuur.pdf', contentType: 'application/pdf', content: pdf }],
    });
    // Act
    const result = await processInvoiceFile(
      input(mail, 'mail.eml'),
      inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
    );
    // Assess
    expect(result.source).toBe('email>pdf>cii');
    expect(result.status).toBe('ok');
  });

  it('rejects an e-mail without an invoice', async () => {
    const mail = mimeMail({
      attachments: [
        { filename: 'foto.png', contentType: 'image/png', content: new Uint8Array([137, 80, 78, 71]) },
      ],
    });
    const result = await processInvoiceFile(input(mail, 'mail.eml'), inMemoryInvoiceContext());
    expect(result.status).toBe('rejected');
    expect(result.findings[0]?.rule).toBe('EMAIL-NO-INVOICE');
  });

  it('lists the PDF embedded in a UBL as an attachment of the booking', withCorpus(), async () => {
    // Prepare
    const file = 'xrechnung-testsuite__business-cases__standard__01.15a-INVOICE_ubl.xml';
    // Act
    const result = await processInvoiceFile(
      input(readCorpus(ublDir, file), file),
      inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
    );
    // Assess
    expect(result.attachments.length).toBeGreaterThan(0);
    expect(result.attachments[0]?.mimeType).toBe('application/pdf');
    expect(result.attachments[0]?.bytes).toBeGreaterThan(1000);
    expect(new TextDecoder().decode(result.files[0]?.content.subarray(0, 5))).toBe('%PDF-');
    expect(entryOf(result.events)?.attachments?.map((a) => a.filename)).toEqual(
      result.attachments.map((a) => a.filename),
    );
  });

  it('books a text-only PDF from a known supplier whose amounts add up', async () => {
    // Prepare
    const pdf = buildPdf({ lines: textInvoice });
    const ctx = inMemoryInvoiceContext({
      parties: [{ relationNumber: '300', name: 'Drukkerij De Letter', kvk: '12345678' }],
    });
    // Act
    const result = await processInvoiceFile(input(pdf, 'scan.pdf'), ctx);
    // Assess
    expect(result.source).toBe('pdf>text');
    expect(result.reviewReasons).toEqual([]);
    expect(result.status).toBe('ok');
    expect(result.invoiceNumber).toBe('2026-0042');
    expect(result.vatBreakdown).toEqual([
      { category: 'S', ratePercent: 21, taxableCents: 10000, vatCents: 2100 },
      { category: 'S', ratePercent: 9, taxableCents: 5000, vatCents: 450 },
    ]);
    const entry = entryOf(result.events);
    expect(entry?.lines[0]).toMatchObject({
      relationNumber: '300',
      amountCents: -17550,
      dueDate: '2026-02-14',
    });
  });

  it('leaves a text-only PDF from an unknown supplier as a prefilled proposal', async () => {
    // Act
    const result = await processInvoiceFile(
      input(buildPdf({ lines: textInvoice }), 'scan.pdf'),
      inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
    );
    // Assess
    expect(result.status).toBe('review');
    expect(result.reviewReasons.join(' ')).toMatch(/not known/);
    expect(result.proposal?.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(0);
    expect(result.events).toEqual([]);
  });

  it('leaves a PDF whose amounts do not add up for review', async () => {
    // Prepare
    const wrong = textInvoice.map((l) => (l.startsWith('Totaal incl') ? 'Totaal incl. BTW 180,00' : l));
    const ctx = inMemoryInvoiceContext({
      parties: [{ relationNumber: '300', name: 'Drukkerij De Letter', kvk: '12345678' }],
    });
    // Act
    const result = await processInvoiceFile(input(buildPdf({ lines: wrong }), 'scan.pdf'), ctx);
    // Assess
    expect(result.status).toBe('review');
    expect(result.reviewReasons.join(' ')).toMatch(/net \+ VAT/);
  });

  it('rejects a broken PDF with a clear error', async () => {
    const result = await processInvoiceFile(
      input(utf8('%PDF-1.7\nthis is not really a pdf'), 'broken.pdf'),
      inMemoryInvoiceContext(),
    );
    expect(result.status).toBe('rejected');
    expect(result.findings[0]?.rule).toMatch(/^PDF-/);
  });
});
