export {
  type BankAccountBooking,
  type BookingContext,
  type BookingResult,
  CASH_DESCRIPTION_LENGTH,
  toBookingEvent,
} from './booking.ts';
export { DEFAULT_DENY_LIST, mergeDenyLists, sharedAccountReason } from './deny-list.ts';
export { BookingError, MatchingError, MatchMemoryFormatError, OpenItemsFormatError } from './errors.ts';
export { dutchBankCode, isValidIban, makeDutchIban, normalizeIban } from './iban.ts';
export { acceptSuggestedRule, learn, learnAll } from './learn.ts';
export { DEFAULT_TOLERANCE, Matcher } from './matcher.ts';
export { emptyMemory, parseMemory, parseMemoryJson, serializeMemory } from './memory.ts';
export { nameSimilarity, normalizeInvoiceNumber, normalizeName, splitTradeNames } from './normalize.ts';
export { type OpenItemsResult, parseOpenItems } from './open-items.ts';
export {
  betalingskenmerkCheckDigit,
  type FoundReference,
  findPaymentReferences,
  isValidBetalingskenmerk,
  isValidRfReference,
  makeBetalingskenmerk,
  makeRfReference,
  normalizePaymentReference,
} from './references.ts';
export { findSubsetSums, type SubsetSearchOptions } from './subset-sum.ts';
export type * from './types.ts';
