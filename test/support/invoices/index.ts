/** Test-data generators for the invoice intake (pure, seeded). */
export { type InvoiceVariant, invoiceVariants } from './invoice-variants.ts';
