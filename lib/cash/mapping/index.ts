export { mapArticle } from './article.ts';
export {
  DynamoInvoiceNumberRegistry,
  type DynamoInvoiceNumberRegistryOptions,
} from './dynamo-invoice-number-registry.ts';
export { InMemoryInvoiceNumberRegistry } from './in-memory-invoice-number-registry.ts';
export {
  invoiceNumberCandidate,
  invoiceNumberKey,
  isCashInvoiceNumber,
  MAX_CASH_INVOICE_NUMBER,
} from './invoice-number.ts';
export {
  assignInvoiceNumber,
  type InvoiceNumberAssignment,
  type InvoiceNumberRegistry,
  resolveInvoiceNumbers,
} from './invoice-number-registry.ts';
export { cashInvoiceNumber, mapJournalEntry, relationKeyOf } from './journal-entry.ts';
export { mapEvent, shortReference } from './map-event.ts';
export type {
  CashMappingContext,
  CashMappingIssue,
  CashMappingResult,
  InvoiceNumberUse,
} from './mapping-types.ts';
export { preflightEvent } from './preflight.ts';
export { mapRelation } from './relation.ts';
export { mapSalesOrder } from './sales-order.ts';
export { allocate, foldVatLines } from './vat-folding.ts';
