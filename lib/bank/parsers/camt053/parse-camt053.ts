import { XMLParser } from 'fast-xml-parser';
import { quoteText } from '../../../runtime/quoted-text.ts';
import { readPlainXml } from '../../../xml/plain-xml-reader.ts';
import type { BankEntry, BankStatement } from '../../statement.ts';
import { applyBalanceCheck } from '../balance.ts';
import { bankFromBic, bankFromIban } from '../bank-codes.ts';
import { type EntryOrigin, flagDuplicateReferences } from '../duplicate-references.ts';
import { child, list, type Node, text } from './camt-nodes.ts';
import { notAStatement, truncationOf } from './document-checks.ts';
import { type EntryContext, entriesOf } from './ntry-entries.ts';
import { applyReversalSignsProvenByBalances } from './reversal-signs.ts';
import { readStatementBalances } from './statement-balances.ts';

/**
 * ISO 20022 camt.053 (BankToCustomerStatement) versions 001.02 to 001.10. Element names are read without
 * namespace prefixes, so any version's namespace works; the version is only reported.
 */
const ARRAYS = new Set(['Stmt', 'Bal', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd', 'AddtlNtryInf']);

export const isCamtArrayName = (name: string): boolean => ARRAYS.has(name);

/** The reference reading; `readPlainXml` builds the same tree faster and leaves anything unusual to it. */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: isCamtArrayName,
});

/** The object tree of a camt.053 document: the fast plain reader, or fast-xml-parser for anything else. */
export function readCamtTree(xml: string): Node {
  return readPlainXml(xml, { isArray: isCamtArrayName }) ?? (parser.parse(xml) as Node);
}

/** The tree as fast-xml-parser alone builds it (the reference the fast reader is tested against). */
export function readCamtTreeSlow(xml: string): Node {
  return parser.parse(xml) as Node;
}

/** The statement's own facts (account, id, balances), without its entries. */
function readStatementHeader(stmt: Node, index: number): BankStatement {
  const account = child(stmt, 'Acct');
  const iban = text(account, 'Id', 'IBAN');
  const statement: BankStatement = {
    format: 'camt053',
    bank: 'generic',
    account: (iban ?? text(account, 'Id', 'Othr', 'Id') ?? '').replace(/\s/g, '').toUpperCase(),
    currency: text(account, 'Ccy') ?? '',
    statementId: text(stmt, 'Id') ?? text(stmt, 'ElctrncSeqNb') ?? `Stmt ${index + 1}`,
    balanceCheck: 'not-available',
    entries: [],
    errors: [],
  };
  const servicerBic =
    text(account, 'Svcr', 'FinInstnId', 'BICFI') ?? text(account, 'Svcr', 'FinInstnId', 'BIC');
  statement.bank = bankFromIban(iban) ?? bankFromBic(servicerBic) ?? 'generic';
  if (iban) statement.accountIban = statement.account;
  if (!statement.account) statement.errors.push(`Stmt ${index + 1}: Acct/Id has neither IBAN nor Othr/Id`);
  const where = `Stmt ${statement.statementId}`;
  const balances = readStatementBalances(stmt, where, statement.errors);
  if (statement.currency) {
    for (const currency of balances.currencies) {
      if (currency !== statement.currency)
        statement.errors.push(
          `${where} Bal Amt Ccy "${currency}": differs from Acct/Ccy ${statement.currency}`,
        );
    }
  } else if (balances.currencies.size === 1) {
    // Acct/Ccy is optional; the booked balances are in the account's currency.
    statement.currency = [...balances.currencies][0] ?? '';
  } else if (balances.currencies.size > 1) {
    statement.errors.push(
      `${where}: Acct/Ccy missing and the balances are in ${[...balances.currencies].join(', ')}: the account's currency is unknown`,
    );
  }
  const { opening, closing } = balances;
  if (opening) {
    statement.openingBalanceCents = opening.cents;
    if (opening.date) statement.openingDate = opening.date;
  }
  if (closing) {
    statement.closingBalanceCents = closing.cents;
    if (closing.date) statement.closingDate = closing.date;
  }
  return statement;
}

