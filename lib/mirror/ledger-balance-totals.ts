import type { LedgerLine } from './ledger-line.ts';
import type { MirrorLedgerBalance } from './mirror-types.ts';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The mirror's period key of a boekjaar and booking period: `2026-03` (`2026-00` the opening balance). */
export const ledgerPeriodKey = (year: number, period: number): string => `${year}-${pad2(period)}`;

/**
 * Sums mutation lines into one balance per ledger account and booking period, in integer cents: debit and
 * credit apart, and their difference. Lines are added as the export pages arrive, so only the totals are kept.
 */
export class LedgerBalanceTotals {
  readonly #totals = new Map<string, MirrorLedgerBalance>();
  #lines = 0;

  get lines(): number {
    return this.#lines;
  }

  add(line: LedgerLine): void {
    const period = ledgerPeriodKey(line.year, line.period);
    const key = `${line.account}#${period}`;
    const total = this.#totals.get(key) ?? {
      account: line.account,
      period,
      debitCents: 0,
      creditCents: 0,
      balanceCents: 0,
      lines: 0,
    };
    if (line.cents >= 0) total.debitCents += line.cents;
    else total.creditCents -= line.cents;
    total.balanceCents = total.debitCents - total.creditCents;
    total.lines += 1;
    this.#totals.set(key, total);
    this.#lines += 1;
  }

  /** The balances, by account and then period. */
  rows(): MirrorLedgerBalance[] {
    return [...this.#totals.values()].sort((a, b) =>
      a.account === b.account ? a.period.localeCompare(b.period) : a.account.localeCompare(b.account),
    );
  }
}
