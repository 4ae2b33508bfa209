import type { DocumentRecord } from '../../documents/index.ts';
import { type HttpResponse, jsonResponse } from '../../partner-api/http.ts';
import type { ReceiptProposal } from '../../receipts/index.ts';
import { ADMINISTRATION_PARAM, administrationsToList, CONNECTOR_PARAM } from '../administration-scope.ts';
import type { AppRoute, AppRouteContext } from '../app-route.ts';
import { accessibleDocument } from '../document-access.ts';
import { indexQuery } from '../document-queries.ts';
import { QueryReader } from '../query-reader.ts';
import { bookInvoice } from './book-invoice.ts';
import { matchBankLine } from './match-bank-line.ts';
import { resendEvent } from './resend-event.ts';
import { reviewDetail } from './review-detail.ts';
import { REVIEW_KINDS, reviewItem, reviewKindOf } from './review-item.ts';
import type { ReviewServices } from './review-services.ts';

type Action = (
  ctx: AppRouteContext,
  services: ReviewServices,
  record: DocumentRecord,
) => Promise<HttpResponse>;

/** Te beoordelen: the queue, one item in detail, and what a person does with it (book, match, resend). */
export function reviewRoutes(services: ReviewServices): AppRoute[] {
  const act = (path: string, action: Action): AppRoute => ({
    method: 'POST',
    path: `/v1/app/review/{id}/${path}`,
    action: 'act',
    handle: async (ctx) =>
      action(
        ctx,
        services,
        await accessibleDocument(ctx, services.documents, services.tenant, ctx.params.id ?? '', 'act'),
      ),
  });
  return [
    { method: 'GET', path: '/v1/app/review', action: 'read', handle: (ctx) => listReview(ctx, services) },
    { method: 'GET', path: '/v1/app/review/{id}', action: 'read', handle: (ctx) => getReview(ctx, services) },
    act('book', bookInvoice),
    act('match', matchBankLine),
    act('resend', resendEvent),
  ];
}

async function listReview(ctx: AppRouteContext, services: ReviewServices): Promise<HttpResponse> {
  const query = new QueryReader(ctx.request.query);
  const administration = query.text('administration', 20, ADMINISTRATION_PARAM);
  const connector = query.text('connector', 40, CONNECTOR_PARAM);
  const kind = query.oneOf('kind', REVIEW_KINDS);
  const reason = query.text('reason', 100);
  const page = query.page();
  query.done();
  const administrations = administrationsToList(ctx, administration);
  if (administrations.length === 0) return jsonResponse(200, { items: [] });
  const found = await indexQuery(() =>
    services.queries.reviewQueue(
      {
        administrations,
        ...(connector ? { connector } : {}),
        ...(kind ? { kind } : {}),
        ...(reason ? { reason } : {}),
      },
      page,
    ),
  );
  const items = found.items
    .filter((r) => r.tenant === services.tenant && administrations.includes(r.administration))
    .map(reviewItem);
  return jsonResponse(200, { items, ...(found.nextCursor ? { nextCursor: found.nextCursor } : {}) });
}

async function getReview(ctx: AppRouteContext, services: ReviewServices): Promise<HttpResponse> {
  const record = await accessibleDocument(ctx, services.documents, services.tenant, ctx.params.id ?? '');
  const events =
    record.kind === 'file' && record.eventIds?.length
      ? [...(await services.documents.getMany(record.eventIds.slice(0, 100))).values()].filter(
          (e) => e.tenant === services.tenant && e.administration === record.administration,
        )
      : undefined;
  return jsonResponse(200, reviewDetail(record, events, await receiptProposalOf(services, record)));
}

/** A Bonnetje photo's OCR proposal, kept beside the document by the receipts route (same administration). */
async function receiptProposalOf(
  services: ReviewServices,
  record: DocumentRecord,
): Promise<ReceiptProposal | undefined> {
  if (!services.receiptRecords || reviewKindOf(record) !== 'invoice') return undefined;
  const receipt = await services.receiptRecords.get(record.id);
  return receipt && receipt.administration === record.administration ? receipt.proposal : undefined;
}
