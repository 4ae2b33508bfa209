import { createHash } from 'node:crypto';
import { ChangeEvent, type ChangeEventType } from '../../events/change-event.ts';
import type { MirrorKind } from '../mirror/index.ts';
import { CHANGE_PROJECTIONS, type ChangeProjection, projectionHash } from './feed/index.ts';

/** The mirror list each change type is read from for a full load or reconcile; sales orders have none. */
export const MIRROR_KIND_OF: Readonly<Record<ChangeEventType, MirrorKind | undefined>> = {
  'relation.changed': 'relations',
  'article.changed': 'articles',
  'stock.changed': 'articles',
  'open-item.changed': 'openItems',
  'sales-order.changed': undefined,
};

type Row = Record<string, unknown>;

/** The change feed's projection of a mirror row for one type (lib/outbound/feed), so both hash alike. */
function projectionOf(type: ChangeEventType): ChangeProjection | undefined {
  const kind = MIRROR_KIND_OF[type];
  return kind ? CHANGE_PROJECTIONS[kind]?.find((projection) => projection.type === type) : undefined;
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
 * A mirror row as the change event a full load or reconcile sends: `created`, origin the run's kind, data and
 * content hash as the change feed projects them (an article's hash leaves its stock out). `error` names the field and rule when the row is not a valid event.
 */
export function changeEventOfMirrorRow(
  type: ChangeEventType,
  key: string,
  row: Row,
  context: MirrorEventContext,
): { event?: ChangeEvent; error?: string } {
  const projection = projectionOf(type);
  const data = projection?.data(row, false);
  const hash = projection ? projectionHash(projection, row) : undefined;
  if (!data || !hash) return {};
  const id = createHash('sha256').update(`${context.runId}|${type}|${key}`).digest('hex').slice(0, 32);
  const parsed = ChangeEvent.safeParse({
    id: `chg_${id}`,
    tenant: context.tenant,
    administration: context.administration,
    schemaVersion: 1,
    occurredAt: context.at.toISOString(),
    key,
    change: 'created',
    contentHash: hash,
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
