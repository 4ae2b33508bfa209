import { DocumentQueryError } from './document-query-error.ts';
import type { DocumentRecord } from './document-record.ts';
import { queryTokens, words } from './search-tokens.ts';

/** The review queue's filters (all optional but the administrations). */
export interface ReviewFilter {
  administrations: string[];
  connector?: string;
  kind?: string;
  reason?: string;
}

/** The document list's filters; `from`/`to` are dates (inclusive) of `createdAt`, amounts in cents. */
export interface ListFilter {
  administrations: string[];
  status?: string;
  connector?: string;
  kind?: string;
  from?: string;
  to?: string;
  minCents?: number;
  maxCents?: number;
  relation?: string;
  q?: string;
}

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;
export const MAX_ADMINISTRATIONS = 100;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function checkLimit(limit: unknown): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new DocumentQueryError('limit', 'range', `a whole number from 1 to ${MAX_LIMIT}`, limit);
  }
  return limit;
}

export function checkDate(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !ISO_DATE.test(value)) {
    throw new DocumentQueryError(field, 'iso-date', 'a date YYYY-MM-DD', value);
  }
  return value;
}

function checkCents(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new DocumentQueryError(field, 'integer-cents', 'an amount in whole cents', value);
  }
  return value;
}

export function checkAdministrations(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((a) => typeof a !== 'string' || a === '' || a.length > 100)) {
    throw new DocumentQueryError('administrations', 'list', 'a list of administration codes', value);
  }
  if (value.length > MAX_ADMINISTRATIONS) {
    throw new DocumentQueryError('administrations', 'max', `at most ${MAX_ADMINISTRATIONS}`, value.length);
  }
  return [...new Set(value as string[])];
}

/** A filter checked and prepared for matching records (normalized relation, search tokens). */
export interface RecordMatcher {
  matches(record: DocumentRecord): boolean;
  tokens: string[];
}

function normalized(text: string): string {
  return words(text).join(' ');
}

/** The in-memory test every query applies to the records its index partition gives. */
export function matcherFor(filter: ListFilter & { reason?: string }): RecordMatcher {
  const from = checkDate('from', filter.from);
  const to = checkDate('to', filter.to);
  if (from && to && from > to) throw new DocumentQueryError('to', 'after-from', 'on or after from', to);
  const min = checkCents('minCents', filter.minCents);
  const max = checkCents('maxCents', filter.maxCents);
  if (min !== undefined && max !== undefined && min > max) {
    throw new DocumentQueryError('maxCents', 'at-least-min', 'at least minCents', max);
  }
  const relation = typeof filter.relation === 'string' ? normalized(filter.relation.slice(0, 100)) : '';
  const relationRaw = typeof filter.relation === 'string' ? filter.relation.trim() : '';
  const reason = typeof filter.reason === 'string' ? filter.reason.toLowerCase().slice(0, 200) : '';
  const tokens = typeof filter.q === 'string' ? queryTokens(filter.q) : [];
  if (typeof filter.q === 'string' && filter.q.trim() !== '' && tokens.length === 0) {
    throw new DocumentQueryError('q', 'searchable', 'at least one word of 2 characters or more', filter.q);
  }
  const matches = (record: DocumentRecord): boolean => {
    if (filter.status !== undefined && record.status !== filter.status) return false;
    if (filter.connector !== undefined && record.source?.connector !== filter.connector) return false;
    if (filter.kind !== undefined && record.itemKind !== filter.kind) return false;
    const day = typeof record.createdAt === 'string' ? record.createdAt.slice(0, 10) : '';
    if (from && day < from) return false;
    if (to && day > to) return false;
    if (min !== undefined && !(typeof record.amountCents === 'number' && record.amountCents >= min))
      return false;
    if (max !== undefined && !(typeof record.amountCents === 'number' && record.amountCents <= max))
      return false;
    if (relationRaw !== '') {
      const name = typeof record.relationName === 'string' ? normalized(record.relationName) : '';
      if (!(relation !== '' && name.includes(relation)) && record.relationNumber !== relationRaw)
        return false;
    }
    if (reason !== '' && !(record.reasons ?? []).some((r) => r.toLowerCase().includes(reason))) return false;
    if (tokens.length > 0) {
      const own = new Set(record.searchTokens ?? []);
      if (!tokens.every((t) => own.has(t))) return false;
    }
    return true;
  };
  return { matches, tokens };
}
