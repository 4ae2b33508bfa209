import { createEvent, type JournalEntryBookEvent, type JournalLine } from '../../../events/index.ts';
import type { BankEntry } from '../statement.ts';
import { BookingError } from './errors.ts';
import { normalizeIban } from './iban.ts';
import type { MatchDecision } from './types.ts';

/** CASH allows 25 characters for descriptions (omschrijving). */
export const CASH_DESCRIPTION_LENGTH = 25;

export interface BankAccountBooking {
  /** Bank journal (dagboek) of this account. */
  journal: string;
  /** The bank's ledger account (grootboekrekening), e.g. 1100. */
  ledgerAccount: string;
}

export interface BookingContext {
  tenant: string;
  administration: string;
  /** The statement's own account (IBAN or bank account number). */
  account: string;
  accounts: Record<string, BankAccountBooking>;
  /** Debiteuren control account. */
  debtorsAccount?: string;
  /** Crediteuren control account. */
  creditorsAccount?: string;
  /** Betalingsverschillen. */
  differenceAccount?: string;
  /** Vraagposten/kruisposten: where unmatched lines go when the tenant wants them booked at once. */
  suspenseAccount?: string;
  connector?: string;
  occurredAt?: string;
}

export type BookingResult =
  | { status: 'booked'; event: JournalEntryBookEvent; suspense: boolean }
  | { status: 'review'; reason: string }
  | { status: 'invalid'; reason: string };

function short(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, CASH_DESCRIPTION_LENGTH);
}

function accountFor(ctx: BookingContext): BankAccountBooking {
  // The account comes from the statement: an own-property lookup, so no name reaches Object.prototype.
  const direct = Object.hasOwn(ctx.accounts, ctx.account) ? ctx.accounts[ctx.account] : undefined;
  if (direct) return direct;
  const iban = normalizeIban(ctx.account);
  const byIban = iban
    ? Object.entries(ctx.accounts).find(([key]) => normalizeIban(key) === iban)?.[1]
    : undefined;
  if (byIban) return byIban;
  throw new BookingError(`no bank journal configured for account ${ctx.account}`);
}

/**
 * Turns a decision into a `journal-entry.book` event in the bank journal of the account: the bank line plus
 * a debtor/creditor line per matched invoice (with a payment-difference line when needed), or the rule's
 * ledger account. Proposals and unmatched lines wait for review unless a suspense account is configured.
 * Throws BookingError only for configuration errors (no journal for the account).
 */
export function toBookingEvent(
  entry: BankEntry,
  decision: MatchDecision,
  ctx: BookingContext,
): BookingResult {
  const bank = accountFor(ctx);
  const amount = entry.amountCents;
  const description =
    short(entry.counterpartyName || entry.remittance || `Bank ${entry.bookingDate}`) || 'Bankmutatie';
  const lines: JournalLine[] = [
    { ledgerAccount: bank.ledgerAccount, amountCents: amount, text: description },
  ];
  let suspense = false;

  if (decision.decision === 'auto' && decision.ledgerAccount) {
    lines.push({
      ledgerAccount: decision.ledgerAccount,
      amountCents: -amount,
      ...(decision.vatCode ? { vatCode: decision.vatCode } : {}),
      text: description,
    });
  } else if (decision.decision === 'auto' && decision.relationNumber && decision.matches.length > 0) {
    const allocated = decision.matches.reduce((sum, match) => sum + match.amountCents, 0);
    // The relation's side follows the netted total, so a customer's credit note stays on the debtors account.
    const controlAccount = allocated >= 0 ? (ctx.debtorsAccount ?? '1300') : (ctx.creditorsAccount ?? '1600');
    for (const match of decision.matches) {
      lines.push({
        ledgerAccount: controlAccount,
        amountCents: -match.amountCents,
        relationNumber: decision.relationNumber,
        invoiceNumber: match.invoiceNumber,
        text: short(`Betaling ${match.invoiceNumber}`),
      });
    }
    const difference = amount - allocated;
    if (difference !== 0) {
      lines.push({
        ledgerAccount: ctx.differenceAccount ?? '8900',
        amountCents: -difference,
        text: short(`Betalingsverschil ${decision.matches[0]?.invoiceNumber ?? ''}`),
      });
    }
  } else if (ctx.suspenseAccount) {
    suspense = true;
    lines.push({
      ledgerAccount: ctx.suspenseAccount,
      amountCents: -amount,
      text: short(`Vraagpost ${description}`),
    });
  } else {
    return {
      status: 'review',
      reason:
        decision.decision === 'none'
          ? 'no match: waits for review'
          : 'proposal: waits for a person to confirm',
    };
  }

  try {
    const event = createEvent({
      tenant: ctx.tenant,
      administration: ctx.administration,
      type: 'journal-entry.book',
      source: { connector: ctx.connector ?? 'bank-import', externalId: entry.importId },
      ...(ctx.occurredAt ? { occurredAt: ctx.occurredAt } : {}),
      data: {
        journal: bank.journal,
        date: entry.bookingDate,
        description,
        ...(entry.bankReference ? { reference: entry.bankReference.slice(0, 40) } : {}),
        lines,
      },
    });
    return { status: 'booked', event, suspense };
  } catch (error) {
    const issues =
      error &&
      typeof error === 'object' &&
      'issues' in error &&
      Array.isArray((error as { issues: unknown[] }).issues)
        ? (error as { issues: { path: PropertyKey[]; message: string }[] }).issues
            .map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`)
            .join('; ')
        : String(error);
    return { status: 'invalid', reason: `booking for ${entry.importId} is not valid: ${issues}` };
  }
}
