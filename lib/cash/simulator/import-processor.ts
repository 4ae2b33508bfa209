import { RECORDS } from '../records/catalog.ts';
import type { RecordSpec } from '../records/field-spec.ts';
import type { CashErrorItem } from '../rest/wire.ts';
import { type CheckedField, checkField } from './field-check.ts';
import {
  type AmountNotation,
  addDays,
  type CalendarDate,
  formatDecimalComma,
  parseImportDate,
} from './notation.ts';
import type {
  AdministrationState,
  Boekstuk,
  ImportRecord,
  LedgerAccount,
  MutationLine,
  OpenItem,
  SalesOrder,
} from './types.ts';

/** Records the simulator can import. Ledger accounts, journals and cost centres are maintained in CASH itself. */
export const IMPORTABLE_RECORDS = ['0301', '0101', '2260', '2400', '2410'] as const;

export interface ImportOptions {
  notation: AmountNotation;
  /** Split gross lines with a BTW-code into net + VAT (see `CashSimulatorOptions.vatFromCode`). */
  vatFromCode: boolean;
  /** Epoch ms, stamped on changed articles. */
  now: number;
  transaction: string;
}

export interface ImportSummary {
  records: number;
  boekstukken: number;
  journalLines: number;
  relations: number;
  articles: number;
  salesOrders: number;
  salesOrderLines: number;
}

export type ImportOutcome =
  | { ok: true; state: AdministrationState; summary: ImportSummary }
  | { ok: false; errors: CashErrorItem[] };

/**
 * Flattens `content.cash` into records. Accepts `R301` and `R0301` keys and `F201`/`F0201` rubrieken, one record
 * per element or several records in one element's array; `line` counts records (not elements), 1-based.
 */
export function flattenImport(cash: unknown[]): { records: ImportRecord[]; errors: CashErrorItem[] } {
  const records: ImportRecord[] = [];
  const errors: CashErrorItem[] = [];
  let line = 0;
  for (const element of cash) {
    if (!isPlainObject(element)) {
      line += 1;
      errors.push({ message: `Ongeldig record: verwacht een object met recordnummer`, line, source: '' });
      continue;
    }
    for (const [key, value] of Object.entries(element)) {
      const recordMatch = /^R(\d{1,4})$/i.exec(key);
      const items = Array.isArray(value) ? value : [value];
      if (!recordMatch) {
        line += 1;
        errors.push({ message: `Ongeldig recordnummer ${key}`, line, source: key });
        continue;
      }
      const record = (recordMatch[1] ?? '').padStart(4, '0');
      for (const item of items) {
        line += 1;
        const fields: Array<[string, string]> = [];
        const problems: string[] = [];
        if (!isPlainObject(item)) {
          problems.push(`Ongeldig record ${Number(record)}: verwacht een object met rubrieken`);
        } else {
          for (const [fieldKey, raw] of Object.entries(item)) {
            const fieldMatch = /^F(\d{1,4})$/i.exec(fieldKey);
            if (!fieldMatch) {
              problems.push(`Ongeldige rubriek ${fieldKey}`);
              continue;
            }
            if (raw === null || raw === undefined) continue;
            if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
              problems.push(
                `Ongeldige waarde ${(fieldMatch[1] ?? '').padStart(4, '0')}=${JSON.stringify(raw)}`,
              );
              continue;
            }
            fields.push([(fieldMatch[1] ?? '').padStart(4, '0'), String(raw)]);
          }
        }
        const source = `${Number(record)}|${fields.map(([r, v]) => `${r}=${v}|`).join('')}`;
        for (const message of problems) errors.push({ message, line, source });
        records.push({ line, record, fields, source });
      }
    }
  }
  return { records, errors };
}

interface PendingLine {
  rec: ImportRecord;
  journal: string;
  year: number;
  number: number;
  date: CalendarDate;
  period: number;
  line: MutationLine;
}

/**
 * Validates and applies an import against a copy of the administration. All-or-nothing: any error returns every
 * error found and leaves the given state untouched; otherwise the new state is returned.
 */
