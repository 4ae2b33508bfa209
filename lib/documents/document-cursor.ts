import { DocumentQueryError } from './document-query-error.ts';

/**
 * Opaque page cursors: base64url JSON of the last key a page reached (`{ "k": "<createdAt>#<id>" }`, the
 * sort key every index shares). As sort keys are unique, one key positions every merged partition.
 */
const SORT_KEY = /^\d{4}-\d{2}-\d{2}T[0-9:.+\-Z]{1,40}#[!-~]{1,300}$/;
const MAX_CURSOR_LENGTH = 1000;

export function encodeCursor(sortKey: string): string {
  return Buffer.from(JSON.stringify({ k: sortKey }), 'utf8').toString('base64url');
}

/** The sort key in a cursor; a cursor that is not one of ours is a DocumentQueryError naming `cursor`. */
export function decodeCursor(cursor: unknown): string {
  const invalid = (why: string, cause?: unknown) =>
    new DocumentQueryError('cursor', 'invalid-cursor', why, cursor, cause ? { cause } : undefined);
  if (typeof cursor !== 'string' || cursor === '') throw invalid('a cursor is a non-empty string');
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalid('not a cursor this API gave out');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw invalid('not a cursor this API gave out', error);
  }
  const k = (parsed as { k?: unknown } | null)?.k;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.keys(parsed).length !== 1 ||
    typeof k !== 'string' ||
    !SORT_KEY.test(k)
  ) {
    throw invalid('not a cursor this API gave out');
  }
  return k;
}
