import { z } from 'zod';

/** POST …/sales-invoices/{id}/email: the recipient (the relation's address when left out) and the text. */
export const SalesInvoiceMailRequest = z
  .object({
    to: z.email().max(254).optional(),
    subject: z.string().trim().min(1).max(200).optional(),
    body: z.string().trim().min(1).max(10_000).optional(),
    /** Send although it was sent before (the page asks first). */
    again: z.boolean().default(false),
  })
  .strict();
export type SalesInvoiceMailRequest = z.infer<typeof SalesInvoiceMailRequest>;
