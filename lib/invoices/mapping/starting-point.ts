import { bookingText, fitInvoiceNumber } from './texts.ts';

/** One line of a starting point: what identifies the invoice; the person adds account and amount. */
export interface StartingPointLine {
  invoiceNumber?: string;
  /** CASH rubriek 0306: at most 25 characters. */
  text: string;
}

/**
 * What a person starts from when the invoice flow made no proposal (e.g. an exchange rate it could not
 * know): a booking without journal, accounts or amounts. The API checks the finished booking as any other.
 */
export interface InvoiceStartingPoint {
  proposal: {
    date?: string;
    description?: string;
    reference?: string;
    /** A cost (or revenue) line and the creditor's (or debtor's) line. */
    lines: [StartingPointLine, StartingPointLine];
  };
  /** The invoice's currency when it is not the booking currency (EUR): the person enters euro amounts. */
  foreignCurrency?: string;
}

const DESCRIPTION_LENGTH = 60;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const CURRENCY = /^[A-Z]{3}$/;

function bag(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
}

/**
 * The starting point from the invoice flow's reading of the file (a document's `result`, `InvoiceResult`
 * as stored: anything may be missing or malformed). The texts follow the invoice mapping's: `Fact` or
 * `Cred` (a credit note), the invoice number and the party on the lines, as in CASH; the description
 * spells out `Factuur`/`Creditnota`; the invoice number fits the line field like the mapping fits it.
 */
export function invoiceStartingPoint(result: unknown): InvoiceStartingPoint {
  const source = bag(result);
  const party = text(bag(source.party).name);
  const rawNumber = text(source.invoiceNumber);
  const invoiceNumber = rawNumber ? fitInvoiceNumber(rawNumber) : '';
  const creditNote = source.documentType === 'credit-note';
  const date = text(source.issueDate);
  const description = bookingText(
    creditNote ? 'Creditnota' : 'Factuur',
    invoiceNumber,
    party,
    DESCRIPTION_LENGTH,
  );
  const lineText = bookingText(creditNote ? 'Cred' : 'Fact', invoiceNumber, party);
  const line = (): StartingPointLine => ({ ...(invoiceNumber ? { invoiceNumber } : {}), text: lineText });
  const currency = text(source.currency).toUpperCase();
  return {
    proposal: {
      ...(DATE.test(date) ? { date } : {}),
      ...(invoiceNumber || party ? { description } : {}),
      ...(invoiceNumber ? { reference: invoiceNumber } : {}),
      lines: [line(), line()],
    },
    ...(CURRENCY.test(currency) && currency !== 'EUR' ? { foreignCurrency: currency } : {}),
  };
}
