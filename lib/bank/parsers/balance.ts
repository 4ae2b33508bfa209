import type { BankStatement } from '../statement.ts';
import { formatCents } from './amount.ts';

/**
 * Opening balance + Σ entries = closing balance, exact in cents. Sets `balanceCheck` and, on a mismatch,
 * adds an error that says by how much, so the statement is not booked and a person sees why.
 */
export function applyBalanceCheck(statement: BankStatement): void {
  const { openingBalanceCents: opening, closingBalanceCents: closing } = statement;
  if (opening === undefined || closing === undefined) {
    statement.balanceCheck = 'not-available';
    return;
  }
  const sum = statement.entries.reduce((total, entry) => total + entry.amountCents, 0);
  const expected = opening + sum;
  if (expected === closing) {
    statement.balanceCheck = 'ok';
    return;
  }
  statement.balanceCheck = 'mismatch';
  statement.errors.push(
    `balance check: opening ${formatCents(opening)} + entries ${formatCents(sum)} = ${formatCents(expected)}, ` +
      `but closing balance is ${formatCents(closing)} (difference ${formatCents(closing - expected)})`,
  );
}