export function processImport(
  current: AdministrationState,
  records: ImportRecord[],
  options: ImportOptions,
): ImportOutcome {
  const draft = structuredClone(current);
  const errors: CashErrorItem[] = [];
  const summary: ImportSummary = {
    records: records.length,
    boekstukken: 0,
    journalLines: 0,
    relations: 0,
    articles: 0,
    salesOrders: 0,
    salesOrderLines: 0,
  };
  const pending: PendingLine[] = [];
  /** Boekstuk keys with a line that could not be read: their balance is not checked (it would only add noise). */
  const incomplete = new Set<string>();

  for (const rec of records) {
    const fail = (message: string) => errors.push({ message, line: rec.line, source: rec.source });
    const spec = RECORDS[rec.record];
    if (!spec || !(IMPORTABLE_RECORDS as readonly string[]).includes(rec.record)) {
      fail(`Onbekend record ${Number(rec.record)}`);
      continue;
    }
    const { fields, cleared, messages } = checkRecordFields(spec, rec, options.notation);
    if (messages.length > 0) {
      for (const m of messages) fail(m);
      if (rec.record === '0301') {
        const key = rawBoekstukKey(rec);
        if (key) incomplete.add(key);
      }
      continue;
    }
    switch (rec.record) {
      case '0301': {
        const line = readJournalLine(draft, rec, fields, fail);
        if (line) pending.push(line);
        else {
          const key = rawBoekstukKey(rec);
          if (key) incomplete.add(key);
        }
        break;
      }
      case '0101':
        if (upsertRelation(draft, spec, fields, cleared, fail)) summary.relations += 1;
        break;
      case '2260':
        if (upsertArticle(draft, spec, fields, cleared, options.now, fail)) summary.articles += 1;
        break;
      case '2400':
        if (createSalesOrder(draft, spec, fields, options.transaction, fail)) summary.salesOrders += 1;
        break;
      case '2410':
        if (addSalesOrderLine(draft, spec, fields, fail)) summary.salesOrderLines += 1;
        break;
    }
  }

  const groups = new Map<string, PendingLine[]>();
  for (const p of pending) {
    const key = boekstukKey(p.journal, p.year, p.number);
    const group = groups.get(key) ?? [];
    group.push(p);
    groups.set(key, group);
  }
  const boekstukken: Boekstuk[] = [];
  for (const [key, group] of groups) {
    const first = group[0] as PendingLine;
    const fail = (message: string) =>
      errors.push({ message, line: first.rec.line, source: first.rec.source });
    if (draft.boekstukken.some((b) => boekstukKey(b.journal, b.year, b.number) === key)) {
      fail(`Boekstuknummer ${first.number} bestaat al in dagboek ${first.journal} ${first.year}`);
      continue;
    }
    if (incomplete.has(key)) continue;
    const total = group.reduce((sum, p) => sum + BigInt(p.line.amountCents), 0n);
    if (total !== 0n) {
      fail(
        `Boekstuk ${first.number} in dagboek ${first.journal} is niet in balans (verschil ${formatDecimalComma(total)})`,
      );
      continue;
    }
    boekstukken.push({
      journal: first.journal,
      year: first.year,
      number: first.number,
      date: first.date,
      period: first.period,
      transaction: options.transaction,
      lines: group.flatMap((p) => (options.vatFromCode ? splitVat(draft, p) : [p.line])),
    });
  }

  if (errors.length > 0) {
    errors.sort((a, b) => Number(a.line ?? 0) - Number(b.line ?? 0));
    return { ok: false, errors };
  }
  for (const boekstuk of boekstukken) {
    draft.boekstukken.push(boekstuk);
    updateOpenItems(draft, boekstuk);
    summary.boekstukken += 1;
    summary.journalLines += boekstuk.lines.length;
  }
  return { ok: true, state: draft, summary };
}

/** Next free boekstuknummer in a journal and boekjaar (record 8504): highest booked + 1. */
export function nextEntryNumber(state: AdministrationState, year: number, journal: string): number {
  return (
    state.boekstukken
      .filter((b) => b.journal === journal && b.year === year)
      .reduce((max, b) => Math.max(max, b.number), 0) + 1
  );
}

function checkRecordFields(
  spec: RecordSpec,
  rec: ImportRecord,
  notation: AmountNotation,
): { fields: Map<string, CheckedField>; cleared: Set<string>; messages: string[] } {
  const fields = new Map<string, CheckedField>();
  const cleared = new Set<string>();
  const messages: string[] = [];
  for (const [rubriek, raw] of rec.fields) {
    const fieldSpec = spec.fields[rubriek];
    if (!fieldSpec) {
      messages.push(`Onbekende rubriek ${rubriek} in record ${Number(rec.record)}`);
      continue;
    }
    if (raw === '') {
      cleared.add(rubriek);
      continue;
    }
    const checked = checkField(fieldSpec, raw, notation);
    if (checked.ok) fields.set(rubriek, checked.field);
    else messages.push(checked.message);
  }
  return { fields, cleared, messages };
}

