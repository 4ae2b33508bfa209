import type { BankStatement } from './statement.ts';

/** Why a statement must not be booked, or undefined when it may. */
export function statementRejection(statement: BankStatement): string | undefined {
  if (statement.balanceCheck === 'mismatch') {
    const problem = statement.errors.find((error) => /balance|saldo/i.test(error));
    return `balance check failed: opening balance + entries ≠ closing balance${problem ? ` (${problem})` : ''}`;
  }
  if (statement.errors.length > 0) return `statement has errors: ${statement.errors.join('; ')}`;
  return undefined;
}
