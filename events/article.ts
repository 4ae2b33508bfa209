import { z } from 'zod';
import { Cents, Quantity, VatCode } from './fields.ts';

export const ArticleUpsert = z.object({
  code: z
    .string()
    .regex(/^[A-Z0-9._/-]{1,20}$/, 'up to 20 uppercase letters, digits or . _ / -')
    .describe('artikelcode (rubriek 2260)'),
  description: z.string().min(1).max(60).describe('omschrijving (rubriek 2001)'),
  group: z.string().max(10).optional().describe('artikelgroep (rubriek 2208)'),
  gtin: z
    .string()
    .regex(/^\d{8}$|^\d{12,14}$/, 'EAN/GTIN of 8, 12, 13 or 14 digits')
    .optional(),
  unit: z.string().max(10).optional(),
  salesPriceCents: Cents.optional().describe('verkoopprijs excl. BTW (rubriek 2267)'),
  purchasePriceCents: Cents.optional(),
  vatCode: VatCode.optional(),
  supplierNumber: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional(),
  stock: z.object({ warehouse: z.string().max(6).optional(), quantity: Quantity }).optional(),
});
export type ArticleUpsert = z.infer<typeof ArticleUpsert>;
