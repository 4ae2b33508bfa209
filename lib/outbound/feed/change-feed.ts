import { ChangeEvent } from '../../../events/change-event.ts';
import { changeEventId } from '../../../events/change-event-id.ts';
import { CHANGE_PROJECTIONS, type ChangeProjection, projectionHash } from './change-projections.ts';
import { contentHash } from './content-hash.ts';

type Row = Record<string, unknown>;

/** A mirror row as stored: its sort key, its content and the hash of that content (absent on rows written before hashes). */
export interface StoredMirrorRow {
  key: string;
  row: Row;
  hash?: string;
}

/** Who the change events are for and where they were seen. */
export interface ChangeFeedContext {
  tenant: string;
  administration: string;
  origin: ChangeEvent['origin'];
  occurredAt: string;
}

/** A record whose change event would not validate: the row is mirrored all the same, the event is not sent. */
export interface ChangeProblem {
  key: string;
  type: ChangeEvent['type'];
  field: string;
  rule: string;
  value: string;
}

export interface MirrorRowDiff {
  /** Rows that are new, changed, or lack a stored hash: the only ones to write. */
  puts: Array<{ key: string; row: Row; hash: string }>;
  /** Keys of rows gone from the fresh list (and in scope). */
  deletes: string[];
  events: ChangeEvent[];
  problems: ChangeProblem[];
}

export interface DiffOptions {
  /** Without it the diff decides writes only (no tenant known, e.g. a tool that fills a mirror). */
  context?: ChangeFeedContext;
  /** Whether rows absent from `fresh` are gone (a full list) or just not mentioned (the writer's upsert). */
  freshIsComplete: boolean;
  /** Which existing keys a full list covers (a sync of part of a list, e.g. a period range). */
  inScope?: (key: string) => boolean;
}

const truncate = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/**
 * Compares the mirror's rows of one kind with a fresh read: which rows to write (hash changed), which to
 * delete, and the change events (created/updated/deleted per change event type the kind feeds). Pure.
 */
export function diffMirrorRows(
  kind: string,
  previous: ReadonlyMap<string, StoredMirrorRow>,
  fresh: readonly Row[],
  keyOf: (row: Row) => string,
  options: DiffOptions,
): MirrorRowDiff {
  const projections = CHANGE_PROJECTIONS[kind] ?? [];
  const diff: MirrorRowDiff = { puts: [], deletes: [], events: [], problems: [] };
  // The last row of a key wins (a batch write refuses the same key twice).
  const byKey = new Map<string, Row>();
  for (const row of fresh) byKey.set(keyOf(row), row);
  for (const [key, row] of byKey) {
    const before = previous.get(key);
    const hash = contentHash(row);
    if (before?.hash === hash) continue;
    diff.puts.push({ key, row, hash });
    if (!options.context) continue;
    for (const projection of projections) {
      const freshHash = projectionHash(projection, row);
      if (freshHash === undefined) continue;
      if (before && projectionHash(projection, before.row) === freshHash) continue;
      const data = projection.data(row, false);
      emit(diff, projection, options.context, key, before ? 'updated' : 'created', freshHash, data);
    }
  }
  if (!options.freshIsComplete) return diff;
  const inScope = options.inScope ?? (() => true);
  for (const [key, before] of previous) {
    if (byKey.has(key) || !inScope(key)) continue;
    diff.deletes.push(key);
    // A gone record is one event of the kind's first type (a deleted article has no stock to report).
    const projection = projections[0];
    if (!options.context || !projection) continue;
    const data = projection.data(before.row, true);
    // Hashed apart from the last update, so the deletion is not taken for a redelivery of it.
    emit(diff, projection, options.context, key, 'deleted', contentHash({ deleted: data }), data);
  }
  return diff;
}

function emit(
  diff: MirrorRowDiff,
  projection: ChangeProjection,
  context: ChangeFeedContext,
  key: string,
  change: ChangeEvent['change'],
  hash: string,
  data: Record<string, unknown> | undefined,
): void {
  const candidate = {
    id: changeEventId(context.tenant, context.administration, projection.type, key, hash),
    tenant: context.tenant,
    administration: context.administration,
    schemaVersion: 1,
    occurredAt: context.occurredAt,
    type: projection.type,
    key,
    change,
    contentHash: hash,
    origin: context.origin,
    data,
  };
  const parsed = ChangeEvent.safeParse(candidate);
  if (parsed.success) {
    diff.events.push(parsed.data);
    return;
  }
  for (const issue of parsed.error.issues) {
    const value = issue.path.reduce<unknown>(
      (at, step) => (at && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[step] : undefined),
      candidate,
    );
    diff.problems.push({
      key,
      type: projection.type,
      field: issue.path.join('.'),
      rule: issue.message,
      value: truncate(value),
    });
  }
}

/** A problem as one line for a sync's errors: field, rule and the value quoted. */
export function describeChangeProblem(problem: ChangeProblem): string {
  return `${problem.type} ${problem.key}: ${problem.field} ${problem.rule} (value ${problem.value})`;
}
