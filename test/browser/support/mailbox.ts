import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import type { BankEntry } from '../../../lib/bank/statement.ts';
import { bankEntryDocumentId } from '../../../lib/bank/stores/index.ts';
import { toCamt053 } from '../../support/bank/index.ts';
import { corpusPath } from '../../support/corpus.ts';
import type { BrowserHub } from './browser-hub.ts';

/** A corpus invoice dropped in the demo administration's purchase mailbox, as a supplier's mail would. */
export function dropPurchaseInvoice(hub: BrowserHub, corpusFile: string): void {
  const folder = join(hub.mailboxDir, 'DEMO', 'purchase');
  mkdirSync(folder, { recursive: true });
  copyFileSync(corpusPath('ubl', corpusFile), join(folder, corpusFile));
}

/**
 * A CAMT.053 of `ownIban` with one line, dropped in the demo administration's bank mailbox; answers the
 * line's document id (from the import id the parser gives the line; the writer puts `bankReference` in
 * `AcctSvcrRef`).
 */
export function dropStatement(
  hub: BrowserHub,
  ownIban: string,
  name: string,
  bankReference: string,
  entry: Omit<BankEntry, 'importId' | 'currency'>,
): string {
  const xml = toCamt053(ownIban, [{ importId: bankReference, currency: 'EUR', ...entry }]);
  const [statement] = parseStatementFile(Buffer.from(xml), name).statements;
  const importId = statement?.entries[0]?.importId as string;
  const folder = join(hub.mailboxDir, 'DEMO', 'bank');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, name), xml);
  return bankEntryDocumentId('demo', importId);
}
