import type { BankStatement } from './statement.ts';

/** At most this many unreadable lines are quoted in a rejection; the rest are counted. */
const QUOTED_LINES = 5;

/** Why a statement must not be booked, or undefined when it may. */
export function statementRejection(statement: BankStatement): string | undefined {
  if (statement.balanceCheck === 'incomplete') {
    const lines = statement.unreadableLines ?? [];
    const quoted = lines
      .slice(0, QUOTED_LINES)
      .map((line) => `line ${line.line} "${line.text}": ${line.reason}`);
    if (lines.length > QUOTED_LINES) quoted.push(`and ${lines.length - QUOTED_LINES} more`);
    return `statement has lines that could not be read, its balance check proves nothing: ${quoted.join('; ')}`;
  }
  if (statement.balanceCheck === 'mismatch') {
    const problem = statement.errors.find((error) => /balance|saldo/i.test(error));
    return `balance check failed: opening balance + entries ≠ closing balance${problem ? ` (${problem})` : ''}`;
  }
  if (statement.errors.length > 0) return `statement has errors: ${statement.errors.join('; ')}`;
  return undefined;
}
