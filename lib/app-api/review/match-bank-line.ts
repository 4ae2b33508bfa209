import { z } from 'zod';
import {
  LedgerAccount,
  RelationNumber,
  toFieldIssues,
  VatCode,
  withoutNulls,
} from '../../../events/index.ts';
import type { DocumentRecord } from '../../documents/index.ts';
import { BankMatchCorrection } from '../../partner-api/correction.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import { type HttpResponse, jsonResponse } from '../../partner-api/http.ts';
import type { AppRouteContext } from '../app-route.ts';
import { jsonBody } from '../json-body.ts';
import { recordCorrection } from './correction-recording.ts';
import { reviewKindOf } from './review-item.ts';
import { documentStatusConflict, wrongKind } from './review-problems.ts';
import type { ReviewServices } from './review-services.ts';

const OpenItemDecision = z
  .object({
    openItem: z
      .object({ relationNumber: RelationNumber, invoiceNumber: z.string().min(1).max(40) })
      .strict()
      .describe('the open invoice the line pays'),
  })
  .strict();
const LedgerDecision = z
  .object({ ledgerAccount: LedgerAccount.describe('grootboekrekening'), vatCode: VatCode.optional() })
  .strict();

export const MatchBankLineBody = z
  .object({
    decision: z.union([OpenItemDecision, LedgerDecision]),
    note: z.string().max(500).optional().describe('why, for the record'),
  })
  .strict();
export type MatchBankLineBody = z.infer<typeof MatchBankLineBody>;

interface BankProposal {
  relationNumber?: string;
  ledgerAccount?: string;
  matches?: Array<{ invoiceNumber?: string }>;
}

/** Whether the person chose what the matcher proposed (a confirmation) or something else (a correction). */
function confirms(decision: MatchBankLineBody['decision'], proposal: BankProposal | undefined): boolean {
  if (!proposal) return false;
  if ('openItem' in decision) {
    return (
      proposal.relationNumber === decision.openItem.relationNumber &&
      (proposal.matches ?? []).some((m) => m.invoiceNumber === decision.openItem.invoiceNumber)
    );
  }
  return proposal.ledgerAccount !== undefined && proposal.ledgerAccount === decision.ledgerAccount;
}

/**
 * POST /v1/app/review/{id}/match: a bank line waiting for review is matched to an open invoice or booked on
 * a ledger account. It is the same correction as POST /v1/corrections kind `bank-match`: the matcher's
 * memory learns it and the line is booked (the bank connector publishes its booking, id from the line's
 * import id); the correction is stored whatever came of it.
 */
export async function matchBankLine(
  ctx: AppRouteContext,
  services: ReviewServices,
  record: DocumentRecord,
): Promise<HttpResponse> {
  const body = jsonBody(ctx);
  const parsed = MatchBankLineBody.safeParse(withoutNulls(body));
  if (!parsed.success) {
    throw new HttpProblem(
      400,
      'Bad Request',
      'the match is invalid',
      toFieldIssues(parsed.error, withoutNulls(body), body),
    );
  }
  if (reviewKindOf(record) !== 'bank-line') throw wrongKind(record, 'bank-line');
  if (record.status !== 'review') throw documentStatusConflict(record, ['review']);
  const { decision, note } = parsed.data;
  const importId = (record.result as { importId: string }).importId;
  const correction = BankMatchCorrection.parse({
    kind: 'bank-match',
    administration: record.administration,
    importId,
    decision: confirms(decision, record.proposal as BankProposal | undefined) ? 'confirm' : 'correct',
    ...('openItem' in decision
      ? {
          relationNumber: decision.openItem.relationNumber,
          invoiceNumbers: [decision.openItem.invoiceNumber],
        }
      : {
          ledgerAccount: decision.ledgerAccount,
          ...(decision.vatCode ? { vatCode: decision.vatCode } : {}),
        }),
    correctedBy: ctx.user.username.slice(0, 100),
    ...(note ? { note } : {}),
  });
  const stored = await recordCorrection(
    ctx,
    services,
    { administration: record.administration, documentId: record.id, documentType: record.type },
    correction,
  );
  if (stored.outcome.status === 'refused') {
    throw new HttpProblem(
      400,
      'Bad Request',
      `the match cannot be applied: ${stored.outcome.message ?? 'refused'}`,
      [
        {
          path: `decision.${stored.outcome.field ?? 'openItem'}`,
          rule: 'correction-refused',
          message: stored.outcome.message ?? 'refused',
        },
      ],
      {},
      { extra: { correction: stored } },
    );
  }
  const after = await services.documents.get(record.id);
  return jsonResponse(202, {
    documentId: record.id,
    status: after?.status ?? record.status,
    correction: {
      status: stored.outcome.status,
      ...(stored.outcome.message ? { message: stored.outcome.message } : {}),
    },
  });
}
