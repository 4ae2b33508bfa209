import { XMLParser } from 'fast-xml-parser';
import { readPlainXml } from '../../../xml/plain-xml-reader.ts';
import type { BankEntry, BankStatement } from '../../statement.ts';
import { formatCents } from '../amount.ts';
import { applyBalanceCheck } from '../balance.ts';
import { bankFromBic, bankFromIban } from '../bank-codes.ts';
import { type EntryOrigin, flagDuplicateReferences } from '../duplicate-references.ts';
import { quotedInput } from '../quoted-input.ts';
import { findStructuredReference, normaliseStructuredReference } from '../references.ts';
import { type Amount, accountCurrencyAmount, readAmount } from './camt-amounts.ts';
import { child, dateOf, list, type Node, text, usable } from './camt-nodes.ts';
import { notAStatement, truncationOf } from './document-checks.ts';
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

function bankTransactionCode(node: unknown): string | undefined {
  const domain = text(node, 'BkTxCd', 'Domn', 'Cd');
  if (domain) {
    return [
      domain,
      text(node, 'BkTxCd', 'Domn', 'Fmly', 'Cd'),
      text(node, 'BkTxCd', 'Domn', 'Fmly', 'SubFmlyCd'),
    ]
      .filter(Boolean)
      .join('/');
  }
  return text(node, 'BkTxCd', 'Prtry', 'Cd');
}

/** Fills counterparty, references and remittance from one TxDtls. */
function applyTransactionDetails(entry: BankEntry, tx: Node, credit: boolean, split = false): void {
  const parties = child(tx, 'RltdPties');
  // Money in: the counterparty is the debtor; money out: the creditor.
  const side = credit ? 'Dbtr' : 'Cdtr';
  const party = child(parties, side);
  // From 001.08 a party sits inside `Pty` (Party40Choice); before, its `Nm` is a direct child.
  const ultimate = child(parties, `Ultmt${side}`);
  const name =
    text(party, 'Nm') ?? text(party, 'Pty', 'Nm') ?? text(ultimate, 'Nm') ?? text(ultimate, 'Pty', 'Nm');
  if (name) entry.counterpartyName = name;
  const accountNode = child(parties, `${side}Acct`, 'Id');
  const iban = text(accountNode, 'IBAN');
  if (iban) entry.counterpartyIban = iban.replace(/\s/g, '').toUpperCase();
  else {
    const other = text(accountNode, 'Othr', 'Id');
    if (other) entry.counterpartyAccount = other;
  }
  const agent = child(tx, 'RltdAgts', `${side}Agt`, 'FinInstnId');
  const bic = text(agent, 'BICFI') ?? text(agent, 'BIC');
  if (bic) entry.counterpartyBic = bic;
  const endToEnd = usable(text(tx, 'Refs', 'EndToEndId'));
  if (endToEnd) entry.endToEndId = endToEnd;
  const mandate = text(tx, 'Refs', 'MndtId');
  if (mandate) entry.mandateId = mandate;
  const servicerRef = text(tx, 'Refs', 'AcctSvcrRef');
  // Batch parts carry their own servicer reference; a single entry keeps the Ntry's.
  if (servicerRef && (split || !entry.bankReference)) entry.bankReference = servicerRef;
  const creditorId =
    text(parties, 'Cdtr', 'Id', 'PrvtId', 'Othr', 'Id') ??
    text(tx, 'CdtrSchmeId', 'Id', 'PrvtId', 'Othr', 'Id');
  if (creditorId && !credit) entry.creditorId = creditorId;
  const remittance = child(tx, 'RmtInf');
  const unstructured = list(remittance, 'Ustrd')
    .map((item) => (typeof item === 'string' ? item : text(item)))
    .filter(Boolean);
  const structured = list(remittance, 'Strd');
  const refs: string[] = [];
  for (const item of structured) {
    const ref = text(item, 'CdtrRefInf', 'Ref');
    if (ref) refs.push(ref);
    const additional = text(item, 'AddtlRmtInf');
    if (additional) unstructured.push(additional);
    const invoiceNumber = text(item, 'RfrdDocInf', 'Nb');
    if (invoiceNumber) unstructured.push(invoiceNumber);
  }
  const remittanceText = unstructured.join(' ').replace(/\s+/g, ' ').trim();
  if (remittanceText) entry.remittance = remittanceText;
  else if (refs.length) entry.remittance = refs.join(' ');
  const reference = refs[0] ? normaliseStructuredReference(refs[0]) : findStructuredReference(remittanceText);
  if (reference) entry.structuredReference = reference;
  const code = bankTransactionCode(tx);
  if (code) entry.transactionType = code;
  const returnReason = text(tx, 'RtrInf', 'Rsn', 'Cd');
  if (returnReason) entry.remittance = [entry.remittance, `RTRN ${returnReason}`].filter(Boolean).join(' ');
}

