export { formatDate, formatDateTime, isIsoDate, parseDate } from './date.ts';
export {
  centsToInput,
  formatCents,
  MoneyFormatError,
  type MoneyParseProblem,
  parseCents,
  quoteShort,
} from './money.ts';
