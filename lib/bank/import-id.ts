import { createHash } from 'node:crypto';
import type { BankEntry } from './statement.ts';

/**
 * The stable import id of a bank entry: the key that keeps re-sent, overlapping and cross-format
 * (MT940 + CAMT.053 of the same day) statements from booking an entry twice.
 *
 * Recipe (version `bk1`): SHA-256 over
 *   account (IBAN, spaces removed, upper case) | booking date | signed amount in cents | currency |
 *   discriminator | occurrence
 * where the discriminator is the first available of
 *   1. end-to-end id + counterparty IBAN (`NOTPROVIDED`/`NONREF` count as absent),
 *   2. counterparty IBAN alone,
 *   3. the remittance text reduced to letters and digits (first 64), for lines without any party data
 *      (card payments, interest, costs),
 * and occurrence is the 0-based index of this entry among entries with the same key in one file, so two
 * identical coffees on one day stay two entries, while a re-sent file yields the same ids again.
 *
 * Why these fields: they are the facts both MT940 and CAMT of one bank carry for the same payment. Bank
 * references are left out on purpose: MT940 `//ref` and CAMT `AcctSvcrRef` differ per format at most
 * banks, and some banks reuse them across years. Remittance text is only a last resort because MT940
 * wraps and truncates it differently from CAMT.
 *
 * The account is the statement's IBAN; legacy Dutch numbers in old MT940 files are turned into the IBAN
 * first (bank code + number, see `dutchIbanFromAccount`), so they line up with CAMT.
 *
 * The booking date is what each format says it is: CAMT `BookgDt`, the MT940 `:61:` entry date. MT940 lines
 * without an entry date (Rabobank, Triodos) only give the value date; on a statement that covers one
 * booking day (opening `:60F:` date equal to the closing `:62F:` date or the previous booking day, or no
 * opening date) the parser books them on the closing date, which is what CAMT of that day says.
 *
 * Limits: a legacy number of an unknown bank stays as given and will not line up with an IBAN; a line
 * whose counterparty IBAN is present in one format and missing in the other yields different ids; entries
 * split per TxDtls in CAMT but booked as one batch line in MT940 do not line up; an MT940 line without entry
 * date on a statement over several days keeps its value date, so it lines up with CAMT only when the bank
 * booked it on its value date. Changing this recipe re-keys history, hence the version prefix.
 */
export interface ImportIdFacts {
  account: string;
  bookingDate: string;
  amountCents: number;
  currency: string;
  endToEndId?: string;
  counterpartyIban?: string;
  remittance?: string;
}

const ABSENT_REFERENCES = new Set(['', 'NOTPROVIDED', 'NONREF', 'NONE', 'NOTAVAILABLE']);

function cleanReference(value: string | undefined): string {
  const compact = (value ?? '').replace(/\s/g, '').toUpperCase();
  return ABSENT_REFERENCES.has(compact) ? '' : compact;
}

/** The part of the key that says which entry this is, before the occurrence index. */
export function importIdKey(facts: ImportIdFacts): string {
  return keyWithAccount(accountPart(facts.account), facts);
}

function accountPart(account: string): string {
  return account.replace(/\s/g, '').toUpperCase();
}

/** `importIdKey` with the account already normalised (once per statement instead of once per entry). */
function keyWithAccount(account: string, facts: Omit<ImportIdFacts, 'account'>): string {
  const endToEnd = cleanReference(facts.endToEndId);
  const iban = (facts.counterpartyIban ?? '').replace(/\s/g, '').toUpperCase();
  let discriminator: string;
  if (endToEnd) discriminator = `e2e:${endToEnd}:${iban}`;
  else if (iban) discriminator = `iban:${iban}`;
  else
    discriminator = `text:${(facts.remittance ?? '')
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 64)}`;
  return [
    'bk1',
    account,
    facts.bookingDate,
    String(facts.amountCents),
    facts.currency.toUpperCase(),
    discriminator,
  ].join('|');
}

export function computeImportId(facts: ImportIdFacts, occurrence: number): string {
  return importIdOfKey(importIdKey(facts), occurrence);
}

function importIdOfKey(key: string, occurrence: number): string {
  const digest = createHash('sha256').update(`${key}|${occurrence}`).digest('hex');
  return `bk1-${digest.slice(0, 32)}`;
}

/**
 * Gives every entry its import id; `occurrence` counts identical keys across all statements passed in
 * (one file), in file order.
 */
export function assignImportIds(
  statements: { account: string; accountIban?: string; entries: BankEntry[] }[],
): void {
  const seen = new Map<string, number>();
  for (const statement of statements) {
    // The IBAN when known, so an MT940 with a legacy account number and a CAMT with the IBAN agree.
    const account = accountPart(statement.accountIban ?? statement.account);
    for (const entry of statement.entries) {
      // The same key and id as `computeImportId`, computed once per entry.
      const key = keyWithAccount(account, entry);
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      entry.importId = importIdOfKey(key, occurrence);
    }
  }
}
