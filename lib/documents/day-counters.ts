import { COUNTED_STATUSES, type CountedStatus, countsPartition } from './document-index.ts';
import type { DocumentRecord, DocumentStatus } from './document-record.ts';

/** One day's transitions into the counted statuses for one connector of one administration. */
export interface DayCount {
  date: string;
  connector: string;
  booked: number;
  review: number;
  rejected: number;
  failed: number;
}

/** The counter item of a day: `pk = COUNT#<adm>#<connector>#<date>`, `sk = COUNT`. */
export function counterKey(administration: string, connector: string, date: string) {
  return { pk: `COUNT#${administration}#${connector}#${date}`, sk: 'COUNT' };
}

/** The day a transition counts on: the UTC date of its time (ISO `YYYY-MM-DD`). */
export function counterDate(at: string | undefined, now: Date): string {
  const time = at ? Date.parse(at) : Number.NaN;
  return new Date(Number.isNaN(time) ? now.getTime() : time).toISOString().slice(0, 10);
}

export function isCountedStatus(status: DocumentStatus): status is CountedStatus {
  return (COUNTED_STATUSES as readonly string[]).includes(status);
}

/** An increment of one counter: how many records reached `status` on that day. */
export interface CounterIncrement {
  administration: string;
  connector: string;
  date: string;
  status: CountedStatus;
  by: number;
}

/**
 * Whether writing `next` over a record that counted `counted` before adds to a counter: a record counts
 * once per status, so a repeated transition to the same status (a retry, a redelivery) adds nothing.
 */
export function countingChange(
  next: DocumentRecord,
  counted: readonly DocumentStatus[] | undefined,
): { counted: DocumentStatus[]; status?: CountedStatus } {
  const before = Array.isArray(counted) ? counted.filter(isStatusString) : [];
  if (!isCountedStatus(next.status) || before.includes(next.status)) return { counted: before };
  return { counted: [...before, next.status], status: next.status };
}

function isStatusString(value: unknown): value is DocumentStatus {
  return typeof value === 'string';
}

/** Increments summed per counter item. */
export function sumIncrements(increments: CounterIncrement[]): CounterIncrement[] {
  const byKey = new Map<string, CounterIncrement>();
  for (const inc of increments) {
    const id = `${inc.administration}\u0000${inc.connector}\u0000${inc.date}\u0000${inc.status}`;
    const seen = byKey.get(id);
    if (seen) seen.by += inc.by;
    else byKey.set(id, { ...inc });
  }
  return [...byKey.values()];
}

/** The update that applies one increment (ADD; creates the item with its index keys if new). */
export function counterUpdate(tableName: string, inc: CounterIncrement) {
  return {
    TableName: tableName,
    Key: counterKey(inc.administration, inc.connector, inc.date),
    UpdateExpression:
      'SET administration = :adm, connector = :connector, #date = :date, gsiAdmPk = :gpk, gsiSk = :gsk ADD #n :by',
    ExpressionAttributeNames: { '#date': 'date', '#n': inc.status },
    ExpressionAttributeValues: {
      ':adm': inc.administration,
      ':connector': inc.connector,
      ':date': inc.date,
      ':gpk': countsPartition(inc.administration),
      ':gsk': `${inc.date}#${inc.connector}`,
      ':by': inc.by,
    },
  };
}
