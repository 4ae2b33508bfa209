import type { JournalEntryBook, JournalLine } from '../../../events/index.ts';
import type { CashRecord } from '../records/cash-record.ts';
import { JOURNAL_LINE } from '../records/catalog.ts';
import type { FieldFormatOptions } from '../records/field-format.ts';
import { field } from '../records/field-spec.ts';
import { invoiceNumberCandidate, invoiceNumberKey, isCashInvoiceNumber } from './invoice-number.ts';
import type {
  CashMappingContext,
  CashMappingIssue,
  CashMappingResult,
  InvoiceNumberUse,
} from './mapping-types.ts';
import { RecordAssembler } from './record-assembler.ts';
import { foldVatLines, type IndexedLine } from './vat-folding.ts';

const DAY_MS = 86_400_000;

/** In text mode F0309 is passed through; the event allows 40 characters, so that is the bound checked. */
const TEXT_INVOICE_NUMBER = {
  ...JOURNAL_LINE,
  fields: {
    ...JOURNAL_LINE.fields,
    '0309': field('0309', 'invoiceNumber', 'factuurnummer (tekst)', 'L', 40),
  },
};

function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / DAY_MS);
}

/** The key under which a line's invoice numbers are unique in CASH: its relation (number, or ref until it has one). */
export function relationKeyOf(
  line: Pick<JournalLine, 'relationNumber' | 'relationRef'>,
  ctx: Pick<CashMappingContext, 'resolveRelation'>,
): string {
  if (line.relationNumber) return String(Number(line.relationNumber));
  if (line.relationRef) {
    const resolved = ctx.resolveRelation?.(line.relationRef);
    return resolved ? String(Number(resolved)) : `ref:${line.relationRef}`;
  }
  return '-';
}

/** The CASH F0309 value for an original invoice number under the numeric-6 setting. */
export function cashInvoiceNumber(
  relationKey: string,
  original: string,
  ctx: Pick<CashMappingContext, 'invoiceNumbers'>,
): string {
  const trimmed = original.trim();
  const registered = ctx.invoiceNumbers?.get(invoiceNumberKey(relationKey, trimmed));
  if (registered !== undefined) return registered;
  return isCashInvoiceNumber(trimmed)
    ? String(Number(trimmed))
    : invoiceNumberCandidate(relationKey, trimmed, 0);
}

/**
 * journal-entry.book → one 0301 line per (folded) event line, all sharing dagboek, date, period, boekstuknummer
 * and kenmerk, so CASH sees one balanced boekstuk.
 */
export function mapJournalEntry(entry: JournalEntryBook, ctx: CashMappingContext): CashMappingResult {
  const { settings } = ctx;
  const issues: CashMappingIssue[] = [];
  const invoiceNumbers: InvoiceNumberUse[] = [];
  let lines: IndexedLine[] = entry.lines.map((line, index) => ({ line, index }));
  if (settings.vatLines === 'implied') {
    const folded = foldVatLines(entry.lines);
    if (!folded.ok) return folded;
    lines = folded.lines;
  }
  const entryNumber = entry.entryNumber ?? ctx.entryNumber;
  const [year = '', month = ''] = entry.date.split('-');
  const yearPeriod = { year: Number(year), period: entry.period ?? Number(month) };
  const options: FieldFormatOptions = { amountNotation: settings.amountNotation };
  const description: Partial<FieldFormatOptions> = { overflow: settings.descriptionOverflow };
  const attachment = entry.attachments?.[0];
  // The attachment goes on the debtor/creditor line (the one a person opens in CASH), else on the first line.
  const attachmentLine =
    lines.find(({ line }) => line.relationNumber || line.relationRef)?.index ?? lines[0]?.index;
  const reference = ctx.reference ?? entry.reference;
  const records: CashRecord[] = [];
  for (const { line, index } of lines) {
    const path = `data.lines.${index}`;
    const spec = settings.invoiceNumbers === 'text' ? TEXT_INVOICE_NUMBER : JOURNAL_LINE;
    const record = new RecordAssembler(spec, options, issues)
      .set('0901', entry.journal, 'data.journal')
      .set('0302', entry.date, 'data.date')
      .set('0310', yearPeriod, entry.period === undefined ? 'data.date' : 'data.period')
      .set('0303', entryNumber, 'data.entryNumber')
      .set('0201', line.ledgerAccount, `${path}.ledgerAccount`)
      .set('0307', line.amountCents, `${path}.amountCents`)
      .set(
        '0306',
        line.text ?? entry.description,
        line.text === undefined ? 'data.description' : `${path}.text`,
        description,
      )
      .set('0711', reference, ctx.reference === undefined ? 'data.reference' : 'context.reference')
      .set('0477', line.paymentReference, `${path}.paymentReference`)
      .set('0911', line.costCentre, `${path}.costCentre`)
      // F0242 only where CASH is to derive the VAT: with explicit VAT lines a code on the base line could
      // make CASH book the VAT a second time.
      .set('0242', settings.vatLines === 'implied' ? line.vatCode : undefined, `${path}.vatCode`)
      .set(
        '1540',
        index === attachmentLine ? attachment?.filename : undefined,
        'data.attachments.0.filename',
      );
    if (line.quantity !== undefined) record.set('0305', { decimal: line.quantity }, `${path}.quantity`);
    if (entryNumber === undefined) {
      record.issue(
        'data.entryNumber',
        'required',
        'boekstuknummer (rubriek 0303) is required: give it in the event or context.entryNumber',
        undefined,
        '0303',
      );
    }
    if (line.relationNumber) record.set('0101', line.relationNumber, `${path}.relationNumber`);
    else if (line.relationRef) {
      const resolved = ctx.resolveRelation?.(line.relationRef);
      if (resolved) record.set('0101', resolved, `${path}.relationRef`);
      else
        record.issue(
          `${path}.relationRef`,
          'unresolved-relation',
          `relation ${line.relationRef} has no CASH relation number yet`,
          line.relationRef,
          '0101',
        );
    }
    if (line.invoiceNumber !== undefined) {
      if (settings.invoiceNumbers === 'text') record.set('0309', line.invoiceNumber, `${path}.invoiceNumber`);
      else {
        const cashNumber = cashInvoiceNumber(relationKeyOf(line, ctx), line.invoiceNumber, ctx);
        record.set('0309', cashNumber, `${path}.invoiceNumber`);
        if (cashNumber !== line.invoiceNumber.trim()) {
          invoiceNumbers.push({
            eventPath: `${path}.invoiceNumber`,
            original: line.invoiceNumber,
            cashNumber,
          });
        }
      }
    }
    if (line.dueDate !== undefined) {
      const days = daysBetween(line.invoiceDate ?? entry.date, line.dueDate);
      if (days < 0)
        record.issue(
          `${path}.dueDate`,
          'bad-date',
          'due date lies before the invoice date',
          line.dueDate,
          '0111',
        );
      else record.set('0111', days, `${path}.dueDate`);
    }
    const built = record.build();
    if (built) records.push(built);
  }
  return issues.length ? { ok: false, issues } : { ok: true, records, invoiceNumbers };
}
