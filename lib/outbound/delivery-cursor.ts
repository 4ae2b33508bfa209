/**
 * The opaque paging cursor of the delivery list: the last sort key seen, base64url JSON. It carries sort keys
 * only; the partition always comes from the checked query, so a forged cursor can never reach another
 * administration's records.
 */
export interface DeliveryCursor {
  /** The record's `<type>#<key>` (also the status index's sort key). */
  sk: string;
}

export class DeliveryCursorError extends Error {
  override readonly name = 'DeliveryCursorError';
}

export function encodeDeliveryCursor(cursor: DeliveryCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeDeliveryCursor(raw: string): DeliveryCursor {
  let value: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,2000}$/.test(raw)) throw new Error('not base64url');
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new DeliveryCursorError('the cursor is not one this API handed out');
  }
  const { sk } = (value ?? {}) as Record<string, unknown>;
  if (typeof sk !== 'string' || sk.length === 0 || sk.length > 500)
    throw new DeliveryCursorError('the cursor is not one this API handed out');
  return { sk };
}
