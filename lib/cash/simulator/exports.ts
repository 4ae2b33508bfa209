import type { CashFields, ExportResponse } from '../rest/wire.ts';
import { CashSimulatorError } from './errors.ts';
import { nextEntryNumber } from './import-processor.ts';
import {
  formatDecimalComma,
  formatExportDate,
  formatPeriod,
  normalizeNumber,
  padNumber,
} from './notation.ts';
import type { AdministrationState, MutationLine } from './types.ts';

/** An export request CASH refuses (unknown record, bad params); answered with 400. */
export class ExportRequestError extends CashSimulatorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExportRequestError';
  }
}

/** Record keys as the URL gives them (`301T`, `0301T`, `0101`) → four digits plus optional `T`. */
export function normalizeRecordKey(record: string): string | undefined {
  const match = /^(\d{1,4})(T?)$/i.exec(record);
  return match ? `${(match[1] ?? '').padStart(4, '0')}${(match[2] ?? '').toUpperCase()}` : undefined;
}

/** Record numbers the simulator can export, with and without the `T` (list) suffix. */
export const EXPORTABLE_RECORDS = ['0101', '0201', '0901', '0911', '0311', '0301', '2260', '2400', '8504'];

/**
 * `GET /get/index/{record}?params=…` as CASH answers it: dates `DD-MM-YYYY`, amounts with a decimal comma,
 * relation and boekstuk numbers zero-padded to 6. Empty fields are left out.
 */
export function exportRecords(
  state: AdministrationState,
  recordKey: string,
  params: string[],
  now: number,
): ExportResponse {
  const key = normalizeRecordKey(recordKey);
  const record = key?.slice(0, 4);
  if (!record || !EXPORTABLE_RECORDS.includes(record)) {
    throw new ExportRequestError(`Onbekend record ${recordKey}`);
  }
  const [first = '', second = ''] = params;
  switch (record) {
    case '0101':
      return { R0101: exportRelations(state, first) };
    case '0201':
      return {
        R0201: state.ledgerAccounts.map((a) =>
          row({
            F0201: a.account,
            F0202: a.searchName,
            F0203: a.description,
            F0204: a.kind,
            F0242: a.vatCode,
          }),
        ),
      };
    case '0901':
      return {
        R0901: state.journals.map((j) =>
          row({ F0901: j.code, F0902: j.description, F0904: j.kind, F0201: j.ledgerAccount }),
        ),
      };
    case '0911':
      return {
        R0911: state.costCentres.map((c) =>
          row({ F0911: c.code, F0912: c.description, F0208: c.blocked ? 'J' : 'N' }),
        ),
      };
    case '0311':
      return { R0311: exportOpenItems(state, first, second) };
    case '0301':
      return { R0301: exportMutations(state, first, second) };
    case '2260':
      return { R2260: exportArticles(state, first, second, now) };
    case '2400':
      return exportSalesOrders(state, first);
    default:
      return exportNextEntryNumber(state, first, second);
  }
}

function exportRelations(state: AdministrationState, number: string): CashFields[] {
  const wanted = number ? normalizeNumber(number) : undefined;
  return state.relations
    .filter((r) => wanted === undefined || r.number === wanted)
    .map((r) => row({ F0101: padNumber(r.number), ...prefixed(r.fields) }));
}

/** Open posten with something outstanding; params `<grootboekrekening>|<relatienummer>`, both optional. */
function exportOpenItems(state: AdministrationState, ledger: string, relation: string): CashFields[] {
  const wantedRelation = relation ? normalizeNumber(relation) : undefined;
  return state.openItems
    .filter((o) => o.outstandingCents !== 0)
    .filter((o) => !ledger || o.ledgerAccount === ledger.toUpperCase())
    .filter((o) => wantedRelation === undefined || o.relationNumber === wantedRelation)
    .map((o) =>
      row({
        F0301: formatPeriod(o.year, o.period),
        F0302: formatExportDate(o.date),
        F0901: o.journal,
        F0303: padNumber(o.entryNumber),
        F0201: o.ledgerAccount,
        F0101: padNumber(o.relationNumber),
        F0103: state.relations.find((r) => r.number === o.relationNumber)?.fields['0103'],
        F0309: o.invoiceNumber,
        F0314: formatExportDate(o.date),
        F0307: formatDecimalComma(o.amountCents),
        F0320: formatDecimalComma(o.outstandingCents),
        F0111: formatExportDate(o.dueDate),
        F0306: o.description,
        F0477: o.paymentReference,
      }),
    );
}