/** ISO 20022 entry statuses (EntryStatus2Code, and FUTR of ExternalEntryStatus1Code from 001.07). */
const ENTRY_STATUSES = new Set(['BOOK', 'PDNG', 'INFO', 'FUTR']);

/** Entries of one Ntry into `into`; only booked entries move the balance (pending and information ones are skipped). */
function readNtry(
  ntry: Node,
  context: EntryContext,
  where: string,
  ntryNumber: number,
  into: BankEntry[],
): void {
  const status = text(ntry, 'Sts', 'Cd') ?? text(ntry, 'Sts');
  if (status && !ENTRY_STATUSES.has(status)) {
    // An unknown status is neither booked nor surely not: skipping it silently could lose a booking.
    context.errors.push(`${where} Sts ${quoteText(status)}: expected BOOK, PDNG, INFO or FUTR`);
    return;
  }
  if (status && status !== 'BOOK') return;
  for (const entry of entriesOf(ntry, context, where)) {
    into.push(entry);
    context.origins.push({ entry, position: `Ntry ${ntryNumber}` });
  }
}

/**
 * The entries of one Stmt, read while the document was read (see `StreamedEntries`), with the statement
 * facts they were read with.
 */
interface StreamedStatement extends EntryContext {
  statementId: string;
  entries: BankEntry[];
  ntryCount: number;
}

/** The streamed entries do not fit the finished statement: the document is read again the plain way. */
class StreamedHeaderMismatch extends Error {
  constructor() {
    super('camt.053 statement header changed after its first Ntry');
    this.name = 'StreamedHeaderMismatch';
  }
}

/**
 * Turns each Ntry into entries as soon as the reader has closed it, so the Ntry subtrees (~30 objects per
 * entry) die young instead of living until the whole document is read. The statement facts an entry needs
 * (id, currency) come from the Stmt's elements read so far — in schema order they precede every Ntry; if a
 * document puts them after, the finished statement differs and the document is read again without this.
 */
class StreamedEntries {
  private readonly byStatement = new Map<Node, StreamedStatement>();

  /** `DetachElement` for the plain reader. */
  readonly detach = (name: string, value: unknown, parentName: string, parent: Node): boolean => {
    if (name !== 'Ntry' || parentName !== 'Stmt' || value === null || typeof value !== 'object') return false;
    let streamed = this.byStatement.get(parent);
    if (!streamed) {
      const header = readStatementHeader(parent, this.byStatement.size);
      streamed = {
        statementId: header.statementId,
        currency: header.currency,
        errors: [],
        origins: [],
        entries: [],
        ntryCount: 0,
      };
      this.byStatement.set(parent, streamed);
    }
    streamed.ntryCount++;
    readNtry(
      value as Node,
      streamed,
      `Stmt ${streamed.statementId} Ntry ${streamed.ntryCount}`,
      streamed.ntryCount,
      streamed.entries,
    );
    return true;
  };

  get(stmt: Node): StreamedStatement | undefined {
    return this.byStatement.get(stmt);
  }
}

