import { z } from 'zod';
import {
  Attachment,
  Cents,
  CostCentreCode,
  IsoDate,
  JournalCode,
  LedgerAccount,
  Quantity,
  RelationNumber,
  VatCode,
} from './fields.ts';

/** One line (mutatie) of a boekstuk. Debit is positive, credit negative. */
export const JournalLine = z.object({
  ledgerAccount: LedgerAccount.describe('grootboekrekening (rubriek 0201)'),
  amountCents: Cents.describe('signed amount: debit positive, credit negative (rubriek 0307)'),
  relationNumber: RelationNumber.optional().describe('debiteur/crediteur (rubriek 0101)'),
  /** A relation created by a relation.upsert in the same flow whose number CASH/the writer assigns. */
  relationRef: z
    .string()
    .min(1)
    .max(80)
    .optional()
    .describe('externalId of a relation.upsert without number'),
  invoiceNumber: z.string().min(1).max(40).optional().describe('factuurnummer (rubriek 0309)'),
  invoiceDate: IsoDate.optional(),
  dueDate: IsoDate.optional().describe('vervaldatum; becomes payment days (rubriek 0111)'),
  paymentReference: z.string().max(40).optional().describe('betalingskenmerk (rubriek 0477)'),
  vatCode: VatCode.optional().describe('BTW-code'),
  vatBaseCents: Cents.optional().describe('on VAT lines: the taxable amount the VAT was computed on'),
  costCentre: CostCentreCode.optional().describe('kostenplaats (rubriek 0911)'),
  quantity: Quantity.optional().describe('aantal (rubriek 0305)'),
  text: z.string().max(200).optional().describe('line text (rubriek 0306 when set)'),
});

export const JournalEntryBook = z
  .object({
    journal: JournalCode.describe('dagboek (rubriek 0901)'),
    entryNumber: z
      .number()
      .int()
      .min(1)
      .max(999999)
      .optional()
      .describe('boekstuknummer (rubriek 0303); the writer assigns one when absent'),
    date: IsoDate.describe('boekdatum (rubriek 0302)'),
    period: z
      .number()
      .int()
      .min(1)
      .max(13)
      .optional()
      .describe('boekperiode; derived from the date when absent'),
    description: z.string().min(1).max(200).describe('omschrijving (rubriek 0306)'),
    reference: z.string().max(40).optional().describe('kenmerk (rubriek 0711)'),
    lines: z.array(JournalLine).min(2, 'a boekstuk has at least two lines').max(500),
    attachments: z.array(Attachment).max(20).optional(),
  })
  .superRefine((entry, ctx) => {
    // Summing in BigInt keeps the check exact no matter how many lines.
    const total = entry.lines.reduce((sum, line) => sum + BigInt(line.amountCents), 0n);
    if (total !== 0n) {
      ctx.addIssue({
        code: 'custom',
        path: ['lines'],
        message: `lines must balance to zero, they sum to ${total} cents`,
        params: { rule: 'balanced' },
      });
    }
    entry.lines.forEach((line, i) => {
      if (line.relationNumber && line.relationRef) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines', i, 'relationRef'],
          message: 'give relationNumber or relationRef, not both',
        });
      }
    });
  });
export type JournalEntryBook = z.infer<typeof JournalEntryBook>;
export type JournalLine = z.infer<typeof JournalLine>;
