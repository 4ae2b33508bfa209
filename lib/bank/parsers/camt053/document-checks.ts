/**
 * Checks on a camt document as text, before or instead of its tree: whether it is a statement at all
 * (camt.052 reports and camt.054 notifications look alike), and where a cut-off file ends.
 */

/** The other ISO 20022 cash-management messages that are sent in place of a statement by mistake. */
const NOT_STATEMENTS: [RegExp, string][] = [
  [/BkToCstmrAcctRpt|camt\.052\.001/, 'camt.052 account report (BkToCstmrAcctRpt)'],
  [/BkToCstmrDbtCdtNtfctn|camt\.054\.001/, 'camt.054 debit/credit notification (BkToCstmrDbtCdtNtfctn)'],
];

/** Why a camt document is not a camt.053 statement, or undefined when it is one. */
export function notAStatement(xml: string): string | undefined {
  const head = xml.slice(0, 4096);
  if (/BkToCstmrStmt/.test(head)) return undefined;
  for (const [pattern, name] of NOT_STATEMENTS) {
    if (pattern.test(head)) {
      return (
        `camt.053: this is a ${name}, not a bank statement: intraday reports and notifications are not ` +
        'final and hold no closing balance; send the camt.053 of the day'
      );
    }
  }
  return undefined;
}

/** The root's end tag, as the whole tail of a document: it holds no `<` but its first. */
const DOCUMENT_END = /^<\/(?:[\w.-]+:)?Document\s*>$/;

const TAG = /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g;

/**
 * Where a document that ends before its root element closes was cut off: the path of the elements still
 * open, the line, and how many complete `Ntry` came before. Undefined when every element is closed.
 */
export function truncationOf(xml: string): string | undefined {
  const trimmed = xml.trimEnd();
  // Only the text from the last `<` can be the end tag: testing just that skips a scan of the whole file.
  if (DOCUMENT_END.test(trimmed.slice(trimmed.lastIndexOf('<')))) return undefined;
  const open: string[] = [];
  let entries = 0;
  for (const match of trimmed.matchAll(TAG)) {
    if (match[2] === undefined || match[3] === '/') continue;
    const name = match[2].replace(/^[\w.-]+:/, '');
    if (match[1] === '/') {
      if (open[open.length - 1] === name) open.pop();
      if (name === 'Ntry') entries++;
    } else open.push(name);
  }
  // A tag cut in the middle (`<Nt`) does not match: it is still where the file ends.
  if (open.length === 0) return undefined;
  const line = trimmed.split('\n').length;
  return (
    `camt.053: the file is cut off at line ${line} inside ${open.join('/')} ` +
    `(${entries} complete Ntry before it); nothing of it is booked: send the whole file again`
  );
}
