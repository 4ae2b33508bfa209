import type { ExportRow, ExportValue } from '../cash/serialize/index.ts';

/**
 * How a `0301T` export line is read. Each choice rests on an inference in docs/cash-interface.md (the [I]
 * and conflicting [C-code] marks), so it is a setting, not a constant: a CASH test administration that
 * answers otherwise is a settings change.
 */
export interface LedgerLineSettings {
  /**
   * The rubrieken that may carry the booking period `JJPP`, first found wins. §1.4.1: 0310 is "boekjaar +
   * periode" (Easyflex), 0301 "periode" `JJMM` (Siteapps/vdbf; DizzyData sends the same value in both).
   * Without either, the month of the booking date (0302) is taken as the period.
   */
  periodRubrieken: string[];
  /** §1.4.1: F0307 is signed, debit positive and credit negative (Uithof client) [I for the export]. */
  amountSign: 'debit-positive' | 'credit-positive';
}

export const DEFAULT_LEDGER_LINE_SETTINGS: LedgerLineSettings = {
  periodRubrieken: ['0310', '0301'],
  amountSign: 'debit-positive',
};

/** One mutation line as far as balances need it; amounts in integer cents, debit positive. */
export interface LedgerLine {
  account: string;
  year: number;
  /** Booking period 0–13 (0 the opening balance, 13 the closing period). */
  period: number;
  cents: number;
}

/** Why a line could not be read: the rubriek, the rule it broke and the value (quoted, truncated). */
export interface LedgerLineProblem {
  field: string;
  rule: string;
  value: string;
}

export type LedgerLineResult = { ok: true; line: LedgerLine } | { ok: false; problem: LedgerLineProblem };

const MAX_VALUE_CHARS = 40;

/** A value as an error message shows it: quoted, cut to 40 characters. */
export function quoted(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return JSON.stringify(text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text);
}

const fail = (field: string, rule: string, value: unknown): LedgerLineResult => ({
  ok: false,
  problem: { field, rule, value: quoted(value) },
});

const textOf = (v: ExportValue | undefined): string =>
  v === null || v === undefined ? '' : String(v).trim();

/** `JJPP` → boekjaar 20JJ and period PP (0–13); undefined otherwise. */
export function parseYearPeriod(text: string): { year: number; period: number } | undefined {
  const match = /^(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const period = Number(match[2]);
  return period <= 13 ? { year: 2000 + Number(match[1]), period } : undefined;
}

/**
 * One `0301T` export row (as `parseExportRows` typed it) → a ledger line, or the problem that keeps it out.
 * Never throws: whatever CASH sends, the answer is a line or a problem naming rubriek, rule and value.
 */
export function parseLedgerLine(
  row: ExportRow,
  settings: LedgerLineSettings = DEFAULT_LEDGER_LINE_SETTINGS,
): LedgerLineResult {
  const fields = row?.fields ?? {};
  const account = textOf(fields['0201']).toUpperCase();
  if (!account) return fail('F0201', 'grootboekrekening is verplicht', fields['0201']);
  if (account.length > 6) return fail('F0201', 'grootboekrekening is S6 (max 6 tekens)', account);

  const amount = fields['0307'];
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount))
    return fail('F0307', 'bedrag moet een bedrag met decimale komma zijn (I12,2)', row?.raw?.F0307 ?? amount);
  const cents = settings.amountSign === 'credit-positive' ? -amount : amount;

  for (const rubriek of settings.periodRubrieken) {
    const raw = textOf(fields[rubriek]);
    if (!raw) continue;
    const period = parseYearPeriod(raw);
    if (!period) return fail(`F${rubriek}`, 'periode moet JJPP zijn met PP 00–13', raw);
    return { ok: true, line: { account, ...period, cents: cents === 0 ? 0 : cents } };
  }
  const date = textOf(fields['0302']);
  const iso = /^(\d{4})-(\d{2})-\d{2}$/.exec(date);
  if (!iso)
    return fail('F0302', 'boekdatum DD-MM-JJJJ is nodig als er geen periode is', row?.raw?.F0302 ?? date);
  return {
    ok: true,
    line: { account, year: Number(iso[1]), period: Number(iso[2]), cents: cents === 0 ? 0 : cents },
  };
}
