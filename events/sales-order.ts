import { z } from 'zod';
import { Cents, CurrencyCode, IsoDate, Quantity, RelationNumber, VatCode } from './fields.ts';

export const SalesOrderLine = z.object({
  articleCode: z.string().regex(/^[A-Z0-9._/-]{1,20}$/),
  description: z.string().max(60).optional(),
  quantity: Quantity,
  unitPriceCents: Cents.describe('verkoopprijs per unit excl. BTW'),
  discountPercent: z.number().min(0).max(100).optional(),
  vatCode: VatCode.optional(),
  warehouse: z.string().max(6).optional(),
  deliveryDate: IsoDate.optional(),
});

export const SalesOrderCreate = z
  .object({
    orderNumber: z
      .number()
      .int()
      .min(1)
      .max(999999)
      .optional()
      .describe('ordernummer (rubriek 2400); the writer assigns one when absent'),
    externalOrderNumber: z.string().min(1).max(40).describe("the source system's own order number"),
    orderDate: IsoDate,
    deliveryDate: IsoDate.optional(),
    customer: z
      .object({
        relationNumber: RelationNumber.optional(),
        relationRef: z.string().min(1).max(80).optional(),
      })
      .refine(
        (c) => Boolean(c.relationNumber) !== Boolean(c.relationRef),
        'give relationNumber or relationRef',
      ),
    reference: z.string().max(30).optional(),
    currency: CurrencyCode.default('EUR'),
    vatCode: VatCode.optional(),
    paidCents: Cents.optional(),
    paymentMethod: z.string().max(10).optional(),
    lines: z.array(SalesOrderLine).min(1).max(500),
  })
  .describe('verkooporder (records 2400/2410)');
export type SalesOrderCreate = z.infer<typeof SalesOrderCreate>;
