import type { ExportRow } from '../cash/serialize/index.ts';
import { LedgerBalanceTotals } from './ledger-balance-totals.ts';
import { LedgerBalanceSettingsError, LedgerExportError } from './ledger-errors.ts';
import {
  DEFAULT_LEDGER_LINE_SETTINGS,
  type LedgerLineProblem,
  type LedgerLineSettings,
  parseLedgerLine,
  quoted,
} from './ledger-line.ts';
import type { MirrorStore } from './mirror-store.ts';

/** What the ledger-balances sync reads from CASH and how much at a time. */
export interface LedgerBalanceSyncSettings extends LedgerLineSettings {
  /** The export record (§2.3: `0301T`/`301T` mutations, params `JJPP|JJPP`) [I: the T list variant]. */
  record: string;
  /** First boekjaar/period `YYYY-PP`; default the previous year's opening balance (`YYYY-00`). */
  from?: string;
  /** Last boekjaar/period `YYYY-PP`; default the current year's period 13. */
  to?: string;
  /** Booking periods per export request, so one answer stays bounded (14 periods a year: 00–13; default half a year). */
  periodsPerRequest: number;
  /** More mutation lines than this in one sync fail it (the previous balances stay), never a cut-off total. */
  maxLines: number;
}

export const DEFAULT_LEDGER_BALANCE_SYNC: LedgerBalanceSyncSettings = {
  ...DEFAULT_LEDGER_LINE_SETTINGS,
  record: '0301T',
  periodsPerRequest: 7,
  maxLines: 1_000_000,
};

interface YearPeriod {
  year: number;
  period: number;
}

const PERIODS_PER_YEAR = 14;
const ordinal = (p: YearPeriod) => p.year * PERIODS_PER_YEAR + p.period;
const fromOrdinal = (n: number): YearPeriod => ({
  year: Math.floor(n / PERIODS_PER_YEAR),
  period: n % PERIODS_PER_YEAR,
});
const jjpp = (p: YearPeriod) =>
  `${String(p.year % 100).padStart(2, '0')}${String(p.period).padStart(2, '0')}`;

function parseBound(field: string, value: unknown): YearPeriod {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})$/.exec(value) : null;
  const year = Number(match?.[1]);
  const period = Number(match?.[2]);
  if (!match || year < 2000 || year > 2099 || period > 13)
    throw new LedgerBalanceSettingsError(
      field,
      'must be YYYY-PP with year 2000–2099 and period 00–13',
      value,
    );
  return { year, period };
}

/** The boekjaar of `now` in the Netherlands. */
const dutchYear = (now: Date) =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric' }).format(now));

/**
 * Checks the settings and splits the period range into the `JJPP|JJPP` params of one export request each.
 * Throws `LedgerBalanceSettingsError` naming the field for anything it cannot use.
 */
export function ledgerRequestRanges(
  settings: LedgerBalanceSyncSettings,
  now: Date,
): { from: YearPeriod; to: YearPeriod; params: string[] } {
  const year = dutchYear(now);
  const from =
    settings.from === undefined ? { year: year - 1, period: 0 } : parseBound('from', settings.from);
  const to = settings.to === undefined ? { year, period: 13 } : parseBound('to', settings.to);
  if (ordinal(from) > ordinal(to))
    throw new LedgerBalanceSettingsError('to', `must not be before from ${settings.from ?? ''}`, settings.to);
  const size = settings.periodsPerRequest;
  if (!Number.isInteger(size) || size < 1 || size > PERIODS_PER_YEAR * 10)
    throw new LedgerBalanceSettingsError('periodsPerRequest', 'must be an integer 1–140', size);
  if (!Number.isInteger(settings.maxLines) || settings.maxLines < 1)
    throw new LedgerBalanceSettingsError('maxLines', 'must be a positive integer', settings.maxLines);
  if (settings.amountSign !== 'debit-positive' && settings.amountSign !== 'credit-positive')
    throw new LedgerBalanceSettingsError(
      'amountSign',
      'must be debit-positive or credit-positive',
      settings.amountSign,
    );
  if (
    !Array.isArray(settings.periodRubrieken) ||
    !settings.periodRubrieken.every((r) => typeof r === 'string' && /^\d{4}$/.test(r))
  )
    throw new LedgerBalanceSettingsError(
      'periodRubrieken',
      'must be a list of 4-digit rubrieken',
      settings.periodRubrieken,
    );
  if (typeof settings.record !== 'string' || !/^\d{1,4}T?$/i.test(settings.record))
    throw new LedgerBalanceSettingsError(
      'record',
      'must be a CASH record number like 0301T',
      settings.record,
    );
  const params: string[] = [];
  for (let start = ordinal(from); start <= ordinal(to); start += size) {
    const end = Math.min(start + size - 1, ordinal(to));
    params.push(`${jjpp(fromOrdinal(start))}|${jjpp(fromOrdinal(end))}`);
  }
  return { from, to, params };
}

/**
 * Refreshes the ledger balances of one administration from CASH's mutation export, one bounded request per
 * slice of the period range. All slices are read and checked before anything is written; then the balances of
 * the range are replaced (balances outside it stay) and the list is marked complete.
 */
export async function syncLedgerBalances(
  administration: string,
  exporter: (record: string, params?: string) => Promise<ExportRow[]>,
  store: MirrorStore,
  settings: LedgerBalanceSyncSettings,
  now: Date,
): Promise<{ written: number; deleted: number }> {
  const { from, to, params } = ledgerRequestRanges(settings, now);
  const totals = new LedgerBalanceTotals();
  const problems: LedgerLineProblem[] = [];
  let unreadable = 0;
  for (const range of params) {
    for (const row of await exporter(settings.record, range)) {
      if (row.record !== '0301') continue;
      const result = parseLedgerLine(row, settings);
      if (!result.ok) {
        unreadable += 1;
        if (problems.length < 5) problems.push(result.problem);
        continue;
      }
      totals.add(result.line);
    }
    if (totals.lines + unreadable > settings.maxLines)
      throw new LedgerExportError(
        `maxLines: more than ${settings.maxLines} mutation lines in ${quoted(params.join(','))}`,
      );
  }
  if (unreadable > 0)
    throw new LedgerExportError(
      `${unreadable} mutation line(s) of ${settings.record} could not be read; balances kept as they were: ${problems
        .map((p) => `${p.field} ${p.rule} ${p.value}`)
        .join('; ')}`,
      problems,
    );
  const lower = `${from.year}-${String(from.period).padStart(2, '0')}`;
  const upper = `${to.year}-${String(to.period).padStart(2, '0')}`;
  return store.replace(
    administration,
    'ledgerBalances',
    totals.rows() as unknown as Record<string, unknown>[],
    now.toISOString(),
    (sortKey) => {
      const period = sortKey.slice(sortKey.lastIndexOf('#') + 1);
      return period >= lower && period <= upper;
    },
  );
}
