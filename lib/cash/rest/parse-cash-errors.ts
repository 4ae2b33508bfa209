import { XMLParser } from 'fast-xml-parser';

/** One error CASH reported, broken down so it can be shown next to the field that caused it. */
export interface CashErrorDetail {
  /** 1-based position of the failing record in the import. */
  line?: number;
  /** Four-digit record number, from the echoed source (`2229|…` → `2229`). */
  record?: string;
  /** Four-digit rubriek the message names (`Ongeldige waarde 0201=8000` → `0201`). */
  rubriek?: string;
  value?: string;
  message: string;
  /** The failing record as CASH echoed it: `301|0201=8000|0307=-121,00|`. */
  source?: string;
}

const xml = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'error',
});

function pad4(code: string): string {
  return code.padStart(4, '0');
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && '#text' in value) return text((value as { '#text': unknown })['#text']);
  return JSON.stringify(value);
}

/** Parses `301|0201=8000|0307=-121,00|` into record and rubriek values. */
function parseSource(source: string): { record?: string; values: Record<string, string> } {
  const [head = '', ...parts] = source.split('|');
  const values: Record<string, string> = {};
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq > 0 && /^\d{1,4}$/.test(part.slice(0, eq).trim()))
      values[pad4(part.slice(0, eq).trim())] = part.slice(eq + 1);
  }
  const record = /^R?(\d{1,4})T?$/i.exec(head.trim())?.[1];
  return record ? { record: pad4(record), values } : { values };
}

function detail(item: { message?: unknown; line?: unknown; source?: unknown }): CashErrorDetail {
  const message = text(item.message) ?? '(no message)';
  const result: CashErrorDetail = { message };
  const lineText = text(item.line);
  if (lineText && /^\d+$/.test(lineText)) result.line = Number(lineText);
  const source = text(item.source);
  const parsedSource = source ? parseSource(source) : { values: {} as Record<string, string> };
  if (source) result.source = source;
  if (parsedSource.record) result.record = parsedSource.record;
  // `Ongeldige waarde 0201=8000`: the rubriek and the refused value; other texts may only name the rubriek.
  const assignment = /(?:^|[^\d])(\d{3,4})=(.*)$/.exec(message);
  const named = /rubriek\s*\[?F?(\d{3,4})\]?/i.exec(message);
  if (assignment?.[1]) {
    result.rubriek = pad4(assignment[1]);
    result.value = (assignment[2] ?? '').trim();
  } else if (named?.[1]) {
    result.rubriek = pad4(named[1]);
    const fromSource = parsedSource.values[result.rubriek];
    if (fromSource !== undefined) result.value = fromSource;
  }
  return result;
}

function fromXml(input: string): CashErrorDetail[] {
  const start = input.indexOf('<');
  if (start < 0) return input.trim() ? [detail({ message: input.trim() })] : [];
  let parsed: unknown;
  try {
    // Exports and errors may arrive as `Content-type: text/xml <?xml …?><cash>…`; parse from the first tag.
    parsed = xml.parse(input.slice(start));
  } catch {
    return [{ message: input.trim() }];
  }
  const root = Object.entries(parsed as Record<string, unknown>).find(
    ([key]) => key.toLowerCase() === 'cash',
  )?.[1];
  const errors = (root as { errors?: { error?: unknown[] } } | undefined)?.errors?.error ?? [];
  return errors.map((e) => detail((e ?? {}) as Record<string, unknown>));
}

function fromObject(input: Record<string, unknown>): CashErrorDetail[] {
  if (input.transaction && typeof input.transaction === 'object') {
    const err = (input.transaction as { err?: unknown }).err;
    return typeof err === 'string' ? fromXml(err) : [];
  }
  const message = input.message;
  if (message && typeof message === 'object') {
    const list = (message as { errors?: { error?: unknown } }).errors?.error;
    const items = Array.isArray(list) ? list : list ? [list] : [];
    if (items.length) return items.map((e) => detail((e ?? {}) as Record<string, unknown>));
  }
  if (typeof message === 'string' && message.trim()) {
    return message.trim().startsWith('<') ? fromXml(message) : [detail({ message })];
  }
  const error = text(input.error);
  return error ? [{ message: error }] : [];
}

/**
 * Reads CASH's error reports into details: the 4xx JSON body of `POST /import`
 * (`{error, message:{errors:{error:[…]}}}`, as object or JSON text), a transaction (`{transaction:{err}}`),
 * or the `err` XML itself (`<cash><errors><error><message>…</message><line>1</line><source>…`).
 * Never throws: text it cannot read becomes one detail carrying that text as message.
 */
export function parseCashErrors(input: unknown): CashErrorDetail[] {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') {
    const trimmed = input.trim();
    if (!trimmed) return [];
    if (trimmed.startsWith('{')) {
      try {
        return parseCashErrors(JSON.parse(trimmed));
      } catch {
        return [{ message: trimmed }];
      }
    }
    return fromXml(trimmed);
  }
  if (Array.isArray(input)) return input.flatMap((item) => parseCashErrors(item));
  if (typeof input === 'object') return fromObject(input as Record<string, unknown>);
  return [{ message: String(input) }];
}