function requireFields(spec: RecordSpec, fields: Map<string, CheckedField>, rubrieken?: string[]): string[] {
  const wanted = rubrieken ?? Object.values(spec.fields).flatMap((f) => (f.required ? [f.rubriek] : []));
  return wanted
    .filter((r) => !fields.has(r))
    .map((r) => `Rubriek ${r} is verplicht in record ${Number(spec.record)}`);
}

function boekstukKey(journal: string, year: number, number: number): string {
  return `${journal}|${year}|${number}`;
}

function rawBoekstukKey(rec: ImportRecord): string | undefined {
  const get = (r: string) => rec.fields.find(([k]) => k === r)?.[1];
  const journal = get('0901');
  const number = get('0303');
  const date = parseImportDate(get('0302') ?? '');
  if (!journal || !number || !/^\d+$/.test(number) || !date) return undefined;
  return boekstukKey(journal.toUpperCase(), date.year, Number(number));
}

function readJournalLine(
  state: AdministrationState,
  rec: ImportRecord,
  fields: Map<string, CheckedField>,
  fail: (message: string) => void,
): PendingLine | undefined {
  const spec = RECORDS['0301'] as RecordSpec;
  const missing = requireFields(spec, fields);
  if (reportMissing(missing, fail)) return undefined;
  const value = (r: string) => fields.get(r)?.stored;
  let ok = true;
  const invalid = (r: string) => {
    fail(`Ongeldige waarde ${r}=${value(r)}`);
    ok = false;
  };
  const journalCode = value('0901') as string;
  const ledgerCode = value('0201') as string;
  const journal = state.journals.find((j) => j.code === journalCode);
  if (!journal) invalid('0901');
  const ledger = state.ledgerAccounts.find((a) => a.account === ledgerCode);
  if (!ledger) invalid('0201');
  const relationNumber = value('0101');
  if (relationNumber !== undefined && !state.relations.some((r) => r.number === relationNumber))
    invalid('0101');
  const costCentre = value('0911');
  if (costCentre !== undefined) {
    const centre = state.costCentres.find((c) => c.code === costCentre);
    if (!centre) invalid('0911');
    else if (centre.blocked) {
      fail(`Kostenplaats is geblokkeerd 0911=${costCentre}`);
      ok = false;
    }
  }
  const vatCode = value('0242');
  if (!isKnownVatCode(state, vatCode)) invalid('0242');
  const invoiceNumber = value('0309');
  if (ledger?.control && (relationNumber === undefined || invoiceNumber === undefined)) {
    fail(`Relatienummer (0101) en factuurnummer (0309) verplicht bij 0201=${ledger.account}`);
    ok = false;
  }
  const number = Number(value('0303'));
  if (number < 1) invalid('0303');
  const date = fields.get('0302')?.date as CalendarDate;
  let period = date.month;
  const periodField = fields.has('0310') ? '0310' : fields.has('0301') ? '0301' : undefined;
  if (periodField) {
    const raw = value(periodField) as string;
    if (2000 + Number(raw.slice(0, 2)) !== date.year) {
      fail(`Periode valt niet in het boekjaar van de boekdatum ${periodField}=${raw}`);
      ok = false;
    }
    period = Number(raw.slice(2, 4));
  }
  if (!ok) return undefined;
  const line: MutationLine = compact({
    ledgerAccount: ledgerCode,
    amountCents: fields.get('0307')?.cents as number,
    description: value('0306'),
    relationNumber,
    invoiceNumber,
    costCentre,
    vatCode,
    quantityCents: fields.get('0305')?.cents,
    reference: value('0711'),
    paymentDays: value('0111'),
    paymentReference: value('0477'),
    attachment: value('1540'),
    date,
    period,
    importLine: rec.line,
  });
  return { rec, journal: journalCode, year: date.year, number, date, period, line };
}