function readStatement(stmt: Node, index: number, streamed: StreamedEntries | undefined): BankStatement {
  const statement = readStatementHeader(stmt, index);
  const early = streamed?.get(stmt);
  let origins: EntryOrigin[];
  if (early) {
    if (early.statementId !== statement.statementId || early.currency !== statement.currency)
      throw new StreamedHeaderMismatch();
    statement.entries = early.entries;
    statement.errors.push(...early.errors);
    origins = early.origins;
  } else {
    const where = `Stmt ${statement.statementId}`;
    const context: EntryContext = { currency: statement.currency, errors: statement.errors, origins: [] };
    list(stmt, 'Ntry').forEach((ntry, entryIndex) => {
      readNtry(ntry, context, `${where} Ntry ${entryIndex + 1}`, entryIndex + 1, statement.entries);
    });
    origins = context.origins;
  }
  if (!statement.currency) {
    // Without Acct/Ccy and balances, the entries' amounts (booked on the account) are in its currency.
    const currencies = [...new Set(statement.entries.map((entry) => entry.currency))];
    if (currencies.length === 1) statement.currency = currencies[0] ?? '';
    else if (currencies.length > 1)
      statement.errors.push(
        `Stmt ${statement.statementId}: Acct/Ccy missing and the entries are in ${currencies.join(', ')}: ` +
          "the account's currency is unknown",
      );
  }
  flagDuplicateReferences(origins, `Stmt ${statement.statementId}`);
  applyReversalSignsProvenByBalances(statement);
  applyBalanceCheck(statement);
  return statement;
}

/**
 * The message version (`camt.053.001.08`) from the document's namespace, which is declared before the
 * `BkToCstmrStmt` element; text further on (remittance) is not looked at.
 */
export function camtVersion(textContent: string): string | undefined {
  const body = textContent.indexOf('BkToCstmrStmt');
  const head = body >= 0 ? textContent.slice(0, body) : textContent.slice(0, 4096);
  return /camt\.053\.001\.\d{2}/.exec(head)?.[0];
}

/**
 * Parses every `Stmt` of a camt.053 document. Refuses DOCTYPE (entity expansion attacks), other camt messages
 * (camt.052, camt.054) and a file that is cut off, naming where.
 */
export function parseCamt053(xml: string): { statements: BankStatement[]; errors: string[] } {
  if (/<!DOCTYPE/i.test(xml))
    return { statements: [], errors: ['camt.053: DOCTYPE is not allowed in bank statements'] };
  const other = notAStatement(xml);
  if (other) return { statements: [], errors: [other] };
  const truncated = truncationOf(xml);
  if (truncated) return { statements: [], errors: [truncated] };
  const version = camtVersion(xml);
  const streamed = new StreamedEntries();
  let plainXml = true;
  try {
    const plain = readPlainXml(xml, { isArray: isCamtArrayName, detach: streamed.detach });
    if (plain) return readDocument(plain, streamed, version);
    plainXml = false;
  } catch (error) {
    if (!(error instanceof StreamedHeaderMismatch)) throw error;
  }
  // Not plain XML (fast-xml-parser reads it), or a statement whose facts follow its entries (the plain tree
  // without streaming): the whole tree first, then the entries.
  let document: Node;
  try {
    document = plainXml ? readCamtTree(xml) : readCamtTreeSlow(xml);
  } catch (error) {
    return {
      statements: [],
      errors: [`camt.053: not well-formed XML: ${(error as Error).message.slice(0, 160)}`],
    };
  }
  return readDocument(document, undefined, version);
}

function readDocument(
  document: Node,
  streamed: StreamedEntries | undefined,
  version: string | undefined,
): { statements: BankStatement[]; errors: string[] } {
  const root = child(document, 'Document', 'BkToCstmrStmt');
  if (!root) return { statements: [], errors: ['camt.053: Document/BkToCstmrStmt not found'] };
  const statements = list(root, 'Stmt').map((stmt, index) => readStatement(stmt, index, streamed));
  // The same statement twice in one file would book every entry twice (import ids count occurrences).
  statements.forEach((statement, index) => {
    const first = statements.findIndex(
      (other) => other.account === statement.account && other.statementId === statement.statementId,
    );
    if (first < index)
      statement.errors.push(
        `Stmt ${statement.statementId}: the same statement (account ${statement.account}, Id) is Stmt ${first + 1} ` +
          `of this file too; Stmt ${index + 1} is not booked`,
      );
  });
  if (version) for (const statement of statements) statement.formatVersion = version;
  const errors = statements.length ? [] : ['camt.053: document holds no Stmt'];
  return { statements, errors };
}
