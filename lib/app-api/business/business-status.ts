import type { MirrorJournal, MirrorLedgerAccount, MirrorOpenItem } from '../../mirror/index.ts';

/** The movement on one ledger account in one booking period (debit positive), summed from CASH's 0301 lines. */
export interface LedgerBalance {
  account: string;
  year: number;
  /** Booking period 1–13 (0 for the opening balance). */
  period: number;
  movementCents: number;
}

export interface AgeingBucket {
  label: '0-30' | '31-60' | '61-90' | '90+';
  cents: number;
}
export interface Ageing {
  totalCents: number;
  buckets: AgeingBucket[];
}

/**
 * How the chart of accounts is read. CASH's ledger kind (0204) is known only as "kind/type" (docs §1.4.3; the
 * simulator and demo use B balans / W winst-en-verlies), so every reading of it is an [I] setting.
 */
export interface BusinessStatusSettings {
  /** Journal kinds whose ledger account is money: B bank, K kas (CASH's journal kinds). */
  moneyJournalKinds: string[];
  /** Ledger kinds (0204) that are money accounts themselves, besides the journals' (none known: empty). */
  moneyLedgerKinds: string[];
  /** Ledger kinds of result accounts (winst-en-verlies); an account of another known kind is never revenue or costs. */
  resultLedgerKinds: string[];
  /** Ledger kinds that are revenue / costs outright, where CASH's kinds say so (none known: empty). */
  revenueLedgerKinds: string[];
  costLedgerKinds: string[];
  /** Result accounts starting with one of these are revenue (class 8 omzet); the other result accounts are costs. */
  revenuePrefixes: string[];
  /** Without a ledger kind: accounts starting with one of these are costs (class 4 kosten, 7 kostprijs). */
  costPrefixes: string[];
}

export const DEFAULT_BUSINESS_STATUS_SETTINGS: BusinessStatusSettings = {
  moneyJournalKinds: ['B', 'K'],
  moneyLedgerKinds: [],
  resultLedgerKinds: ['W'],
  revenueLedgerKinds: [],
  costLedgerKinds: [],
  revenuePrefixes: ['8'],
  costPrefixes: ['4', '7'],
};

type Category = 'revenue' | 'costs' | undefined;

/** Revenue, costs or neither: by the ledger kind where the mirror has one, by the account's class otherwise. */
export function categoryOf(
  account: string,
  kind: string | undefined,
  settings: BusinessStatusSettings,
): Category {
  const revenueClass = settings.revenuePrefixes.some((p) => account.startsWith(p));
  if (kind) {
    if (settings.revenueLedgerKinds.includes(kind)) return 'revenue';
    if (settings.costLedgerKinds.includes(kind)) return 'costs';
    if (!settings.resultLedgerKinds.includes(kind)) return undefined;
    return revenueClass ? 'revenue' : 'costs';
  }
  if (revenueClass) return 'revenue';
  return settings.costPrefixes.some((p) => account.startsWith(p)) ? 'costs' : undefined;
}

export interface BusinessStatusInput {
  asOf: string;
  openItems: MirrorOpenItem[];
  journals: MirrorJournal[];
  ledgerAccounts: MirrorLedgerAccount[];
  /** Undefined when CASH's mutations are not in the mirror (then no bank balances or month figures). */
  ledgerBalances?: LedgerBalance[];
  settings: BusinessStatusSettings;
}

export interface BusinessStatus {
  asOf: string;
  bankAccounts: Array<{ ledgerAccount: string; description: string; balanceCents?: number }>;
  receivables: Ageing;
  payables: Ageing;
  month?: { revenueCents: number; costsCents: number };
  lastMonth?: { revenueCents: number; costsCents: number };
  /** What each figure is computed from, and what could not be. */
  sources: Record<string, string>;
}

const DAY = 86_400_000;

function bucketOf(days: number): AgeingBucket['label'] {
  if (days <= 30) return '0-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return '90+';
}

