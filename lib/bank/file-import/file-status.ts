import type { DocumentStatus } from '../../documents/index.ts';
import type { BankImportSummary } from '../stores/index.ts';

/** The file's status from what happened to its statements and lines. */
export function fileStatus(summary: BankImportSummary, parseErrors: number): DocumentStatus {
  const { counts } = summary;
  if (counts.statements === 0 || counts.statements === counts.rejectedStatements) return 'rejected';
  if (
    counts.proposals + counts.none + counts.rejectedStatements + counts.conflicts > 0 ||
    parseErrors > 0 ||
    summary.problems.length > 0
  )
    return 'review';
  if (summary.eventIds.length === 0 && counts.alreadyHandled > 0) return 'duplicate';
  return summary.eventIds.length > 0 ? 'queued' : 'booked';
}