/** Gross line with a BTW-code → net line + VAT line on the code's VAT account (only with `vatFromCode`). */
function splitVat(state: AdministrationState, pending: PendingLine): MutationLine[] {
  const { line } = pending;
  const code = line.vatCode ? state.vatCodes.find((v) => v.code === line.vatCode) : undefined;
  const ledger = state.ledgerAccounts.find((a) => a.account === line.ledgerAccount);
  const basisPoints = code ? percentToBasisPoints(code.ratePercent) : 0n;
  if (!code || basisPoints === 0n || ledger?.control || isVatLedger(state, line.ledgerAccount)) return [line];
  const journal = state.journals.find((j) => j.code === pending.journal);
  const purchase = journal?.kind === 'I' || (journal?.kind !== 'V' && line.amountCents > 0);
  const vatLedger = purchase ? code.purchaseLedger : code.salesLedger;
  if (!vatLedger) return [line];
  const gross = BigInt(line.amountCents);
  const vat = roundHalfAwayFromZero(gross * basisPoints, 10_000n + basisPoints);
  if (vat === 0n) return [line];
  const { quantityCents: _q, paymentDays: _p, paymentReference: _r, attachment: _a, ...shared } = line;
  return [
    { ...line, amountCents: Number(gross - vat) },
    compact({
      ...shared,
      ledgerAccount: vatLedger,
      amountCents: Number(vat),
      relationNumber: undefined,
      invoiceNumber: undefined,
      costCentre: undefined,
      derivedVat: true,
    }),
  ];
}

function isVatLedger(state: AdministrationState, account: string): boolean {
  return state.vatCodes.some((v) => v.purchaseLedger === account || v.salesLedger === account);
}

function percentToBasisPoints(percent: string): bigint {
  const [whole = '0', fraction = ''] = percent.replace(',', '.').split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
}

function roundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  return negative ? -q : q;
}

function updateOpenItems(state: AdministrationState, boekstuk: Boekstuk): void {
  for (const line of boekstuk.lines) {
    const ledger = state.ledgerAccounts.find((a) => a.account === line.ledgerAccount) as LedgerAccount;
    if (!ledger.control || line.relationNumber === undefined || line.invoiceNumber === undefined) continue;
    const existing = state.openItems.find(
      (o) =>
        o.ledgerAccount === line.ledgerAccount &&
        o.relationNumber === line.relationNumber &&
        o.invoiceNumber === line.invoiceNumber,
    );
    if (existing) {
      existing.outstandingCents += line.amountCents;
      // A second control line of the same boekstuk belongs to the invoice itself, not to a payment.
      if (
        existing.journal === boekstuk.journal &&
        existing.year === boekstuk.year &&
        existing.entryNumber === boekstuk.number
      ) {
        existing.amountCents += line.amountCents;
      }
      continue;
    }
    const relation = state.relations.find((r) => r.number === line.relationNumber);
    const paymentDays = Number(line.paymentDays ?? relation?.fields['0111'] ?? '30');
    const date = line.date;
    const item: OpenItem = compact({
      ledgerAccount: line.ledgerAccount,
      relationNumber: line.relationNumber,
      invoiceNumber: line.invoiceNumber,
      journal: boekstuk.journal,
      entryNumber: boekstuk.number,
      year: boekstuk.year,
      period: line.period,
      date,
      dueDate: addDays(date, paymentDays),
      amountCents: line.amountCents,
      outstandingCents: line.amountCents,
      description: line.description,
      paymentReference: line.paymentReference,
    });
    state.openItems.push(item);
  }
}

function upsertRelation(
  state: AdministrationState,
  spec: RecordSpec,
  fields: Map<string, CheckedField>,
  cleared: Set<string>,
  fail: (message: string) => void,
): boolean {
  const number = fields.get('0101')?.stored;
  const existing = number === undefined ? undefined : state.relations.find((r) => r.number === number);
  const missing = existing ? requireFields(spec, fields, ['0101']) : requireFields(spec, fields);
  if (reportMissing(missing, fail)) return false;
  if (number === '0') {
    fail('Ongeldige waarde 0101=0');
    return false;
  }
  const ledger = fields.get('0174')?.stored;
  if (ledger !== undefined && !state.ledgerAccounts.some((a) => a.account === ledger)) {
    fail(`Ongeldige waarde 0174=${ledger}`);
    return false;
  }
  const relation = existing ?? { number: number as string, fields: {} };
  applyFields(relation.fields, fields, cleared, ['0101']);
  if (!existing) state.relations.push(relation);
  return true;
}