function txAmount(tx: Node, errors: string[], where: string): Amount | undefined {
  return (
    readAmount(child(tx, 'Amt'), `${where} TxDtls Amt`, errors) ??
    readAmount(child(tx, 'AmtDtls', 'TxAmt', 'Amt'), `${where} TxDtls AmtDtls/TxAmt/Amt`, errors) ??
    readAmount(child(tx, 'AmtDtls', 'InstdAmt', 'Amt'), `${where} TxDtls AmtDtls/InstdAmt/Amt`, errors)
  );
}

/** The facts every entry of one Ntry shares. */
function baseEntry(
  ntry: Node,
  bookingDate: string,
  valueDate: string | undefined,
  reversal: boolean,
  currency: string,
): BankEntry {
  const entry: BankEntry = { importId: '', bookingDate, amountCents: 0, currency };
  if (valueDate) entry.valueDate = valueDate;
  if (reversal) entry.reversal = true;
  const servicerRef = usable(text(ntry, 'AcctSvcrRef')) ?? usable(text(ntry, 'NtryRef'));
  if (servicerRef) entry.bankReference = servicerRef;
  const code = bankTransactionCode(ntry);
  if (code) entry.transactionType = code;
  return entry;
}

/** What reading an Ntry needs of its statement: the account currency, and where errors and origins go. */
interface EntryContext {
  /** The account's currency ('' while unknown). */
  currency: string;
  errors: string[];
  origins: EntryOrigin[];
}

/** `RvslInd` is an xs:boolean: `true`/`1` or `false`/`0`. */
function reversalOf(ntry: Node, where: string, errors: string[]): boolean {
  const raw = text(ntry, 'RvslInd');
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  errors.push(`${where} RvslInd ${quotedInput(raw)}: expected true or false`);
  return false;
}

/**
 * The signed parts of a batch Ntry when every TxDtls has an amount in the entry's currency (undefined when
 * some do not: the batch is then one entry). Parts that do not add up to the Ntry are an error: one of them,
 * or the Ntry, is wrong.
 */
function batchParts(
  details: readonly Node[],
  currency: string,
  credit: boolean,
  where: string,
  errors: string[],
): number[] | undefined {
  const partErrors: string[] = [];
  const parts: number[] = [];
  for (const [index, tx] of details.entries()) {
    const amount = txAmount(tx, partErrors, `${where} TxDtls ${index + 1}`);
    if (!amount || (amount.currency !== undefined && amount.currency !== currency)) return undefined;
    const indicator = text(tx, 'CdtDbtInd');
    if (indicator !== undefined && indicator !== 'CRDT' && indicator !== 'DBIT') {
      errors.push(`${where} TxDtls ${index + 1} CdtDbtInd ${quotedInput(indicator)}: expected CRDT or DBIT`);
      return undefined;
    }
    const txCredit = indicator ? indicator === 'CRDT' : credit;
    parts.push(txCredit ? amount.cents : -amount.cents);
  }
  return parts;
}

