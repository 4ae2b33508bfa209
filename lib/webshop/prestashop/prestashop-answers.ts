import { isObject, type JsonObject } from '../platform-kit/index.ts';
import { ShopApiError } from '../shop-api-error.ts';
import { languageValue } from './prestashop-xml.ts';

/** How PrestaShop's webservice answers are read: lists, multilang values, error bodies, the order cursor. */

/** Keyset cursor: orders from `since` on, leaving out those at exactly `since` already answered. */
export interface OrdersCursor {
  since: string;
  seen: string[];
}

/** A JSON list answer: `{"orders":[…]}`, or `[]` (PrestaShop's empty list). */
export function listOf(answer: unknown, key: string): JsonObject[] {
  if (isObject(answer) && Array.isArray(answer[key])) return (answer[key] as unknown[]).filter(isObject);
  return [];
}

export function jsonLanguageValue(field: unknown, languageId: string): string {
  if (typeof field === 'string') return field;
  const entry = Array.isArray(field)
    ? field.find((item) => isObject(item) && String(item.id) === languageId)
    : undefined;
  return isObject(entry) && typeof entry.value === 'string'
    ? entry.value
    : (languageValue(field, languageId) ?? '');
}

/** PrestaShop's error body (`{"errors":[{"code","message"}]}` or `<errors><error><message>`). */
export function prestashopMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    const first = isObject(body) && Array.isArray(body.errors) ? body.errors[0] : undefined;
    if (isObject(first) && typeof first.message === 'string') return first.message;
  } catch {
    const match = /<message><!\[CDATA\[(.*?)\]\]><\/message>/s.exec(text);
    if (match) return match[1];
  }
  return undefined;
}

export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'product'
  );
}

export function encodeCursor(cursor: OrdersCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(text: string): OrdersCursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (isObject(cursor) && typeof cursor.since === 'string' && Array.isArray(cursor.seen)) {
      return { since: cursor.since, seen: cursor.seen.map(String) };
    }
  } catch {
    // falls through
  }
  throw new ShopApiError('prestashop: the order cursor is not one this client made', {
    platform: 'prestashop',
    method: 'GET',
    path: '/api/orders',
    status: 400,
  });
}