/** Outstanding amounts by age since the invoice date (the due date when there is none); in cents. */
export function ageing(items: readonly MirrorOpenItem[], asOf: string, sign: 1 | -1): Ageing {
  const buckets: AgeingBucket[] = (['0-30', '31-60', '61-90', '90+'] as const).map((label) => ({
    label,
    cents: 0,
  }));
  const today = Date.parse(`${asOf}T00:00:00Z`);
  let totalCents = 0;
  for (const item of items) {
    const cents = item.outstandingCents * sign;
    if (cents <= 0) continue;
    const from = Date.parse(`${item.invoiceDate ?? item.dueDate ?? asOf}T00:00:00Z`);
    const days = Number.isNaN(from) ? 0 : Math.max(0, Math.floor((today - from) / DAY));
    const bucket = buckets.find((b) => b.label === bucketOf(days)) as AgeingBucket;
    bucket.cents += cents;
    totalCents += cents;
  }
  return { totalCents, buckets };
}

function monthFigures(
  balances: readonly LedgerBalance[],
  year: number,
  period: number,
  categories: (account: string) => Category,
) {
  let revenueCents = 0;
  let costsCents = 0;
  for (const b of balances) {
    if (b.year !== year || b.period !== period) continue;
    const category = categories(b.account);
    // Revenue is booked on the credit side (negative): shown positive.
    if (category === 'revenue') revenueCents -= b.movementCents;
    else if (category === 'costs') costsCents += b.movementCents;
  }
  return { revenueCents, costsCents };
}

/**
 * Bedrijfsstatus from the CASH mirror: receivables and payables with ageing from the open items; money
 * accounts (the ledger accounts of bank and kas journals) with their balance this year, and revenue and
 * costs of this and last month, from the ledger balances when the mirror holds them. Periods are taken
 * as calendar months (12 periods); `sources` says what each figure rests on.
 */
export function businessStatus(input: BusinessStatusInput): BusinessStatus {
  const { asOf, settings } = input;
  const year = Number(asOf.slice(0, 4));
  const month = Number(asOf.slice(5, 7));
  const describe = new Map(input.ledgerAccounts.map((l) => [l.account, l.description]));
  const kinds = new Map(input.ledgerAccounts.map((l) => [l.account, l.kind]));
  const moneyAccounts = [
    ...new Map([
      ...input.journals
        .filter((j) => j.ledgerAccount && settings.moneyJournalKinds.includes(j.kind ?? ''))
        .map((j): [string, string] => [
          j.ledgerAccount as string,
          describe.get(j.ledgerAccount as string) ?? j.description,
        ]),
      ...input.ledgerAccounts
        .filter((l) => l.kind && settings.moneyLedgerKinds.includes(l.kind))
        .map((l): [string, string] => [l.account, l.description]),
    ]),
  ];
  const balances = input.ledgerBalances;
  const sources: Record<string, string> = {
    receivables: 'CASH open items (0311) in the mirror',
    payables: 'CASH open items (0311) in the mirror',
  };
  const status: BusinessStatus = {
    asOf,
    bankAccounts: moneyAccounts.map(([ledgerAccount, description]) => {
      if (!balances) return { ledgerAccount, description };
      const balanceCents = balances
        .filter((b) => b.account === ledgerAccount && b.year === year && b.period <= month)
        .reduce((sum, b) => sum + b.movementCents, 0);
      return { ledgerAccount, description, balanceCents };
    }),
    receivables: ageing(input.openItems, asOf, 1),
    payables: ageing(input.openItems, asOf, -1),
    sources,
  };
  if (!balances) {
    sources.bankAccounts = 'ledger balances are not in the mirror yet: accounts listed without balance';
    sources.month = 'ledger balances are not in the mirror yet: no revenue or costs';
    return status;
  }
  const last = month === 1 ? { year: year - 1, period: 12 } : { year, period: month - 1 };
  sources.bankAccounts = `ledger balances (0301 mutations) of ${year}, periods 0-${month}, on the ledger accounts of journals of kind ${settings.moneyJournalKinds.join('/')}`;
  sources.month = `ledger balances of period ${month} (periods taken as months); result accounts by ledger kind ${settings.resultLedgerKinds.join('/')}, revenue ${settings.revenuePrefixes.join('/')}*, other result accounts costs; accounts without a kind: costs ${settings.costPrefixes.join('/')}*`;
  const categories = (account: string) => categoryOf(account, kinds.get(account), settings);
  return {
    ...status,
    month: monthFigures(balances, year, month, categories),
    lastMonth: monthFigures(balances, last.year, last.period, categories),
  };
}
