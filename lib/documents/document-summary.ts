import type { DocumentRecord } from './document-record.ts';

/** What a list or review queue shows of a document; derived from the record alone, never throws. */
export interface SummaryFields {
  itemKind: string;
  title: string;
  amountCents?: number;
  currency?: string;
  date?: string;
  relationName?: string;
  relationNumber?: string;
  reasons: string[];
}

export const TITLE_MAX = 160;
export const REASON_MAX = 300;
export const REASONS_MAX = 10;

const BANK_CONNECTOR = 'bank-import';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type Bag = Record<string, unknown>;

function bag(value: unknown): Bag | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Bag) : undefined;
}

function text(value: unknown, max = TITLE_MAX): string | undefined {
  if (typeof value !== 'string') return undefined;
  const clean = value.replace(/\s+/g, ' ').trim();
  return clean === '' ? undefined : clean.slice(0, max);
}

function cents(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

function isoDate(value: unknown): string | undefined {
  return typeof value === 'string' && ISO_DATE.test(value) ? value : undefined;
}

function currency(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value) ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.flatMap((v) => text(v, REASON_MAX) ?? []) : [];
}

function joinTitle(...parts: Array<string | undefined>): string | undefined {
  const kept = parts.filter((p): p is string => p !== undefined);
  return kept.length > 0 ? kept.join(' · ').slice(0, TITLE_MAX) : undefined;
}

/** The kind of item a person sees: invoice, bank line, bank file, event, or another file. */
export function itemKindOf(record: DocumentRecord): string {
  const connector = bag(record.source)?.connector;
  const type = typeof record.type === 'string' ? record.type : '';
  if (record.kind === 'file') {
    if (type.includes('invoice')) return 'invoice';
    if (connector === BANK_CONNECTOR || type.includes('bank')) return 'bank-file';
    return 'file';
  }
  if (connector === BANK_CONNECTOR && bag(bag(record.result)?.entry)) return 'bank-line';
  return 'event';
}

function invoiceFields(record: DocumentRecord): Partial<SummaryFields> {
  const result = bag(record.result);
  const party = bag(result?.party);
  const totals = bag(result?.totals);
  const invoiceNumber = text(result?.invoiceNumber, 40);
  const relationName = text(party?.name, 80);
  return {
    title: joinTitle(relationName, invoiceNumber) ?? fileName(record),
    amountCents: cents(totals?.payableCents) ?? cents(totals?.grossCents),
    currency: currency(result?.currency),
    date: isoDate(result?.issueDate),
    relationName,
  };
}

function bankLineFields(record: DocumentRecord): Partial<SummaryFields> {
  const result = bag(record.result);
  const entry = bag(result?.entry) ?? {};
  const proposal = bag(record.proposal);
  const relationName = text(entry.counterpartyName, 80);
  return {
    title: joinTitle(relationName, text(entry.remittance, 100)) ?? text(entry.counterpartyIban, 40),
    amountCents: cents(entry.amountCents),
    currency: currency(entry.currency),
    date: isoDate(entry.bookingDate),
    relationName,
    relationNumber: text(proposal?.relationNumber, 20),
  };
}

function eventFields(record: DocumentRecord): Partial<SummaryFields> {
  const event = bag(record.event);
  const data = bag(event?.data);
  if (!data) return {};
  const lines = Array.isArray(data.lines) ? data.lines.map(bag) : [];
  switch (event?.type) {
    case 'journal-entry.book': {
      let debit = 0;
      for (const line of lines) {
        const amount = cents(line?.amountCents);
        if (amount !== undefined && amount > 0) debit += amount;
      }
      const invoiceNumber = lines.map((l) => text(l?.invoiceNumber, 40)).find((n) => n !== undefined);
      return {
        title: joinTitle(text(data.description), invoiceNumber),
        amountCents: Number.isSafeInteger(debit) && debit > 0 ? debit : undefined,
        date: isoDate(data.date),
        relationNumber: lines.map((l) => text(l?.relationNumber, 20)).find((n) => n !== undefined),
      };
    }
    case 'relation.upsert':
      return {
        title: text(data.name),
        relationName: text(data.name, 80),
        relationNumber: text(data.relationNumber, 20),
      };
    case 'article.upsert':
      return { title: joinTitle(text(data.code, 20), text(data.description)) };
    case 'sales-order.create':
      return {
        title: joinTitle(text(data.externalOrderNumber, 40), text(data.reference, 40)),
        currency: currency(data.currency),
        date: isoDate(data.orderDate),
        relationNumber: text(bag(data.customer)?.relationNumber, 20),
      };
    default:
      return { title: text(data.description) ?? text(data.name) };
  }
}

function fileName(record: DocumentRecord): string | undefined {
  const externalId = text(bag(record.source)?.externalId, 400);
  return externalId ? text(externalId.split('/').at(-1)) : undefined;
}

/** Review reasons for a record waiting for a person, error messages for a rejected or failed one. */
export function reasonsOf(record: DocumentRecord): string[] {
  const result = bag(record.result);
  const reasons = [
    ...strings(result?.reviewReasons),
    ...(typeof result?.reason === 'string' ? strings([result.reason]) : []),
    ...strings(result?.reasons),
    ...(Array.isArray(record.errors)
      ? record.errors.flatMap((e) => text(bag(e)?.message, REASON_MAX) ?? [])
      : []),
  ];
  return [...new Set(reasons)].slice(0, REASONS_MAX);
}

/** The summary of a record. Pure: the same record always gives the same fields; any input is safe. */
export function summarize(record: DocumentRecord): SummaryFields {
  let fields: Partial<SummaryFields> = {};
  const itemKind = itemKindOf(record);
  try {
    if (itemKind === 'invoice') fields = invoiceFields(record);
    else if (itemKind === 'bank-line') fields = bankLineFields(record);
    else if (record.event !== undefined) fields = eventFields(record);
    else if (record.eventTooLarge) fields = carried(record);
  } catch {
    // A hostile shape (getters that throw, cycles) gives the fallback title rather than no record.
    fields = {};
  }
  const source = bag(record.source);
  const fallback = joinTitle(text(record.type, 40), text(source?.externalId, 100)) ?? text(record.id) ?? '';
  const out: SummaryFields = { itemKind, title: fields.title ?? fallback, reasons: safeReasons(record) };
  if (fields.amountCents !== undefined) out.amountCents = fields.amountCents;
  if (fields.currency !== undefined) out.currency = fields.currency;
  if (fields.date !== undefined) out.date = fields.date;
  if (fields.relationName !== undefined) out.relationName = fields.relationName;
  if (fields.relationNumber !== undefined) out.relationNumber = fields.relationNumber;
  return out;
}

/** A record whose event was too large to keep keeps the summary it was given when it was queued. */
function carried(record: DocumentRecord): Partial<SummaryFields> {
  return {
    title: text(record.title),
    amountCents: cents(record.amountCents),
    currency: currency(record.currency),
    date: isoDate(record.date),
    relationName: text(record.relationName, 80),
    relationNumber: text(record.relationNumber, 20),
  };
}

function safeReasons(record: DocumentRecord): string[] {
  try {
    return reasonsOf(record);
  } catch {
    return [];
  }
}
