import { assignImportIds } from '../import-id.ts';
import { formatCents, parseAmountToCents } from '../parsers/amount.ts';
import type { BankEntry, BankStatement } from '../statement.ts';

/** The parts of a bunq `Payment` object the import uses (GET …/monetary-account/{id}/payment). */
export interface BunqPayment {
  id: number;
  /** `YYYY-MM-DD HH:MM:SS.ffffff`, UTC. */
  created: string;
  amount: { value: string; currency: string };
  description?: string;
  type?: string;
  sub_type?: string;
  counterparty_alias?: { iban?: string | null; display_name?: string | null; name?: string | null };
  balance_after_mutation?: { value: string; currency: string };
}

export interface BunqAccount {
  id: number;
  iban: string;
  currency: string;
  description?: string;
}

/** bunq's day is the Dutch day: the date in Europe/Amsterdam, as on its own MT940 and CSV exports. */
export function amsterdamDate(created: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(created);
  if (!match) return undefined;
  const instant = new Date(`${match[1]}T${match[2]}Z`);
  if (Number.isNaN(instant.getTime())) return undefined;
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

function cents(value: string | undefined, field: string, errors: string[], id: number): number | undefined {
  const parsed = parseAmountToCents(value ?? '');
  if (parsed.ok) return parsed.cents;
  errors.push(`payment ${id}: ${field}: ${parsed.reason} (value ${JSON.stringify(value ?? null)})`);
  return undefined;
}

/**
 * Turns bunq payments of one account into a normalized statement, oldest first, with import ids by the
 * same recipe as files. Balances come from `balance_after_mutation`: each payment must continue from the
 * previous one, so a gap in what the API returned shows as a balance mismatch and nothing is booked.
 */
export function bunqPaymentsToStatement(
  account: BunqAccount,
  payments: readonly BunqPayment[],
): BankStatement {
  const errors: string[] = [];
  const ordered = [...payments].sort((a, b) => a.created.localeCompare(b.created) || a.id - b.id);
  const entries: BankEntry[] = [];
  let opening: number | undefined;
  let running: number | undefined;
  let chainBroken = false;
  for (const payment of ordered) {
    const amount = cents(payment.amount?.value, 'amount.value', errors, payment.id);
    const date = amsterdamDate(payment.created ?? '');
    if (!date)
      errors.push(`payment ${payment.id}: created: not a date (value ${JSON.stringify(payment.created)})`);
    if (amount === undefined || !date) continue;
    const after = payment.balance_after_mutation
      ? cents(payment.balance_after_mutation.value, 'balance_after_mutation.value', errors, payment.id)
      : undefined;
    if (after !== undefined) {
      if (running === undefined) opening = after - amount;
      else if (running + amount !== after) {
        chainBroken = true;
        errors.push(
          `balance check: payment ${payment.id} starts from ${formatCents(after - amount)} but the previous payment left ${formatCents(running)} (missing payments?)`,
        );
      }
      running = after;
    }
    const counterparty = payment.counterparty_alias ?? {};
    const name = counterparty.display_name ?? counterparty.name ?? undefined;
    entries.push({
      importId: '',
      bookingDate: date,
      amountCents: amount,
      currency: payment.amount.currency,
      ...(counterparty.iban ? { counterpartyIban: counterparty.iban.replace(/\s/g, '').toUpperCase() } : {}),
      ...(name ? { counterpartyName: name } : {}),
      ...(payment.description ? { remittance: payment.description } : {}),
      bankReference: String(payment.id),
      ...(payment.type
        ? { transactionType: payment.sub_type ? `${payment.type}/${payment.sub_type}` : payment.type }
        : {}),
    });
  }
  const first = entries[0]?.bookingDate;
  const last = entries[entries.length - 1]?.bookingDate;
  const statement: BankStatement = {
    // No format of its own for API pulls: bunq's CSV export carries the same fields, and the same import ids.
    format: 'csv',
    bank: 'bunq',
    account: account.iban,
    accountIban: account.iban,
    currency: account.currency,
    statementId: `bunq:${account.id}:${first ?? '-'}..${last ?? '-'}`,
    ...(opening !== undefined ? { openingBalanceCents: opening } : {}),
    ...(running !== undefined ? { closingBalanceCents: running } : {}),
    ...(first ? { openingDate: first } : {}),
    ...(last ? { closingDate: last } : {}),
    balanceCheck: chainBroken ? 'mismatch' : running !== undefined ? 'ok' : 'not-available',
    entries,
    errors,
  };
  assignImportIds([statement]);
  return statement;
}
