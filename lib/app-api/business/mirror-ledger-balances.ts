import type { MirrorList } from '../../mirror/index.ts';
import type { LedgerBalance } from './business-status.ts';

/**
 * The business status's ledger balances from the CASH mirror (cash-sync's `ledgerBalances` kind): undefined
 * until a full sync of them has finished, so a half-written first sync never shows as real balances.
 */
export function mirrorLedgerBalances(mirror: {
  readList(administration: string, kind: 'ledgerBalances'): Promise<MirrorList<'ledgerBalances'>>;
}): (administration: string) => Promise<LedgerBalance[] | undefined> {
  return async (administration) => {
    const { rows, complete } = await mirror.readList(administration, 'ledgerBalances');
    if (!complete) return undefined;
    const balances: LedgerBalance[] = [];
    for (const row of rows) {
      const match = /^(\d{4})-(\d{2})$/.exec(row.period);
      if (!match || !Number.isSafeInteger(row.balanceCents)) continue;
      balances.push({
        account: row.account,
        year: Number(match[1]),
        period: Number(match[2]),
        movementCents: row.balanceCents,
      });
    }
    return balances;
  };
}
