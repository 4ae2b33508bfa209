import { quoteText } from '../../../runtime/quoted-text.ts';
import { formatCents } from '../amount.ts';
import { readAmount } from './camt-amounts.ts';
import { child, dateOf, list, type Node, text } from './camt-nodes.ts';

/** A booked balance of a statement, signed (DBIT is below zero). */
export interface Balance {
  code: string;
  cents: number;
  currency?: string;
  date?: string;
}

export interface StatementBalances {
  opening?: Balance;
  closing?: Balance;
  /** The currencies the balances are in. */
  currencies: Set<string>;
}

function balanceCode(balance: Node): string | undefined {
  return text(balance, 'Tp', 'CdOrPrtry', 'Cd') ?? text(balance, 'Tp', 'CdOrPrtry', 'Prtry');
}

function readBalance(balance: Node, where: string, errors: string[]): Balance | undefined {
  const code = balanceCode(balance) ?? '?';
  const amount = readAmount(child(balance, 'Amt'), where, `Bal ${code} Amt`, errors);
  if (!amount) return undefined;
  const indicator = text(balance, 'CdtDbtInd');
  if (indicator !== 'CRDT' && indicator !== 'DBIT' && amount.cents !== 0) {
    errors.push(`${where} Bal ${code} CdtDbtInd ${quoteText(indicator ?? '')}: expected CRDT or DBIT`);
    return undefined;
  }
  const cents = indicator === 'DBIT' && amount.cents !== 0 ? -amount.cents : amount.cents;
  const date = dateOf(child(balance, 'Dt'));
  return {
    code,
    cents,
    ...(amount.currency ? { currency: amount.currency } : {}),
    ...(date ? { date } : {}),
  };
}

/**
 * The opening and closing booked balances: OPBD (or PRCD, the previous closing) and CLBD; a page of a
 * statement split over several messages carries ITBD (interim booked) instead on the side that continues.
 * Available balances (OPAV, CLAV, FWAV, ITAV) are not booked ones and never used. The same type twice with
 * different amounts, or PRCD that is not OPBD, is an error: which one is right cannot be known.
 */
export function readStatementBalances(stmt: Node, where: string, errors: string[]): StatementBalances {
  const balances = list(stmt, 'Bal')
    .map((balance) => readBalance(balance, where, errors))
    .filter((balance): balance is Balance => balance !== undefined);
  const currencies = new Set(balances.flatMap((balance) => (balance.currency ? [balance.currency] : [])));
  const one = (code: string): Balance | undefined => {
    const found = balances.filter((balance) => balance.code === code);
    const [first, ...more] = found;
    const other = more.find((balance) => balance.cents !== first?.cents);
    if (first && other) {
      errors.push(
        `${where} Bal ${code}: given ${found.length} times with different amounts (${formatCents(first.cents)}, ` +
          `${formatCents(other.cents)})`,
      );
    }
    return first;
  };
  const opbd = one('OPBD');
  const prcd = one('PRCD');
  const clbd = one('CLBD');
  const interim = balances.filter((balance) => balance.code === 'ITBD');
  if (opbd && prcd && opbd.cents !== prcd.cents) {
    errors.push(
      `${where} Bal PRCD ${formatCents(prcd.cents)}: differs from OPBD ${formatCents(opbd.cents)} ` +
        '(the previous closing balance is the opening balance)',
    );
  }
  let opening = opbd ?? prcd;
  let rest = interim;
  if (!opening && interim.length > 0 && (clbd || interim.length > 1)) {
    opening = interim[0];
    rest = interim.slice(1);
  }
  const closing = clbd ?? (opening ? rest[rest.length - 1] : undefined);
  return {
    ...(opening ? { opening } : {}),
    ...(closing ? { closing } : {}),
    currencies,
  };
}
