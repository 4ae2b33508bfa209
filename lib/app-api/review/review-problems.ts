import type { DocumentRecord } from '../../documents/index.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import { reviewKindOf } from './review-item.ts';

/** The action is for another kind of document (booking a bank line, matching an invoice…). */
export function wrongKind(record: DocumentRecord, wanted: string): HttpProblem {
  const kind = reviewKindOf(record);
  return new HttpProblem(409, 'Conflict', `document ${record.id} is a ${kind}, not a ${wanted}`, [
    { path: 'id', rule: 'review-kind', message: `this action is for a ${wanted}`, value: kind },
  ]);
}

/** The document is no longer (or not) waiting for this action. */
export function documentStatusConflict(record: DocumentRecord, allowed: readonly string[]): HttpProblem {
  return new HttpProblem(
    409,
    'Conflict',
    `document ${record.id} is ${record.status}; the action needs ${allowed.join(' or ')}`,
    [{ path: 'id', rule: 'document-status', message: `status ${record.status}`, value: record.status }],
  );
}
