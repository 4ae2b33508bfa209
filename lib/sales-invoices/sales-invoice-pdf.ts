import { PDFDocument, StandardFonts } from 'pdf-lib';
import { dutchDate, dutchQuantity, euros } from './dutch-format.ts';
import { A4, MARGIN, PdfPageWriter } from './pdf-page-writer.ts';
import type { SalesInvoice } from './sales-invoice.ts';
import { documentTitle } from './sales-invoice-booking.ts';
import { percentOf, salesInvoiceTotals } from './sales-invoice-totals.ts';

const UNITS: Record<string, string> = { HUR: 'uur', C62: 'st.', DAY: 'dag', KMT: 'km' };

/**
 * The invoice as an A4 PDF in Dutch (Factuur, BTW per tarief, betaalinstructie) from the same totals as
 * the UBL and the booking. Standard fonts only: nothing is loaded at run time.
 */
export async function salesInvoicePdf(invoice: SalesInvoice): Promise<Uint8Array> {
  const totals = salesInvoiceTotals(invoice);
  const credit = invoice.kind === 'credit-note';
  const doc = await PDFDocument.create();
  doc.setTitle(documentTitle(invoice));
  doc.setAuthor(invoice.seller.name);
  doc.setLanguage('nl-NL');
  doc.setCreator('cashlink');
  const w = new PdfPageWriter(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );
  const right = A4[0] - MARGIN;
  const s = invoice.seller;
  w.text(MARGIN, s.name, { bold: true });
  w.text(right, credit ? 'CREDITNOTA' : 'FACTUUR', { bold: true, right: true });
  for (const line of [
    s.street,
    [s.postalCode, s.city].filter(Boolean).join(' '),
    `KvK ${s.kvk ?? '-'}  ·  BTW ${s.vatId ?? '-'}`,
    `IBAN ${s.iban}`,
  ]) {
    w.next();
    if (line) w.text(MARGIN, line);
  }
  w.next(2);
  const b = invoice.buyer;
  w.text(MARGIN, b.name, { bold: true, width: 260 });
  w.text(330, `${credit ? 'Creditnotanummer' : 'Factuurnummer'}: ${invoice.number}`);
  w.next();
  if (b.street) w.text(MARGIN, b.street, { width: 260 });
  w.text(330, `${credit ? 'Datum' : 'Factuurdatum'}: ${dutchDate(invoice.issueDate)}`);
  w.next();
  w.text(
    MARGIN,
    [b.postalCode, b.city, b.countryCode !== 'NL' ? b.countryCode : ''].filter(Boolean).join(' '),
    { width: 260 },
  );
  if (invoice.billingReference)
    w.text(
      330,
      `Betreft factuur ${invoice.billingReference.number} van ${dutchDate(invoice.billingReference.issueDate)}`,
    );
  else w.text(330, `Vervaldatum: ${dutchDate(invoice.dueDate)}`);
  w.next();
  if (b.vatId) w.text(MARGIN, `BTW ${b.vatId}`, { width: 260 });
  w.text(330, `Uw referentie: ${invoice.buyerReference}`);
  w.next(2);
  w.text(MARGIN, 'Omschrijving', { bold: true });
  w.text(340, 'Aantal', { bold: true, right: true });
  w.text(420, 'Prijs', { bold: true, right: true });
  w.text(465, 'BTW', { bold: true, right: true });
  w.text(right, 'Bedrag', { bold: true, right: true });
  invoice.lines.forEach((line, i) => {
    w.next();
    w.text(MARGIN, line.description, { width: 230 });
    w.text(340, `${dutchQuantity(line.quantityMilli)} ${UNITS[line.unitCode] ?? line.unitCode}`, {
      right: true,
    });
    w.text(420, euros(line.unitPriceCents), { right: true });
    w.text(
      465,
      line.vatCategory === 'S'
        ? `${percentOf(line.vatRateHundredths)}%`
        : line.vatCategory === 'AE'
          ? 'verlegd'
          : '0%',
      { right: true },
    );
    w.text(right, euros(totals.lineCents[i] ?? 0), { right: true });
  });
  w.next(2);
  w.text(420, 'Subtotaal', { right: true });
  w.text(right, euros(totals.lineExtensionCents), { right: true });
  for (const group of totals.vat) {
    w.next();
    const label =
      group.category === 'S'
        ? `BTW ${percentOf(group.rateHundredths)}% over ${euros(group.taxableCents)}`
        : group.category === 'AE'
          ? 'BTW verlegd'
          : `BTW 0% over ${euros(group.taxableCents)}`;
    w.text(420, label, { right: true });
    w.text(right, euros(group.vatCents), { right: true });
  }
  w.next();
  w.text(420, 'Totaal', { bold: true, right: true });
  w.text(right, euros(totals.payableCents), { bold: true, right: true });
  w.next(2);
  if (invoice.vatExemptionReason) {
    w.text(MARGIN, invoice.vatExemptionReason);
    w.next();
  }
  if (credit) {
    w.text(
      MARGIN,
      `Wij crediteren u ${euros(totals.payableCents)}; dit bedrag wordt verrekend of aan u terugbetaald.`,
    );
  } else {
    w.text(
      MARGIN,
      `Gelieve ${euros(totals.payableCents)} vóór ${dutchDate(invoice.dueDate)} over te maken op ${s.iban}`,
    );
    w.next();
    w.text(
      MARGIN,
      `ten name van ${s.name}, onder vermelding van ${invoice.paymentReference ?? invoice.number}.`,
    );
  }
  if (invoice.note) {
    w.next(2);
    w.text(MARGIN, invoice.note);
  }
  return doc.save();
}
