import type { BankStatement } from '../../statement.ts';
import { sumCents } from '../balance.ts';

/**
 * ISO 20022 says a reversal's `CdtDbtInd` is the direction of the reversal itself (a returned debit is
 * CRDT); some banks give it the direction of the entry it reverses (OCA bank-statement-import #375). The
 * statement's own balances tell which: when the entries as given do not add up and with every reversal
 * turned round they do, the bank meant the latter, and that is the reading. Anything else is left to the
 * balance check, so a real mismatch still blocks the statement.
 */
export function applyReversalSignsProvenByBalances(statement: BankStatement): void {
  const { openingBalanceCents: opening, closingBalanceCents: closing } = statement;
  if (opening === undefined || closing === undefined) return;
  const reversals = statement.entries.filter((entry) => entry.reversal && entry.amountCents !== 0);
  if (reversals.length === 0) return;
  const given = BigInt(opening) + sumCents(statement.entries);
  if (given === BigInt(closing)) return;
  if (given - 2n * sumCents(reversals) !== BigInt(closing)) return;
  for (const entry of reversals) entry.amountCents = -entry.amountCents;
}
