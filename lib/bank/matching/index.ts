/**
 * Self-learning bank matching (bankafletteren): bank entries → open items of the CASH mirror.
 *
 * - `new Matcher(openItems, memory, options).match(entry)` decides `auto` | `proposal` | `none` with reasons;
 *   order: tenant rules → IBAN memory / IBANs in CASH → exact name → careful fuzzy name; shared accounts
 *   (PSPs, factoring, collection) never identify a relation; invoice numbers and betalingskenmerken/RF are
 *   found through indexes; subset sums, partial payments, tolerance and credit notes are handled.
 * - `learn(memory, correction)` adds what a person confirmed (IBAN, name, suggested rules) to a new memory.
 * - `toBookingEvent(entry, decision, ctx)` turns a decision into a `journal-entry.book` event.
 * - Memory files: `parseMemoryJson` / `serializeMemory`; open items: `parseOpenItems`.
 */
export {
  type BankAccountBooking,
  type BookingContext,
  type BookingResult,
  CASH_DESCRIPTION_LENGTH,
  toBookingEvent,
} from './booking.ts';
export { type CorrectionsResult, parseCorrections } from './corrections.ts';
export { DEFAULT_DENY_LIST, mergeDenyLists, sharedAccountReason } from './deny-list.ts';
export { BookingError, MatchingError, MatchMemoryFormatError, OpenItemsFormatError } from './errors.ts';
export { dutchBankCode, isValidIban, makeDutchIban, normalizeIban } from './iban.ts';
export { acceptSuggestedRule, learn, learnAll } from './learn.ts';
export { Matcher, noDecision } from './matcher.ts';
export { DEFAULT_TOLERANCE } from './matcher-options.ts';
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
export {
  mentionsDiscount,
  type ShortPaymentTolerance,
  withinShortPaymentTolerance,
} from './short-payments.ts';
export { findSubsetSums, type SubsetSearchOptions } from './subset-sum.ts';
export { MAX_RULE_TEXT_LENGTH, NEVER_MATCHES, TextPattern, type TextPatternError } from './text-pattern.ts';
export type * from './types.ts';