/** One Ntry → one entry, or one per TxDtls when a batch's details carry amounts that add up to the Ntry. */
function entriesOf(ntry: Node, statement: EntryContext, where: string): BankEntry[] {
  const errors = statement.errors;
  const amountNode = child(ntry, 'Amt');
  const read = readAmount(amountNode, `${where} Amt`, errors, statement.currency);
  if (!read) {
    if (text(amountNode) === undefined) errors.push(`${where}: Amt missing`);
    return [];
  }
  const indicator = text(ntry, 'CdtDbtInd');
  const credit = indicator === 'CRDT';
  if (!credit && indicator !== 'DBIT') {
    errors.push(`${where}: CdtDbtInd ${quotedInput(indicator ?? '')}: expected CRDT or DBIT`);
  }
  const bookingDate = dateOf(child(ntry, 'BookgDt')) ?? dateOf(child(ntry, 'ValDt'));
  if (!bookingDate) {
    errors.push(`${where}: BookgDt missing or not a date`);
    return [];
  }
  const details = list(ntry, 'NtryDtls').flatMap((block) => list(block, 'TxDtls'));
  let amount = read;
  const entryCurrency = read.currency ?? statement.currency;
  let foreign = false;
  if (statement.currency && entryCurrency !== statement.currency) {
    // An entry moves the account's balance in the account's currency: another currency needs its counter value.
    const counter = accountCurrencyAmount(ntry, details, statement.currency, where, errors);
    if (!counter) {
      errors.push(
        `${where} Amt Ccy ${quotedInput(entryCurrency)}: differs from the account's ${statement.currency} and no ` +
          `exchange details (AmtDtls) give the amount in ${statement.currency}`,
      );
      return [];
    }
    amount = counter;
    foreign = true;
  }
  const valueDate = dateOf(child(ntry, 'ValDt'));
  const reversal = reversalOf(ntry, where, errors);
  const currency = foreign ? statement.currency : entryCurrency;
  const additional = list(ntry, 'AddtlNtryInf')
    .map((item) => (typeof item === 'string' ? item : text(item)))
    .join(' ')
    .trim();
  const signed = credit ? amount.cents : -amount.cents;
  const batchTotal = readAmount(child(ntry, 'NtryDtls', 'Btch', 'TtlAmt'), `${where} Btch TtlAmt`, errors);
  if (
    batchTotal &&
    (batchTotal.currency ?? entryCurrency) === entryCurrency &&
    batchTotal.cents !== read.cents
  ) {
    errors.push(
      `${where} Btch TtlAmt ${formatCents(batchTotal.cents)}: differs from the Ntry Amt ${formatCents(read.cents)}`,
    );
  }
  if (details.length > 1 && !foreign) {
    const parts = batchParts(details, entryCurrency, credit, where, errors);
    const sum = parts?.reduce((total, part) => total + part, 0);
    if (parts && sum === signed) {
      return details.map((tx, index) => {
        // A module function, not a named closure: tsx/esbuild keepNames would rename a closure per Ntry.
        const entry = baseEntry(ntry, bookingDate, valueDate, reversal, currency);
        entry.amountCents = parts[index] ?? 0;
        applyTransactionDetails(entry, tx, (parts[index] ?? 0) >= 0, true);
        if (!entry.remittance && additional) entry.remittance = additional;
        return entry;
      });
    }
    if (parts && sum !== undefined) {
      errors.push(
        `${where}: the ${details.length} TxDtls amounts add up to ${formatCents(sum)}, the Ntry Amt is ` +
          `${formatCents(signed)}`,
      );
    }
  }
  const entry = baseEntry(ntry, bookingDate, valueDate, reversal, currency);
  entry.amountCents = signed === 0 ? 0 : signed;
  if (details.length === 1 && details[0]) applyTransactionDetails(entry, details[0], credit);
  if (details.length > 1)
    entry.transactionType = [entry.transactionType, `batch of ${details.length}`].filter(Boolean).join(' ');
  if (foreign && read.currency) {
    entry.transactionType = [entry.transactionType, `${read.currency} ${formatCents(read.cents)}`]
      .filter(Boolean)
      .join(' ');
  }
  if (!entry.remittance && additional) entry.remittance = additional.replace(/\s+/g, ' ');
  if (!entry.structuredReference) {
    const reference = findStructuredReference(entry.remittance);
    if (reference) entry.structuredReference = reference;
  }
  return [entry];
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
    context.errors.push(`${where} Sts ${quotedInput(status)}: expected BOOK, PDNG, INFO or FUTR`);
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
