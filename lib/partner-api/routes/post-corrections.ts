import { toFieldIssues } from '../../../events/index.ts';
import { bankEntryDocumentId } from '../../bank/stores/index.ts';
import type { DocumentRecord } from '../../documents/index.ts';
import { mayReadDocument } from '../authorization.ts';
import { CorrectionInput, type CorrectionRecord } from '../correction.ts';
import { CorrectionRefusedError, HttpProblem } from '../errors.ts';
import { type HttpResponse, jsonResponse } from '../http.ts';
import { requireAdministration } from './administration-access.ts';
import { documentLocation, type RouteContext } from './route-context.ts';

/** The key the invoice connector learns under: recorded on the document, else its booked relation. */
function relationKeyOf(record: DocumentRecord): string | undefined {
  if (record.relationKey) return record.relationKey;
  const number = record.cash?.relationNumber ?? record.plan?.relationNumber;
  return number ? `rel:${number}` : undefined;
}

function notFound(path: string, id: string): HttpProblem {
  return new HttpProblem(404, 'Not Found', `no document ${id} for this API key`, [
    { path, rule: 'unknown-document', message: 'no such document for this API key', value: id },
  ]);
}

/**
 * POST /v1/corrections: a person's correction of an invoice's ledger account / cost centre, or a bank
 * line's confirmed or corrected match. The connectors learn from it (and the bank line is booked), and it is
 * stored under `CORRECTION#<documentId>` whatever came of it, so nothing a person decided is lost.
 * 201 applied; 202 stored but a connector failed (it can be learned again from the record); 400 refused.
 */
export async function postCorrection(body: unknown, ctx: RouteContext): Promise<HttpResponse> {
  const parsed = CorrectionInput.safeParse(body);
  if (!parsed.success) {
    throw new HttpProblem(400, 'Bad Request', 'the correction is invalid', toFieldIssues(parsed.error, body));
  }
  const correction = parsed.data;
  let documentId: string;
  let administration: string;
  let documentType = 'journal-entry.book';
  let relationKey: string | undefined;
  if (correction.kind === 'invoice-ledger') {
    const document = await ctx.documents.get(correction.documentId);
    if (!document || !mayReadDocument(ctx.identity, document, ctx.scope)) {
      throw notFound('documentId', correction.documentId);
    }
    if (document.status === 'duplicate') {
      throw new HttpProblem(409, 'Conflict', `document ${document.id} is a duplicate; correct the original`, [
        { path: 'documentId', rule: 'document-status', message: 'status duplicate', value: document.status },
      ]);
    }
    relationKey = correction.relationKey ?? relationKeyOf(document);
    if (!relationKey) {
      throw new HttpProblem(400, 'Bad Request', 'the relation to learn for is unknown; give relationKey', [
        {
          path: 'relationKey',
          rule: 'required',
          message: 'the document names no relation; give relationKey',
        },
      ]);
    }
    documentId = document.id;
    administration = document.administration;
    documentType = document.type;
  } else {
    administration = correction.administration;
    requireAdministration(
      ctx,
      administration,
      `the API key may not correct administration ${administration}`,
    );
    documentId = bankEntryDocumentId(ctx.scope.tenant, correction.importId);
    const document = await ctx.documents.get(documentId);
    if (document && !mayReadDocument(ctx.identity, document, ctx.scope))
      throw notFound('importId', correction.importId);
  }

  const results: Record<string, unknown>[] = [];
  let outcome: CorrectionRecord['outcome'] = { status: ctx.learners.length > 0 ? 'applied' : 'stored' };
  const draft = {
    schemaVersion: 1 as const,
    tenant: ctx.scope.tenant,
    administration,
    documentId,
    documentType,
    recordedAt: ctx.now.toISOString(),
    recordedBy: { apiKeyId: ctx.identity.id, partner: ctx.identity.partner },
    correction,
    ...(relationKey ? { relationKey } : {}),
  };
  for (const learner of ctx.learners) {
    try {
      const result = await learner.learn({ ...draft, outcome });
      if (result) results.push(result);
    } catch (error) {
      if (error instanceof CorrectionRefusedError) {
        outcome = { status: 'refused', field: error.field, message: error.message };
      } else {
        ctx.onLearnError?.(error, { ...draft, outcome });
        outcome = { status: 'failed', message: 'a connector could not learn the correction now' };
      }
      break;
    }
  }
  if (results.length > 0) outcome = { ...outcome, results };
  const stored = await ctx.corrections.add({ ...draft, outcome });
  const answer = { ...stored, links: { document: documentLocation(documentId) } };
  if (outcome.status === 'refused') {
    throw new HttpProblem(
      400,
      'Bad Request',
      `the correction cannot be applied: ${outcome.message}`,
      [
        {
          path: outcome.field ?? '(root)',
          rule: 'correction-refused',
          message: outcome.message ?? 'refused',
        },
      ],
      {},
      { extra: { correction: answer } },
    );
  }
  return jsonResponse(outcome.status === 'failed' ? 202 : 201, answer);
}
