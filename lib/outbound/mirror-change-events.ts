import { createHash } from 'node:crypto';
import { ChangeEvent, type ChangeEventType } from '../../events/change-event.ts';
import type { MirrorKind } from '../mirror/index.ts';

/** The mirror list each change type is read from for a full load or reconcile; sales orders have none. */
export const MIRROR_KIND_OF: Readonly<Record<ChangeEventType, MirrorKind | undefined>> = {
  'relation.changed': 'relations',
  'article.changed': 'articles',
  'stock.changed': 'articles',
  'open-item.changed': 'openItems',
  'sales-order.changed': undefined,
};

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  return value;
}

/** SHA-256 hex of a record's canonical JSON (keys sorted, absent fields left out): its content hash. */
export function contentHashOf(data: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(data)))
    .digest('hex');
}

type Row = Record<string, unknown>;

const pick = (row: Row, fields: readonly string[]) =>
  Object.fromEntries(fields.filter((f) => row[f] !== undefined && row[f] !== null).map((f) => [f, row[f]]));

/** The change event's `data` of a mirror row, or undefined when the row has nothing of that type (no stock). */
function dataOf(type: ChangeEventType, row: Row): Row | undefined {
  switch (type) {
    case 'relation.changed':
      return pick(row, [
        'relationNumber',
        'name',
        'searchName',
        'iban',
        'vatId',
        'kvk',
        'email',
        'countryCode',
        'paymentDays',
      ]);
    case 'article.changed':
      return pick(row, ['code', 'description', 'group', 'gtin', 'salesPriceCents', 'vatCode', 'freeStock']);
    case 'stock.changed':
      return typeof row.freeStock === 'number' ? pick(row, ['code', 'freeStock']) : undefined;
    case 'open-item.changed': {
      const data = pick(row, [
        'relationNumber',
        'relationName',
        'invoiceNumber',
        'invoiceDate',
        'dueDate',
        'amountCents',
        'outstandingCents',
        'paymentReference',
      ]);
      return { ...data, settled: row.outstandingCents === 0 };
    }
    case 'sales-order.changed':
      return undefined;
  }
}

export interface MirrorEventContext {
  tenant: string;
  administration: string;
  origin: 'full-load' | 'reconcile';
  /** The run that reads the mirror: part of each event's id. */
  runId: string;
  at: Date;
}

/**
 * A mirror row as the change event a full load or reconcile sends: `created`, origin the run's kind, the
 * content hash over the event's data. `error` names the field and rule when the row is not a valid event.
 */
export function changeEventOfMirrorRow(
  type: ChangeEventType,
  key: string,
  row: Row,
  context: MirrorEventContext,
): { event?: ChangeEvent; error?: string } {
  const data = dataOf(type, row);
  if (!data) return {};
  const id = createHash('sha256').update(`${context.runId}|${type}|${key}`).digest('hex').slice(0, 32);
  const parsed = ChangeEvent.safeParse({
    id: `chg_${id}`,
    tenant: context.tenant,
    administration: context.administration,
    schemaVersion: 1,
    occurredAt: context.at.toISOString(),
    key,
    change: 'created',
    contentHash: contentHashOf(data),
    origin: context.origin,
    type,
    data,
  });
  if (parsed.success) return { event: parsed.data };
  const issue = parsed.error.issues[0];
  const shown = JSON.stringify(key.slice(0, 40));
  return {
    error: `${type} ${shown}: ${issue?.path.join('.') || '(record)'}: ${issue?.message ?? 'invalid'}`,
  };
}
