import type { StatementFormat } from '../statement.ts';
import { detectCsvLayout } from './csv/parse-bank-csv.ts';

/** The format of a bank file, from its content (never its name). */
export function detectFormat(text: string): StatementFormat | undefined {
  const head = text.slice(0, 4096);
  // camt.052 reports and camt.054 notifications sent as statements are read as camt so their error says so.
  if (
    /^\s*</.test(head) &&
    /BkToCstmr(?:Stmt|AcctRpt|DbtCdtNtfctn)|camt\.05[234]/.test(text.slice(0, 20_000))
  )
    return 'camt053';
  // Control characters (Ctrl-Z, NUL) before a tag do not hide an MT940 file.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: skipping control characters is the point
  if (/^[\x00-\x08\x0b-\x1f\x7f]*:(20|25|28C?|60[FM]|61):/m.test(head) || /\{4:/.test(head)) return 'mt940';
  if (detectCsvLayout(text)) return 'csv';
  return undefined;
}
