import { z } from 'zod';
import {
  AdministrationCode,
  Cents,
  CostCentreCode,
  CurrencyCode,
  IsoDate,
  LedgerAccount,
  RelationNumber,
  VatCode,
} from '../../events/fields.ts';
import { optionalOrNull } from '../runtime/optional-or-null.ts';

/** A document id: a normalized event (`evt_…`) or an incoming file (`doc_<sha256>`). */
export const DocumentId = z
  .string()
  .regex(/^(evt_[0-9a-f]{32}|doc_[0-9a-f]{16,64})$/, 'evt_ and 32 hex digits, or doc_ and a SHA-256 in hex');

const Audit = {
  note: optionalOrNull(z.string().max(500)).describe('why the correction was made'),
  correctedBy: optionalOrNull(z.string().min(1).max(100)).describe('the person who made it (name or e-mail)'),
};

/** A person corrects the grootboekrekening and/or kostenplaats of a booked or waiting invoice. */
export const InvoiceLedgerCorrection = z
  .object({
    kind: z.literal('invoice-ledger'),
    documentId: DocumentId.describe(
      'the invoice: its file document (doc_…) or its journal-entry event (evt_…)',
    ),
    ledgerAccount: optionalOrNull(LedgerAccount).describe('the right grootboekrekening'),
    costCentre: optionalOrNull(CostCentreCode).describe('the right kostenplaats'),
    /** The key the invoice connector remembers choices under; defaults to `rel:<relation number>` of the booking. */
    relationKey: optionalOrNull(z.string().min(1).max(120)),
    ...Audit,
  })
  .strict()
  .refine((c) => c.ledgerAccount !== undefined || c.costCentre !== undefined, {
    message: 'give ledgerAccount, costCentre or both',
    params: { rule: 'ledger-or-cost-centre' },
    path: ['ledgerAccount'],
  });

/** The bank line a match decision is about, as the bank connector normalized it. */
export const CorrectedBankEntry = z
  .object({
    importId: z.string().min(1).max(200),
    bookingDate: IsoDate,
    valueDate: optionalOrNull(IsoDate),
    amountCents: Cents.describe('signed: money in positive, money out negative'),
    currency: CurrencyCode,
    counterpartyIban: optionalOrNull(z.string().max(34)),
    counterpartyAccount: optionalOrNull(z.string().max(34)),
    counterpartyBic: optionalOrNull(z.string().max(11)),
    counterpartyName: optionalOrNull(z.string().max(140)),
    remittance: optionalOrNull(z.string().max(500)),
    structuredReference: optionalOrNull(z.string().max(35)),
    endToEndId: optionalOrNull(z.string().max(35)),
    mandateId: optionalOrNull(z.string().max(35)),
    bankReference: optionalOrNull(z.string().max(35)),
    transactionType: optionalOrNull(z.string().max(35)),
    reversal: optionalOrNull(z.boolean()),
    creditorId: optionalOrNull(z.string().max(35)),
  })
  .strict();

/**
 * A person confirms the suggested match of a bank line, or says what it should have been: a relation (with
 * the invoices the line pays) or a ledger account. Unless `book` is false, the line is booked that way.
 */
export const BankMatchCorrection = z
  .object({
    kind: z.literal('bank-match'),
    administration: AdministrationCode,
    importId: z.string().min(1).max(200).describe("the line's import id, as in the review item"),
    decision: z.enum(['confirm', 'correct']),
    relationNumber: optionalOrNull(RelationNumber).describe('debiteur/crediteur the line belongs to'),
    invoiceNumbers: optionalOrNull(z.array(z.string().min(1).max(40)).max(50)).describe(
      'the open items it pays',
    ),
    ledgerAccount: optionalOrNull(LedgerAccount).describe('grootboekrekening for lines without a relation'),
    vatCode: optionalOrNull(VatCode),
    confirmedAt: optionalOrNull(IsoDate).describe("defaults to the line's booking date"),
    book: optionalOrNull(z.boolean()).describe('book the line now (default); false only teaches the matcher'),
    entry: optionalOrNull(CorrectedBankEntry).describe('the line itself, when no review item holds it'),
    account: optionalOrNull(z.string().min(1).max(34)).describe(
      "the statement's account (IBAN) for such a line",
    ),
    ...Audit,
  })
  .strict()
  .refine((c) => (c.relationNumber === undefined) !== (c.ledgerAccount === undefined), {
    message: 'name either the relationNumber or the ledgerAccount the line belongs to',
    params: { rule: 'match-target' },
    path: ['relationNumber'],
  });

export const CorrectionInput = z.discriminatedUnion('kind', [InvoiceLedgerCorrection, BankMatchCorrection]);
export type CorrectionInput = z.infer<typeof CorrectionInput>;
export type InvoiceLedgerCorrection = z.infer<typeof InvoiceLedgerCorrection>;
export type BankMatchCorrection = z.infer<typeof BankMatchCorrection>;

/**
 * A stored correction (`pk = CORRECTION#<documentId>`, `sk = <recordedAt>`), what the connectors' learning
 * code reads back. `relationKey` is resolved for invoice corrections; a bank line's document id is the id
 * of its booking event (`bankEntryDocumentId`).
 */
export const CorrectionRecord = z.object({
  schemaVersion: z.literal(1),
  tenant: z.string(),
  administration: z.string(),
  documentId: DocumentId,
  documentType: z.string(),
  recordedAt: z.string(),
  recordedBy: z.object({ apiKeyId: z.string(), partner: z.string() }),
  correction: CorrectionInput,
  relationKey: z.string().optional(),
  /** What the connectors made of it: applied (learned, maybe booked), refused (with the field), or failed. */
  outcome: z.object({
    status: z.enum(['applied', 'refused', 'failed', 'stored']),
    results: z.array(z.record(z.string(), z.unknown())).optional(),
    field: z.string().optional(),
    message: z.string().optional(),
  }),
});
export type CorrectionRecord = z.infer<typeof CorrectionRecord>;
