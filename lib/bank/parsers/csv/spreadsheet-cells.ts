/**
 * What a spreadsheet does to a bank export that was opened and saved again, undone where the original is
 * certain, and what a cell could do to the next spreadsheet, defused:
 * - `="0123456789"` (Excel's way to keep leading zeros) is the text inside;
 * - a leading `'` before a number, an IBAN or a date (Excel's text prefix) is dropped; `'t Hoekje` keeps it;
 * - text that a spreadsheet would run as a formula (`=…`, `@…`, or `+`/`-` with formula characters) gets a
 *   leading `'`, so it stays text wherever the entry is shown or exported again (OWASP CSV injection).
 */
const EXCEL_TEXT = /^="((?:[^"]|"")*)"$/s;
const TEXT_PREFIXED = /^'(?=[+\-\u2212(]?\d|[A-Z]{2}\d{2}[A-Z0-9])/;

/** A cell as the bank wrote it, before a spreadsheet changed it. */
export function unmangleCell(cell: string): string {
  const trimmed = cell.trim();
  const excel = EXCEL_TEXT.exec(trimmed);
  if (excel) return (excel[1] ?? '').replace(/""/g, '"').trim();
  return trimmed.replace(TEXT_PREFIXED, '');
}

/** Free text that a spreadsheet would not run as a formula. */
export function defuseFormula(text: string): string {
  if (/^[=@\t\r]/.test(text) || (/^[+-]/.test(text) && /[(!|=;]/.test(text))) return `'${text}`;
  return text;
}
