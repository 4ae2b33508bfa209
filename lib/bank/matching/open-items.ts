import { z } from 'zod';
import { defaultOrNull, optionalOrNull } from '../../runtime/optional-or-null.ts';
import { OpenItemsFormatError } from './errors.ts';
import { describeIssues } from './input-issues.ts';
import type { OpenItem } from './types.ts';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date YYYY-MM-DD');
const Cents = z.number().int('must be whole cents').refine(Number.isSafeInteger, 'out of range');

const OpenItemSchema = z
  .object({
    relationNumber: z
      .union([z.string(), z.number().int()])
      .transform(String)
      .pipe(z.string().regex(/^\d{1,6}$/, 'up to 6 digits')),
    relationName: defaultOrNull(z.string(), ''),
    ibans: defaultOrNull(z.array(z.string()), []),
    invoiceNumber: z.union([z.string(), z.number().int()]).transform(String).pipe(z.string().min(1).max(40)),
    invoiceDate: IsoDate,
    dueDate: optionalOrNull(IsoDate),
    amountCents: Cents,
    outstandingCents: Cents,
    paymentReference: optionalOrNull(z.string().max(40)),
    settledBy: optionalOrNull(z.array(z.object({ label: z.string().max(300), cents: Cents })).max(50)),
  })
  .refine(
    (item) => item.outstandingCents === 0 || Math.sign(item.outstandingCents) === Math.sign(item.amountCents),
    {
      message: 'outstandingCents must have the sign of amountCents',
      path: ['outstandingCents'],
    },
  );

export interface OpenItemsResult {
  items: OpenItem[];
  /** One line per refused item: index, field, rule, value. */
  errors: string[];
}

/** Validates an open-items document (a JSON array). Bad items are reported and left out, never fatal. */
export function parseOpenItems(value: unknown): OpenItemsResult {
  if (!Array.isArray(value)) throw new OpenItemsFormatError('open items must be a JSON array');
  const items: OpenItem[] = [];
  const errors: string[] = [];
  value.forEach((raw, index) => {
    const result = OpenItemSchema.safeParse(raw);
    if (result.success) {
      items.push(result.data as OpenItem);
      return;
    }
    errors.push(...describeIssues(`open item ${index}`, raw, result.error));
  });
  return { items, errors };
}
