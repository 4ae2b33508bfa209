/**
 * Invoice intake: UBL 2.1 / CII XML, PDF (embedded XML or text) and e-mail, validated against EN 16931
 * (+ NLCIUS / Peppol) and mapped to CASH journal entries. Pure logic; I/O lives in the callers.
 */
export type { DocumentLocation, InvoiceContext, InvoiceFileInput } from './context.ts';
export { inMemoryInvoiceContext } from './context.ts';
export { InMemoryDuplicateRegistry } from './directory/in-memory-duplicate-registry.ts';
export { InMemoryLedgerMemory } from './directory/in-memory-ledger-memory.ts';
export { InMemoryPartyDirectory, type KnownParty } from './directory/in-memory-party-directory.ts';
export type {
  DuplicateRegistry,
  LedgerChoice,
  LedgerMemory,
  PartyDirectory,
  PartyMatch,
  PartyQuery,
} from './directory/party-directory.ts';
export {
  ContainerError,
  InvoiceError,
  InvoiceStoreError,
  UnsafeXmlError,
  UnsupportedDocumentError,
} from './errors.ts';
export type { Finding, FindingSeverity } from './findings.ts';
export { type BookingInput, type BookingResult, bookInvoice, toCents } from './mapping/book-invoice.ts';
export {
  type InvoiceStartingPoint,
  invoiceStartingPoint,
  type StartingPointLine,
} from './mapping/starting-point.ts';
export { bookingText, fitInvoiceNumber } from './mapping/texts.ts';
export type * from './model.ts';
export { parseInvoiceXml } from './parse-invoice-xml.ts';
export {
  INVOICE_CONNECTOR,
  learnCorrection,
  normaliseInvoiceNumber,
  processInvoiceFile,
} from './process-invoice.ts';
export type * from './result.ts';
export { DEMO_VAT_RULES, Direction, InvoiceSettings, invoiceSettings, VatBookingRule } from './settings.ts';
export * from './stores/index.ts';
export { validateInvoice } from './validation/validate-invoice.ts';
export { DEFAULT_XML_LIMITS, parseXmlSafely, type SafeXmlLimits } from './xml/safe-xml.ts';
