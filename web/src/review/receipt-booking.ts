import type { InvoiceBooking, JournalLine, ReceiptProposal } from '../api/index.ts';

const cents = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/**
 * The booking a Bonnetje photo's OCR proposal prefills, when the invoice flow proposed none of its own: the
 * receipt's date and supplier, and — with a total — the cost line (total less VAT), a VAT line per rate
 * (when the rates add up to the VAT; one line otherwise) and the creditor line, balanced in integer cents.
 * Ledger accounts stay empty for the person to choose; nothing is booked until they confirm with *Boeken*.
 */
export function bookingFromReceipt(proposal: unknown, receipt: ReceiptProposal | undefined): unknown {
  const existing = (
    typeof proposal === 'object' && proposal !== null ? proposal : {}
  ) as Partial<InvoiceBooking>;
  if (!receipt || (Array.isArray(existing.lines) && existing.lines.length > 0)) return proposal;
  const supplier = typeof receipt.supplier === 'string' ? receipt.supplier.trim().slice(0, 100) : '';
  const lines: JournalLine[] = [];
  if (cents(receipt.totalCents)) {
    const total = receipt.totalCents;
    const vat = cents(receipt.vatCents) ? receipt.vatCents : 0;
    const rates = (receipt.vatLines ?? []).filter((line) => cents(line.vatCents) && line.vatCents !== 0);
    const vatLines: JournalLine[] =
      rates.length > 0 && rates.reduce((sum, line) => sum + line.vatCents, 0) === vat
        ? rates.map((line) => ({
            ledgerAccount: '',
            amountCents: line.vatCents,
            ...(cents(line.baseCents) ? { vatBaseCents: line.baseCents } : {}),
          }))
        : vat !== 0
          ? [{ ledgerAccount: '', amountCents: vat, vatBaseCents: total - vat }]
          : [];
    lines.push({ ledgerAccount: '', amountCents: total - vat }, ...vatLines, {
      ledgerAccount: '',
      amountCents: -total,
      ...(supplier ? { text: supplier } : {}),
    });
  }
  return {
    ...existing,
    journal: existing.journal ?? '',
    date: existing.date || (typeof receipt.date === 'string' ? receipt.date : ''),
    description: existing.description || (supplier ? `Bonnetje ${supplier}` : 'Bonnetje'),
    lines,
  };
}
