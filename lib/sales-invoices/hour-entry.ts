import { z } from 'zod';
import { IsoDate, RelationNumber } from '../../events/fields.ts';

/** Hours as a person enters them (POST …/hours): minutes and rate in integer units. */
export const HourEntryInput = z.object({
  date: IsoDate,
  relationNumber: RelationNumber.describe('the customer (CASH relatienummer)'),
  project: z.string().trim().max(60).optional(),
  description: z.string().trim().min(1).max(200),
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** Excluding VAT. */
  hourlyRateCents: z.number().int().min(0).max(10_000_000),
});
export type HourEntryInput = z.infer<typeof HourEntryInput>;

/** Stored hours (documents table, pk `HOURS#<administration>`). */
export interface HourEntry extends HourEntryInput {
  id: string;
  administration: string;
  createdAt: string;
  createdBy: string;
  /** The sales invoice the hours were billed on; billed hours cannot be deleted or billed again. */
  invoiceId?: string;
  /** Credit notes that credited the hours' line, oldest first: each made them invoiceable again. */
  creditedBy?: { invoiceId: string; creditNoteId: string }[];
}
