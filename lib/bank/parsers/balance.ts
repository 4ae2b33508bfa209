import type { BankStatement } from '../statement.ts';
import { formatCents } from './amount.ts';

/** Σ of the amounts, exact: BigInt, because the sum of many safe-integer amounts need not be one. */
export function sumCents(entries: ReadonlyArray<{ amountCents: number }>): bigint {
  return entries.reduce((total, entry) => total + BigInt(entry.amountCents), 0n);
}

/**
 * Opening balance + Σ entries = closing balance, exact in cents (`sumCents`). Sets `balanceCheck` and, on a mismatch, adds an error that says by
 * how much, so the statement is not booked and a person sees why. A statement with lines that could not be
 * read is `incomplete` whatever the sums say: the missing lines may be exactly what makes them add up.
 */
export function applyBalanceCheck(statement: BankStatement): void {
  const { openingBalanceCents: opening, closingBalanceCents: closing } = statement;
  const incomplete = (statement.unreadableLines?.length ?? 0) > 0;
  if (opening === undefined || closing === undefined) {
    statement.balanceCheck = incomplete ? 'incomplete' : 'not-available';
    return;
  }
  const sum = sumCents(statement.entries);
  const expected = BigInt(opening) + sum;
  if (expected === BigInt(closing)) {
    statement.balanceCheck = incomplete ? 'incomplete' : 'ok';
    return;
  }
  statement.balanceCheck = incomplete ? 'incomplete' : 'mismatch';
  statement.errors.push(
    `balance check: opening ${formatCents(opening)} + entries ${formatCents(sum)} = ${formatCents(expected)}, ` +
      `but closing balance is ${formatCents(closing)} (difference ${formatCents(BigInt(closing) - expected)})`,
  );
}
