import type { ChangeEvent } from '../../events/change-event.ts';
import type { ExportRow, ExportValue } from '../cash/serialize/index.ts';
import { describeChangeProblem } from '../outbound/feed/index.ts';
import {
  DEFAULT_LEDGER_BALANCE_SYNC,
  type LedgerBalanceSyncSettings,
  syncLedgerBalances,
} from './ledger-balance-sync.ts';
import type { MirrorChangeFeed, MirrorStore } from './mirror-store.ts';
import type { MirrorKind, MirrorSnapshot } from './mirror-types.ts';

/** Reads one record set from CASH (REST `get/index`), already parsed into typed rows. */
export type CashExporter = (record: string, params?: string) => Promise<ExportRow[]>;

const text = (v: ExportValue | undefined): string | undefined =>
  v === null || v === undefined || v === '' ? undefined : String(v);
const num = (v: ExportValue | undefined): number | undefined =>
  typeof v === 'number' ? v : v ? Number(v) : undefined;
/** CASH pads relation numbers to six digits on export; we keep the plain number. */
const relationNumber = (v: ExportValue | undefined): string => String(Number(text(v) ?? '0'));

function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Export rows → mirror rows; pure, so it is tested without CASH. */
export const fromExport = {
  relations: (rows: ExportRow[]): MirrorSnapshot['relations'] =>
    rows.map((r) =>
      compact({
        relationNumber: relationNumber(r.named.relationNumber),
        name: text(r.named.name) ?? '',
        searchName: text(r.named.searchName),
        iban: text(r.named.iban)?.replace(/\s+/g, '').toUpperCase(),
        bic: text(r.named.bic),
        vatId: text(r.named.vatId)?.replace(/\s+/g, '').toUpperCase(),
        kvk: text(r.named.kvk),
        email: text(r.named.email),
        countryCode: text(r.named.countryCode),
        paymentDays: num(r.named.paymentDays),
        defaultLedgerAccount: text(r.named.defaultLedgerAccount),
      }),
    ),
  ledgerAccounts: (rows: ExportRow[]): MirrorSnapshot['ledgerAccounts'] =>
    rows.map((r) =>
      compact({
        account: text(r.named.ledgerAccount) ?? '',
        description: text(r.named.description) ?? '',
        kind: text(r.named.kind),
        vatCode: text(r.named.vatCode),
      }),
    ),
  journals: (rows: ExportRow[]): MirrorSnapshot['journals'] =>
    rows.map((r) =>
      compact({
        code: text(r.named.journal) ?? '',
        description: text(r.named.description) ?? '',
        kind: text(r.named.kind),
        ledgerAccount: text(r.named.ledgerAccount),
      }),
    ),
  costCentres: (rows: ExportRow[]): MirrorSnapshot['costCentres'] =>
    rows.map((r) =>
      compact({
        code: text(r.named.costCentre) ?? '',
        description: text(r.named.description) ?? '',
        blocked: text(r.named.blocked)?.toUpperCase() === 'J' ? true : undefined,
      }),
    ),
  articles: (rows: ExportRow[]): MirrorSnapshot['articles'] =>
    rows.map((r) =>
      compact({
        code: text(r.named.code) ?? '',
        description: text(r.named.description) ?? '',
        group: text(r.named.group),
        gtin: text(r.named.gtin),
        salesPriceCents: num(r.named.salesPrice),
        freeStock: num(r.named.freeStock),
        vatCode: text(r.named.vatCode),
      }),
    ),
  openItems: (rows: ExportRow[]): MirrorSnapshot['openItems'] =>
    rows
      .map((r) =>
        compact({
          relationNumber: relationNumber(r.named.relationNumber),
          relationName: text(r.named.name),
          ledgerAccount: text(r.named.ledgerAccount),
          journal: text(r.named.journal),
          entryNumber: text(r.named.entryNumber),
          invoiceNumber: text(r.named.invoiceNumber) ?? '',
          invoiceDate: text(r.named.invoiceDate) ?? text(r.named.date),
          dueDate: text(r.named.dueDate),
          amountCents: num(r.named.amount) ?? 0,
          outstandingCents: num(r.named.outstanding) ?? num(r.named.amount) ?? 0,
          paymentReference: text(r.named.paymentReference),
        }),
      )
      .filter((item) => item.outstandingCents !== 0),
};

type ListKind = Exclude<MirrorKind, 'ledgerBalances'>;

const SOURCES: Record<ListKind, string> = {
  relations: '0101T',
  ledgerAccounts: '0201T',
  journals: '0901T',
  costCentres: '0911T',
  articles: '2260',
  openItems: '0311T',
};

/** Every kind a full sync refreshes: the lists, then the ledger balances (several paged requests). */
const ALL_KINDS: readonly MirrorKind[] = [...(Object.keys(SOURCES) as ListKind[]), 'ledgerBalances'];

export interface MirrorSyncOptions {
  /** Period range, paging and reading of the ledger balances (defaults: the current and previous year). */
  ledgerBalances?: Partial<LedgerBalanceSyncSettings>;
  /** The tenant (and origin) of the change events; without it the sync writes the mirror but answers none. */
  changeFeed?: MirrorChangeFeed;
}

export interface MirrorSyncResult {
  administration: string;
  syncedAt: string;
  counts: Record<MirrorKind, { written: number; deleted: number }>;
  errors: Array<{ kind: MirrorKind; message: string }>;
  /** What changed since the mirror's previous copy (relations, articles, open items); empty when nothing did. */
  changes: ChangeEvent[];
}

/**
 * Refreshes the mirror of one administration: one CASH export per list (six requests) and the ledger
 * balances from the mutation export (one request per slice of the period range), each kind replaced on its
 * own so a failing export leaves the previous snapshot of that kind in place.
 */
export async function syncMirror(
  administration: string,
  exporter: CashExporter,
  store: MirrorStore,
  kinds: readonly MirrorKind[] = ALL_KINDS,
  now = new Date(),
  options: MirrorSyncOptions = {},
): Promise<MirrorSyncResult> {
  const syncedAt = now.toISOString();
  const counts = {} as MirrorSyncResult['counts'];
  const errors: MirrorSyncResult['errors'] = [];
  const changes: ChangeEvent[] = [];
  for (const kind of kinds) {
    try {
      if (kind === 'ledgerBalances') {
        const settings = { ...DEFAULT_LEDGER_BALANCE_SYNC, ...options.ledgerBalances };
        const { written, deleted } = await syncLedgerBalances(administration, exporter, store, settings, now);
        counts[kind] = { written, deleted };
        continue;
      }
      const rows = await exporter(SOURCES[kind]);
      const mapped = fromExport[kind](rows) as unknown as Record<string, unknown>[];
      const result = await store.replace(
        administration,
        kind,
        mapped,
        syncedAt,
        undefined,
        options.changeFeed,
      );
      counts[kind] = { written: result.written, deleted: result.deleted };
      changes.push(...result.changes);
      for (const problem of result.problems) errors.push({ kind, message: describeChangeProblem(problem) });
      // The re-read shows the bookings CASH took before it started: their settlements are done.
      if (kind === 'openItems') await store.settlements.prune(administration, syncedAt);
    } catch (error) {
      errors.push({ kind, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { administration, syncedAt, counts, errors, changes };
}
