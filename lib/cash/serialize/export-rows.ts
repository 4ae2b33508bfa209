import { parseDecimalText } from '../records/amount.ts';
import { RECORDS } from '../records/catalog.ts';
import type { RecordSpec } from '../records/field-spec.ts';
import type { CashFields, ExportResponse } from '../rest/wire.ts';

/** A value read back from CASH: text, an ISO date, integer cents / hundredths, or null when CASH sent it empty. */
export type ExportValue = string | number | null;

export interface ExportRow {
  /** Four-digit record number as CASH keyed it (`0101T` → `0101`). */
  record: string;
  /** Rubriek → typed value (for rubrieken in the catalog) or the raw text. */
  fields: Record<string, ExportValue>;
  /** Catalog field name → typed value, e.g. `{ relationNumber: '100', amount: -126450 }`. */
  named: Record<string, ExportValue>;
  /** What CASH sent, untouched. */
  raw: CashFields;
}

/** `06-12-2021` (export) or `211206` (import notation) → `2021-12-06`; undefined when not a real date. */
export function parseCashDate(text: string): string | undefined {
  const trimmed = text.trim();
  const dmy = /^(\d{2})-(\d{2})-(\d{4})$/.exec(trimmed);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const compact = /^(\d{2})(\d{2})(\d{2})$/.exec(trimmed);
  let parts: [number, number, number];
  if (dmy) parts = [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])];
  else if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (compact) parts = [2000 + Number(compact[1]), Number(compact[2]), Number(compact[3])];
  else return undefined;
  const [year, month, day] = parts;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return date.toISOString().slice(0, 10);
}

function typed(spec: RecordSpec | undefined, rubriek: string, text: string): ExportValue {
  const field = spec?.fields[rubriek];
  if (text.trim() === '') return null;
  if (!field) return text;
  switch (field.kind) {
    case 'N':
      // CASH zero-pads numbers on export (`000100`); events carry them without padding.
      return /^\d+$/.test(text.trim()) ? text.trim().replace(/^0+(?=\d)/, '') : text;
    case 'I': {
      const scaled = parseDecimalText(text, field.decimals ?? 0);
      return scaled !== undefined &&
        scaled <= BigInt(Number.MAX_SAFE_INTEGER) &&
        scaled >= BigInt(Number.MIN_SAFE_INTEGER)
        ? Number(scaled)
        : text;
    }
    case 'D':
      return parseCashDate(text) ?? text;
    default:
      return text;
  }
}

function rowsOf(value: unknown): CashFields[] {
  if (Array.isArray(value)) return value as CashFields[];
  // Some exports key the rows by number instead of listing them.
  if (value && typeof value === 'object') {
    const entries = Object.values(value as Record<string, unknown>);
    return entries.every((e) => e && typeof e === 'object')
      ? (entries as CashFields[])
      : [value as CashFields];
  }
  return [];
}

/**
 * Turns an export (`{ "R0101": [ {F0101:'000100', …} ] }`) into typed rows: DD-MM-YYYY dates → ISO,
 * decimal-comma amounts → integer cents, zero-padded numbers → plain digits. Unknown rubrieken stay text.
 */
export function parseExportRows(response: ExportResponse | Record<string, unknown>): ExportRow[] {
  const rows: ExportRow[] = [];
  for (const [key, value] of Object.entries(response)) {
    const recordMatch = /^R?(\d{1,4})T?$/i.exec(key);
    const record = recordMatch ? (recordMatch[1] ?? '').padStart(4, '0') : key;
    const spec = RECORDS[record];
    for (const raw of rowsOf(value)) {
      const fields: Record<string, ExportValue> = {};
      const named: Record<string, ExportValue> = {};
      for (const [name, rawValue] of Object.entries(raw ?? {})) {
        const text = rawValue === null || rawValue === undefined ? '' : String(rawValue);
        const rubriekMatch = /^F(\d{3,4})$/.exec(name);
        const rubriek = rubriekMatch ? (rubriekMatch[1] ?? '').padStart(4, '0') : name;
        const v = rubriekMatch ? typed(spec, rubriek, text) : text;
        fields[rubriek] = v;
        const fieldName = spec?.fields[rubriek]?.name;
        if (fieldName) named[fieldName] = v;
      }
      rows.push({ record, fields, named, raw });
    }
  }
  return rows;
}
