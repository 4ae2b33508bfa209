import type { DocumentError } from '../documents/index.ts';
import type { Direction, InvoiceResult } from '../invoices/index.ts';

/** Findings kept on a document; a pathological file must not push the record past DynamoDB's 400 KB. */
export const MAX_FINDINGS = 200;

/** What a file's document shows of the invoice found in it. */
export function invoiceSummary(
  result: InvoiceResult,
  direction: Direction,
  attachments: Record<string, unknown>[],
): Record<string, unknown> {
  return {
    direction,
    source: result.source,
    profile: result.profile,
    documentType: result.documentType,
    invoiceNumber: result.invoiceNumber,
    issueDate: result.issueDate,
    currency: result.currency,
    party: result.party,
    totals: result.totals,
    vatBreakdown: result.vatBreakdown,
    findings: result.findings
      .slice(0, MAX_FINDINGS)
      .map((f) => ({ ...f, message: f.message.slice(0, 1000) })),
    reviewReasons: result.reviewReasons,
    dedupKey: result.dedupKey,
    duplicateOf: result.duplicateOf,
    attachments,
  };
}

/** The fatal findings of a rejected invoice as the document's errors. */
export function fatalFindingErrors(result: InvoiceResult): DocumentError[] {
  return result.findings
    .filter((f) => f.severity === 'fatal')
    .slice(0, MAX_FINDINGS)
    .map((f): DocumentError => ({ source: 'validation', rule: f.rule, message: f.message, path: f.path }));
}
