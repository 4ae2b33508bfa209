import { toFieldIssues } from '../../../events/index.ts';
import { mayReadDocument } from '../authorization.ts';
import { CorrectionInput, type CorrectionRecord } from '../correction.ts';
import { HttpProblem } from '../errors.ts';
import { type HttpResponse, jsonResponse } from '../http.ts';
import { documentLocation, type RouteContext } from './route-context.ts';

/** Invoices can be corrected while booked or waiting for a person; bank lines once booked or in review. */
const CORRECTABLE = new Set(['booked', 'review', 'queued', 'rejected', 'failed']);

/**
 * POST /v1/corrections: stores a person's correction of an invoice's ledger account / cost centre or of a
 * bank line's match, then lets the connectors' memories learn from it. 201 with the stored record.
 */
export async function postCorrection(body: unknown, ctx: RouteContext): Promise<HttpResponse> {
  const parsed = CorrectionInput.safeParse(body);
  if (!parsed.success) {
    throw new HttpProblem(400, 'Bad Request', 'the correction is invalid', toFieldIssues(parsed.error, body));
  }
  const correction = parsed.data;
  const document = await ctx.documents.get(correction.documentId);
  if (!document || !mayReadDocument(ctx.identity, document, ctx.scope)) {
    throw new HttpProblem(404, 'Not Found', `no document ${correction.documentId} for this API key`, [
      {
        path: 'documentId',
        rule: 'unknown-document',
        message: 'no such document for this API key',
        value: correction.documentId,
      },
    ]);
  }
  if (document.type !== 'journal-entry.book') {
    throw new HttpProblem(
      400,
      'Bad Request',
      'only bookings (journal-entry.book documents) can be corrected',
      [
        {
          path: 'documentId',
          rule: 'document-type',
          message: `document is a ${document.type}`,
          value: document.type,
        },
      ],
    );
  }
  if (!CORRECTABLE.has(document.status)) {
    throw new HttpProblem(
      409,
      'Conflict',
      `document ${document.id} is ${document.status}; it cannot be corrected now`,
      [
        {
          path: 'documentId',
          rule: 'document-status',
          message: `status ${document.status}`,
          value: document.status,
        },
      ],
    );
  }
  let relationKey: string | undefined;
  if (correction.kind === 'invoice-ledger') {
    const relationNumber = document.cash?.relationNumber ?? firstRelation(document.plan?.relationNumbers);
    relationKey = correction.relationKey ?? (relationNumber ? `rel:${relationNumber}` : undefined);
    if (!relationKey) {
      throw new HttpProblem(400, 'Bad Request', 'the relation to learn for is unknown; give relationKey', [
        {
          path: 'relationKey',
          rule: 'required',
          message: 'the document names no relation; give relationKey',
        },
      ]);
    }
  }
  const record: CorrectionRecord = {
    schemaVersion: 1,
    tenant: ctx.scope.tenant,
    administration: document.administration,
    documentId: document.id,
    documentType: document.type,
    recordedAt: ctx.now.toISOString(),
    recordedBy: { apiKeyId: ctx.identity.id, partner: ctx.identity.partner },
    correction,
    ...(relationKey ? { relationKey } : {}),
  };
  const stored = await ctx.corrections.add(record);
  const learnedBy: number[] = [];
  for (const [i, learner] of ctx.learners.entries()) {
    try {
      await learner.learn(stored);
      learnedBy.push(i);
    } catch (error) {
      ctx.onLearnError?.(error, stored);
    }
  }
  return jsonResponse(
    201,
    {
      ...stored,
      learned: learnedBy.length === ctx.learners.length,
      links: { document: documentLocation(document.id) },
    },
    {},
  );
}

function firstRelation(numbers: Record<string, string> | undefined): string | undefined {
  const values = Object.values(numbers ?? {});
  return values.length === 1 ? values[0] : undefined;
}
