import { z } from 'zod';
import { optionalOrNull } from '../../runtime/optional-or-null.ts';
import type { BankEntry } from '../statement.ts';
import { describeIssues } from './input-issues.ts';
import type { MatchCorrection } from './types.ts';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must start with an ISO date YYYY-MM-DD');
const Text = (max: number) => optionalOrNull(z.string().max(max));

/** A bank line as a corrections file may carry it (the snapshot the correction was made on). */
const CorrectedEntrySchema = z.object({
  importId: z.string().min(1).max(200),
  bookingDate: IsoDate,
  valueDate: optionalOrNull(IsoDate),
  amountCents: z.number().int('must be whole cents').refine(Number.isSafeInteger, 'out of range'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO currency code'),
  counterpartyIban: Text(42),
  counterpartyAccount: Text(34),
  counterpartyBic: Text(11),
  counterpartyName: Text(140),
  remittance: Text(500),
  structuredReference: Text(35),
  endToEndId: Text(35),
  mandateId: Text(35),
  bankReference: Text(35),
  transactionType: Text(35),
  reversal: optionalOrNull(z.boolean()),
  creditorId: Text(35),
});

const CorrectionSchema = z
  .object({
    importId: z.string().min(1).max(200),
    entry: optionalOrNull(CorrectedEntrySchema),
    relationNumber: optionalOrNull(
      z
        .union([z.string(), z.number().int()])
        .transform(String)
        .pipe(z.string().regex(/^\d{1,6}$/, 'up to 6 digits')),
    ),
    ledgerAccount: optionalOrNull(z.string().regex(/^[A-Z0-9]{1,6}$/, 'a ledger account code')),
    vatCode: optionalOrNull(z.string().regex(/^[A-Z0-9]{1,3}$/, 'a VAT code')),
    invoiceNumbers: optionalOrNull(z.array(z.string().min(1).max(40)).max(50)),
    confirmedAt: optionalOrNull(IsoDate),
  })
  .refine((c) => (c.relationNumber === undefined) !== (c.ledgerAccount === undefined), {
    message: 'give relationNumber or ledgerAccount',
    path: ['relationNumber'],
  });

/** Drops keys whose value is undefined, so a parsed `null` leaves no trace in what is learned. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export interface CorrectionsResult {
  corrections: MatchCorrection[];
  /** One line per refused correction: index, field, rule, value. */
  errors: string[];
}

/**
 * Validates a corrections document (a JSON array) of `cashlink match --learn`. A correction names its line by
 * importId; the entry snapshot comes from the correction itself or from the statements read. Bad
 * corrections are reported and left out, never fatal; `null` counts as an absent field.
 */
export function parseCorrections(value: unknown, entries: ReadonlyMap<string, BankEntry>): CorrectionsResult {
  if (!Array.isArray(value)) return { corrections: [], errors: ['corrections must be a JSON array'] };
  const corrections: MatchCorrection[] = [];
  const errors: string[] = [];
  value.forEach((raw, index) => {
    const result = CorrectionSchema.safeParse(raw);
    if (!result.success) {
      errors.push(...describeIssues(`correction ${index}`, raw, result.error));
      return;
    }
    const { entry: given, ...rest } = result.data;
    const entry = given ? (withoutUndefined(given) as BankEntry) : entries.get(rest.importId);
    if (!entry) {
      errors.push(
        `correction ${index}: importId ${JSON.stringify(rest.importId.slice(0, 60))} not found in the statements and no entry given`,
      );
      return;
    }
    corrections.push({ ...withoutUndefined(rest), entry } as MatchCorrection);
  });
  return { corrections, errors };
}