function upsertArticle(
  state: AdministrationState,
  spec: RecordSpec,
  fields: Map<string, CheckedField>,
  cleared: Set<string>,
  now: number,
  fail: (message: string) => void,
): boolean {
  const code = fields.get('2260')?.stored;
  const existing = code === undefined ? undefined : state.articles.find((a) => a.code === code);
  const missing = existing ? requireFields(spec, fields, ['2260']) : requireFields(spec, fields);
  if (reportMissing(missing, fail)) return false;
  let ok = true;
  const supplier = fields.get('2230')?.stored;
  if (supplier !== undefined && !state.relations.some((r) => r.number === supplier)) {
    fail(`Ongeldige waarde 2230=${supplier}`);
    ok = false;
  }
  const vatCode = fields.get('2422')?.stored;
  if (!isKnownVatCode(state, vatCode)) {
    fail(`Ongeldige waarde 2422=${vatCode}`);
    ok = false;
  }
  if (!ok) return false;
  const article = existing ?? { code: code as string, fields: {}, updatedAt: now };
  applyFields(article.fields, fields, cleared, ['2260']);
  article.updatedAt = now;
  if (!existing) state.articles.push(article);
  return true;
}

function createSalesOrder(
  state: AdministrationState,
  spec: RecordSpec,
  fields: Map<string, CheckedField>,
  transaction: string,
  fail: (message: string) => void,
): boolean {
  const missing = requireFields(spec, fields);
  if (reportMissing(missing, fail)) return false;
  const number = fields.get('2400')?.stored as string;
  let ok = true;
  if (state.salesOrders.some((o) => o.number === number)) {
    fail(`Ordernummer ${number} bestaat al 2400=${number}`);
    ok = false;
  }
  const customer = fields.get('2220')?.stored as string;
  if (!state.relations.some((r) => r.number === customer)) {
    fail(`Ongeldige waarde 2220=${customer}`);
    ok = false;
  }
  const vatCode = fields.get('2422')?.stored;
  if (!isKnownVatCode(state, vatCode)) {
    fail(`Ongeldige waarde 2422=${vatCode}`);
    ok = false;
  }
  if (!ok) return false;
  const order: SalesOrder = { number, fields: {}, lines: [], transaction };
  applyFields(order.fields, fields, new Set(), ['2400']);
  state.salesOrders.push(order);
  return true;
}

function addSalesOrderLine(
  state: AdministrationState,
  spec: RecordSpec,
  fields: Map<string, CheckedField>,
  fail: (message: string) => void,
): boolean {
  const missing = requireFields(spec, fields);
  if (reportMissing(missing, fail)) return false;
  const orderNumber = fields.get('2400')?.stored as string;
  const lineNumber = fields.get('2426')?.stored as string;
  const articleCode = fields.get('2260')?.stored as string;
  let ok = true;
  const order = state.salesOrders.find((o) => o.number === orderNumber);
  if (!order) {
    fail(`Ongeldige waarde 2400=${orderNumber}`);
    ok = false;
  } else if (order.lines.some((l) => l.lineNumber === lineNumber)) {
    fail(`Regelnummer ${lineNumber} bestaat al in order ${orderNumber} 2426=${lineNumber}`);
    ok = false;
  }
  if (!state.articles.some((a) => a.code === articleCode)) {
    fail(`Ongeldige waarde 2260=${articleCode}`);
    ok = false;
  }
  if (!ok || !order) return false;
  const line: SalesOrder['lines'][number] = { lineNumber, fields: {} };
  applyFields(line.fields, fields, new Set(), ['2400', '2426']);
  order.lines.push(line);
  return true;
}

function applyFields(
  target: Record<string, string>,
  fields: Map<string, CheckedField>,
  cleared: Set<string>,
  keys: string[],
): void {
  for (const [rubriek, field] of fields) if (!keys.includes(rubriek)) target[rubriek] = field.stored;
  for (const rubriek of cleared) if (!keys.includes(rubriek)) delete target[rubriek];
}

/** Drops undefined properties so state stays plain JSON and snapshots compare equal after a round trip. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reports every missing required rubriek; true when there was one (the record is then refused). */
function reportMissing(missing: string[], fail: (message: string) => void): boolean {
  for (const m of missing) fail(m);
  return missing.length > 0;
}

/** An absent BTW-code is fine; a given one must exist in the administration. */
function isKnownVatCode(state: AdministrationState, vatCode: string | undefined): boolean {
  return vatCode === undefined || state.vatCodes.some((v) => v.code === vatCode);
}
