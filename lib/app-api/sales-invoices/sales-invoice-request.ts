import { z } from 'zod';
import { IsoDate, RelationNumber } from '../../../events/fields.ts';
import { SALES_VAT_CATEGORIES } from '../../sales-invoices/index.ts';

/** An article or other line typed in beside the hours. */
export const SalesInvoiceRequestLine = z.object({
  description: z.string().trim().min(1).max(200),
  quantityMilli: z
    .number()
    .int()
    .min(-100_000_000)
    .max(100_000_000)
    .refine((n) => n !== 0, 'not 0'),
  unitCode: z
    .string()
    .regex(/^[A-Z0-9]{1,3}$/)
    .default('C62'),
  unitPriceCents: z.number().int().min(0).max(100_000_000),
  vatCategory: z.enum(SALES_VAT_CATEGORIES).default('S'),
  vatRateHundredths: z.number().int().min(0).max(10_000).default(2100),
  articleCode: z
    .string()
    .regex(/^[A-Z0-9._/-]{1,20}$/)
    .optional(),
});

/** POST …/sales-invoices: the customer, the hours to bill and further lines. */
export const SalesInvoiceRequest = z
  .object({
    relationNumber: RelationNumber,
    hourIds: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}-[0-9a-f]{12}$/))
      .max(90)
      .default([]),
    lines: z.array(SalesInvoiceRequestLine).max(200).default([]),
    issueDate: IsoDate.optional(),
    buyerReference: z.string().trim().min(1).max(60).optional(),
    /** What the mirror does not hold of the customer (CASH's relation list has no address). */
    buyer: z
      .object({
        street: z.string().trim().min(1).max(100).optional(),
        city: z.string().trim().min(1).max(60).optional(),
        postalCode: z.string().trim().min(1).max(10).optional(),
        countryCode: z
          .string()
          .regex(/^[A-Z]{2}$/)
          .optional(),
        kvk: z
          .string()
          .regex(/^\d{8}$/, 'KvK number: 8 digits')
          .optional(),
        vatId: z
          .string()
          .regex(/^[A-Z]{2}[A-Z0-9+*.]{2,13}$/)
          .optional(),
        email: z.email().optional(),
      })
      .default({}),
    note: z.string().trim().max(500).optional(),
  })
  .refine((r) => r.hourIds.length + r.lines.length > 0, {
    message: 'bill at least one hours entry or line',
    path: ['lines'],
  });
export type SalesInvoiceRequest = z.infer<typeof SalesInvoiceRequest>;