/** Mutations in the inclusive period range `JJPP|JJPP` (either end may be left empty). */
function exportMutations(state: AdministrationState, from: string, to: string): CashFields[] {
  const bound = (value: string, name: string): number | undefined => {
    if (!value) return undefined;
    if (!/^\d{4}$/.test(value)) throw new ExportRequestError(`Ongeldige periode ${name}=${value}`);
    return Number(value);
  };
  const lower = bound(from, 'van');
  const upper = bound(to, 'tot');
  const rows: CashFields[] = [];
  for (const b of state.boekstukken) {
    for (const line of b.lines) {
      const key = Number(formatPeriod(line.date.year, line.period));
      if ((lower !== undefined && key < lower) || (upper !== undefined && key > upper)) continue;
      rows.push(mutationRow(b.journal, b.number, line));
    }
  }
  return rows;
}

function mutationRow(journal: string, number: number, line: MutationLine): CashFields {
  return row({
    F0901: journal,
    F0303: padNumber(number),
    F0302: formatExportDate(line.date),
    F0310: formatPeriod(line.date.year, line.period),
    F0201: line.ledgerAccount,
    F0307: formatDecimalComma(line.amountCents),
    F0101: line.relationNumber === undefined ? undefined : padNumber(line.relationNumber),
    F0309: line.invoiceNumber,
    F0306: line.description,
    F0711: line.reference,
    F0911: line.costCentre,
    F0242: line.vatCode,
    F0305: line.quantityCents === undefined ? undefined : formatDecimalComma(line.quantityCents),
    F0111: line.paymentDays,
    F0477: line.paymentReference,
    F1540: line.attachment,
  });
}

/**
 * Article export filters as the SOAP wrappers use them: letters in the first param (`V` include stock, `I` omit
 * purchase price), then `G` + item group or `W` + days since the last change in the second.
 */
function exportArticles(
  state: AdministrationState,
  flags: string,
  filter: string,
  now: number,
): CashFields[] {
  const letters = flags.toUpperCase();
  const includeStock = letters.includes('V');
  const omitPurchasePrice = letters.includes('I');
  const byGroup = letters.includes('G') ? filter.toUpperCase() : undefined;
  const days = letters.includes('W') ? Number(filter) : undefined;
  if (days !== undefined && !Number.isInteger(days))
    throw new ExportRequestError(`Ongeldig aantal dagen ${filter}`);
  return state.articles
    .filter((a) => byGroup === undefined || a.fields['2208'] === byGroup)
    .filter((a) => days === undefined || now - a.updatedAt <= days * 86_400_000)
    .map((a) => {
      const fields = { ...a.fields };
      if (!includeStock) delete fields['2293'];
      if (omitPurchasePrice) delete fields['2268'];
      return row({ F2260: a.code, ...prefixed(fields) });
    });
}

/** Orders as `R2400` headers plus their lines as `R2410` (linked by F2400); param: one order number. */
function exportSalesOrders(state: AdministrationState, number: string): ExportResponse {
  const wanted = number ? normalizeNumber(number) : undefined;
  const orders = state.salesOrders.filter((o) => wanted === undefined || o.number === wanted);
  return {
    R2400: orders.map((o) => row({ F2400: o.number, ...prefixed(o.fields), F2220: pad(o.fields['2220']) })),
    R2410: orders.flatMap((o) =>
      o.lines.map((l) => row({ F2400: o.number, F2426: l.lineNumber, ...prefixed(l.fields) })),
    ),
  };
}

/** 8504: params `JJ|<dagboek>` → the next free boekstuknummer, zero-padded: `{ R8504: [{ Z0303: '000124' }] }`. */
function exportNextEntryNumber(state: AdministrationState, year: string, journal: string): ExportResponse {
  if (!/^\d{2}$/.test(year)) throw new ExportRequestError(`Ongeldig boekjaar ${year}`);
  const code = journal.toUpperCase();
  if (!state.journals.some((j) => j.code === code))
    throw new ExportRequestError(`Ongeldige waarde 0901=${journal}`);
  return { R8504: [{ Z0303: padNumber(nextEntryNumber(state, 2000 + Number(year), code)) }] };
}

function pad(value: string | undefined): string | undefined {
  return value === undefined ? undefined : padNumber(value);
}

function prefixed(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rubriek, value] of Object.entries(fields)) {
    // Relation-like numbers are exported zero-padded, as CASH does for F0101.
    out[`F${rubriek}`] = rubriek === '2230' || rubriek === '2220' ? padNumber(value) : value;
  }
  return out;
}

function row(fields: Record<string, string | undefined>): CashFields {
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
}
