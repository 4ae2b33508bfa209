import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  eventId,
  type JournalEntryBook,
  JournalEntryBook as JournalEntryBookSchema,
  type JournalLine,
  type NormalizedEvent,
  SCHEMA_VERSION,
  toFieldIssues,
  validateEvent,
  withoutNulls,
} from '../../../events/index.ts';
import type { DocumentRecord } from '../../documents/index.ts';
import { INVOICE_CONNECTOR } from '../../invoices/index.ts';
import type { CorrectionRecord } from '../../partner-api/correction.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import { type HttpResponse, jsonResponse } from '../../partner-api/http.ts';
import type { AppRouteContext } from '../app-route.ts';
import { jsonBody } from '../json-body.ts';
import { recordCorrection } from './correction-recording.ts';
import { publishOne } from './publish-one.ts';
import { documentStatusConflict, wrongKind } from './review-problems.ts';
import type { ReviewServices } from './review-services.ts';

export const BookInvoiceBody = z
  .object({
    booking: JournalEntryBookSchema.describe('the boekstuk as the person confirmed or corrected it'),
    learn: z.boolean().optional().describe('remember a changed ledger account / cost centre (default true)'),
  })
  .strict();

/**
 * The invoice connector's source id of an invoice's booking: the same the connector would have used had the
 * file not needed review, so the invoice is booked once however it gets there (process-invoice's
 * `${direction}:${dedupKey ?? documentId}`, bounded to 200 characters the same way).
 */
export function invoiceBookingExternalId(record: DocumentRecord): string {
  const result = (record.result ?? {}) as { direction?: unknown; dedupKey?: unknown };
  const direction = result.direction === 'sales' ? 'sales' : 'purchase';
  const key = typeof result.dedupKey === 'string' && result.dedupKey !== '' ? result.dedupKey : record.id;
  const id = `${direction}:${key}`;
  return id.length <= 200
    ? id
    : `${id.slice(0, 150)}#${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}

/** The line a ledger choice is about: the first without a relation and that is not a VAT line. */
function costLine(entry: JournalEntryBook | undefined): JournalLine | undefined {
  return entry?.lines.find((l) => !l.relationNumber && !l.relationRef && l.vatBaseCents === undefined);
}

function relationNumberOf(entry: JournalEntryBook): string | undefined {
  return entry.lines.find((l) => l.relationNumber)?.relationNumber;
}

/**
 * POST /v1/app/review/{id}/book: an invoice file waiting for review is booked as the person says. The
 * booking goes to the writer as a `journal-entry.book` event of the invoice connector whose id derives from
 * the file (a second click, or the connector later, books nothing twice); the file moves on to `queued`
 * with the event linked; a ledger account or cost centre other than proposed becomes an `invoice-ledger`
 * correction the connector learns from (unless `learn` is false).
 */
export async function bookInvoice(
  ctx: AppRouteContext,
  services: ReviewServices,
  record: DocumentRecord,
): Promise<HttpResponse> {
  const body = jsonBody(ctx);
  const parsed = BookInvoiceBody.safeParse(withoutNulls(body));
  if (!parsed.success) {
    throw new HttpProblem(
      400,
      'Bad Request',
      'the booking is invalid',
      toFieldIssues(parsed.error, withoutNulls(body), body),
    );
  }
  const { booking, learn } = parsed.data;
  if (record.kind !== 'file' || record.source.connector !== INVOICE_CONNECTOR)
    throw wrongKind(record, 'invoice');
  const source = {
    connector: INVOICE_CONNECTOR,
    externalId: invoiceBookingExternalId(record),
    ...(record.source.document ? { document: record.source.document } : {}),
  };
  const id = eventId(services.tenant, source.connector, source.externalId, 'journal-entry.book');
  if (record.status !== 'review') {
    // Booked from here before (or by the connector): the same answer again, nothing sent twice.
    if (record.eventIds?.includes(id) && record.status !== 'rejected')
      return jsonResponse(200, { documentId: record.id, eventId: id, status: record.status });
    throw documentStatusConflict(record, ['review']);
  }
  const checked = validateEvent({
    id,
    tenant: services.tenant,
    administration: record.administration,
    type: 'journal-entry.book',
    schemaVersion: SCHEMA_VERSION,
    occurredAt: ctx.now.toISOString(),
    source,
    data: booking,
  });
  if (!checked.ok) {
    throw new HttpProblem(
      400,
      'Bad Request',
      'the booking does not form a valid event',
      checked.issues.map((i) => ({ ...i, path: i.path.replace(/^data/, 'booking') })),
    );
  }
  const event: NormalizedEvent = checked.value;
  const status = await publishOne(services, event, 'booking');
  const relationNumber = relationNumberOf(booking);
  const relationKey = record.relationKey ?? (relationNumber ? `rel:${relationNumber}` : undefined);
  await services.links?.link(event.id, record.id, relationKey ?? null);
  const eventIds = [...new Set([...(record.eventIds ?? []), event.id])];
  await services.documents.transition(
    record.id,
    'queued',
    { eventIds },
    `booked from review by ${ctx.user.username}`.slice(0, 1000),
  );
  const correction =
    learn === false ? undefined : await learnLedgerChoice(ctx, services, record, booking, relationKey);
  return jsonResponse(202, {
    documentId: record.id,
    eventId: event.id,
    status: status === 'queued' ? 'queued' : status,
    ...(correction
      ? {
          correction: {
            status: correction.outcome.status,
            ...(correction.outcome.message ? { message: correction.outcome.message } : {}),
          },
        }
      : {}),
  });
}

/** A ledger account / cost centre other than the proposal's becomes a correction; the same one is none. */
async function learnLedgerChoice(
  ctx: AppRouteContext,
  services: ReviewServices,
  record: DocumentRecord,
  booking: JournalEntryBook,
  relationKey: string | undefined,
): Promise<CorrectionRecord | undefined> {
  const chosen = costLine(booking);
  if (!chosen || !relationKey) return undefined;
  const proposed = costLine(record.proposal as JournalEntryBook | undefined);
  const ledgerChanged = chosen.ledgerAccount !== proposed?.ledgerAccount;
  const costCentreChanged = chosen.costCentre !== undefined && chosen.costCentre !== proposed?.costCentre;
  if (!ledgerChanged && !costCentreChanged) return undefined;
  return recordCorrection(
    ctx,
    services,
    { administration: record.administration, documentId: record.id, documentType: record.type, relationKey },
    {
      kind: 'invoice-ledger',
      documentId: record.id,
      ...(ledgerChanged ? { ledgerAccount: chosen.ledgerAccount } : {}),
      ...(chosen.costCentre ? { costCentre: chosen.costCentre } : {}),
      relationKey: relationKey.slice(0, 120),
      correctedBy: ctx.user.username.slice(0, 100),
      note: 'booked from the review queue',
    },
  );
}
