export { type DateReading, readCalendarDate } from './calendar-date.ts';
export {
  type DecimalReading,
  MAX_FRACTION_DIGITS,
  MAX_WHOLE_DIGITS,
  normaliseDecimal,
  readDecimal,
} from './decimal-amount.ts';
export { quoteValue } from './quote-value.ts';
