import type { MirrorJournal, MirrorLedgerAccount, MirrorOpenItem } from '../../mirror/index.ts';
import type { BankImportSettings } from '../../tenant/index.ts';
import { type BankAccountBooking, normalizeIban } from '../matching/index.ts';
import type { BankCode, BankStatement } from '../statement.ts';
import { BankAccountMappingError } from './errors.ts';

/** Words a bookkeeper uses for the bank in a journal or ledger description (dagboek "ABN AMRO zakelijk"). */
const BANK_WORDS: Record<BankCode, string[]> = {
  abnamro: ['abn amro', 'abnamro', 'abn'],
  ing: ['ing', 'ing bank', 'postbank'],
  rabobank: ['rabobank', 'rabo'],
  knab: ['knab'],
  bunq: ['bunq'],
  triodos: ['triodos'],
  sns: ['sns'],
  asn: ['asn'],
  regiobank: ['regiobank'],
  vanlanschot: ['van lanschot', 'lanschot'],
  moneyou: ['moneyou'],
  generic: [],
};

export interface ResolvedBankAccount extends BankAccountBooking {
  /** Why this journal was chosen, for the document. */
  source:
    | 'settings'
    | 'settings-journal'
    | 'mirror-account'
    | 'mirror-bank-name'
    | 'mirror-only-bank-journal';
}

function compact(value: string): string {
  return value.replace(/\s/g, '').toUpperCase();
}

function mentions(text: string | undefined, word: string): boolean {
  if (!text) return false;
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s*');
  return new RegExp(`(^|[^a-z0-9])${escaped}([^a-z0-9]|$)`, 'i').test(text);
}

/**
 * Which bank journal (dagboek) and ledger account a statement's account is booked in: the tenant settings
 * first (`accounts`, then `journal`), else the CASH mirror's bank journals — the one naming the account
 * number, the one naming the bank, or the only one there is. Pure; the caller loads the mirror.
 */
export class BankAccountDirectory {
  constructor(
    private readonly administration: string,
    private readonly settings: BankImportSettings,
    private readonly journals: readonly MirrorJournal[],
    private readonly ledgerAccounts: readonly MirrorLedgerAccount[] = [],
  ) {}

  resolve(statement: Pick<BankStatement, 'account' | 'accountIban' | 'bank'>): ResolvedBankAccount {
    const keys = new Set(
      [statement.accountIban, statement.account]
        .filter((value): value is string => Boolean(value))
        .flatMap((value) => [compact(value), normalizeIban(value) ?? '']),
    );
    keys.delete('');
    const label = statement.accountIban ?? statement.account;
    const configured = Object.entries(this.settings.accounts ?? {}).find(
      ([account, setting]) =>
        keys.has(compact(account)) &&
        (setting.administration === undefined || setting.administration === this.administration),
    );
    if (configured) {
      const [, setting] = configured;
      return {
        journal: setting.journal,
        ledgerAccount: setting.ledgerAccount ?? this.ledgerOf(setting.journal, label),
        source: 'settings',
      };
    }
    if (this.settings.journal) {
      return {
        journal: this.settings.journal,
        ledgerAccount: this.ledgerOf(this.settings.journal, label),
        source: 'settings-journal',
      };
    }
    const bankJournals = this.journals.filter(
      (journal) =>
        journal.ledgerAccount && (journal.kind === undefined || journal.kind.toUpperCase() === 'B'),
    );
    const describe = (journal: MirrorJournal) =>
      `${journal.description} ${this.ledgerAccounts.find((a) => a.account === journal.ledgerAccount)?.description ?? ''}`;
    const byAccount = bankJournals.filter((journal) =>
      [...keys].some((key) => compact(describe(journal)).includes(key)),
    );
    if (byAccount.length === 1) return this.fromJournal(byAccount[0] as MirrorJournal, 'mirror-account');
    const words = BANK_WORDS[statement.bank] ?? [];
    const byBank = bankJournals.filter((journal) => words.some((word) => mentions(describe(journal), word)));
    if (byBank.length === 1) return this.fromJournal(byBank[0] as MirrorJournal, 'mirror-bank-name');
    if (bankJournals.length === 1)
      return this.fromJournal(bankJournals[0] as MirrorJournal, 'mirror-only-bank-journal');
    const found = bankJournals.map((journal) => journal.code).join(', ') || 'none';
    throw new BankAccountMappingError(
      label,
      `no bank journal for account ${label}: add it to connectors.bank-import.settings.accounts (bank journals in CASH: ${found})`,
    );
  }

  private fromJournal(journal: MirrorJournal, source: ResolvedBankAccount['source']): ResolvedBankAccount {
    return { journal: journal.code, ledgerAccount: journal.ledgerAccount as string, source };
  }

  private ledgerOf(journal: string, label: string): string {
    const ledger = this.journals.find((candidate) => candidate.code === journal)?.ledgerAccount;
    if (!ledger) {
      throw new BankAccountMappingError(
        label,
        `bank journal ${journal} for account ${label} has no ledger account in the CASH mirror: set accounts["${label}"].ledgerAccount`,
      );
    }
    return ledger;
  }
}

/**
 * Debtors and creditors control accounts as CASH uses them: the settings, else the ledger account most open
 * receivables (payables) are on, else undefined (the booking then uses 1300/1600).
 */
export function controlAccounts(
  settings: BankImportSettings,
  openItems: readonly MirrorOpenItem[],
): { debtorsAccount?: string; creditorsAccount?: string } {
  const mostUsed = (sign: 1 | -1): string | undefined => {
    const counts = new Map<string, number>();
    for (const item of openItems) {
      if (!item.ledgerAccount || Math.sign(item.amountCents) !== sign) continue;
      counts.set(item.ledgerAccount, (counts.get(item.ledgerAccount) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  };
  const debtors = settings.debtorsAccount ?? mostUsed(1);
  const creditors = settings.creditorsAccount ?? mostUsed(-1);
  return {
    ...(debtors ? { debtorsAccount: debtors } : {}),
    ...(creditors ? { creditorsAccount: creditors } : {}),
  };
}
