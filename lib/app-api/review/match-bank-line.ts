import { z } from 'zod';
import {
  LedgerAccount,
  RelationNumber,
  toFieldIssues,
  VatCode,
  withoutNulls,
} from '../../../events/index.ts';
import type { DocumentRecord } from '../../documents/index.ts';
import { BankRuleInput, bankRuleView } from '../../partner-api/bank-rules.ts';
import { BankMatchCorrection } from '../../partner-api/correction.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import { type HttpResponse, jsonResponse } from '../../partner-api/http.ts';
import type { AppRouteContext } from '../app-route.ts';
import { addUserRule, checkedUserRule, type UserRuleDraft } from '../bank-rules/user-rule-creation.ts';
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
    makeRule: BankRuleInput.optional().describe(
      "a bank rule for lines like this one, made after the match in the administration's bank rules",
    ),
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
  const { decision, note, makeRule } = parsed.data;
  // The rule is checked before anything happens: a rule that cannot be made leaves the line as it was.
  const rule = makeRule ? await ruleToMake(ctx, services, record.administration, makeRule) : undefined;
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
  const made = rule ? await madeRule(ctx, services, record.administration, rule) : undefined;
  return jsonResponse(202, {
    documentId: record.id,
    status: after?.status ?? record.status,
    correction: {
      status: stored.outcome.status,
      ...(stored.outcome.message ? { message: stored.outcome.message } : {}),
    },
    ...made,
  });
}

const AT = 'makeRule.';

/** The rule as it will be made: target known to CASH, no other rule of the person on the same conditions. */
async function ruleToMake(
  ctx: AppRouteContext,
  services: ReviewServices,
  administration: string,
  input: BankRuleInput,
): Promise<UserRuleDraft> {
  const store = services.bankRules;
  if (!store)
    throw new HttpProblem(
      503,
      'Service Unavailable',
      'bank rules cannot be made here; match without makeRule',
      [{ path: 'makeRule', rule: 'bank-rules-unavailable', message: 'no bank rule store is configured' }],
    );
  const draft = await checkedUserRule(store, administration, input, AT);
  const { memory } = await store.load(administration);
  addUserRule(memory, draft, ctx.now.toISOString(), AT);
  return draft;
}

/**
 * The rule made through the bank rules' own store after the match. The line is matched by then, so a rule
 * that cannot be made after all (someone made a clashing rule in between) is answered beside the match as
 * `ruleProblem`, not as a failure of the match.
 */
async function madeRule(
  ctx: AppRouteContext,
  services: ReviewServices,
  administration: string,
  draft: UserRuleDraft,
): Promise<{ rule: Record<string, unknown> } | { ruleProblem: Record<string, unknown> }> {
  const store = services.bankRules as NonNullable<ReviewServices['bankRules']>;
  try {
    const result = await store.change(administration, (memory) =>
      addUserRule(memory, draft, ctx.now.toISOString(), AT),
    );
    return {
      rule: {
        ...bankRuleView(administration, result.value),
        memoryVersion: result.version,
        created: result.changed,
      },
    };
  } catch (error) {
    if (error instanceof HttpProblem)
      return {
        ruleProblem: { status: error.status, title: error.title, detail: error.detail, errors: error.errors },
      };
    services.onRuleError?.(error);
    return {
      ruleProblem: {
        status: 503,
        title: 'Service Unavailable',
        detail:
          'the line is matched, but the bank rule could not be saved now; make it on the Bank rules page',
        errors: [{ path: 'makeRule', rule: 'rule-not-saved', message: 'send the rule again' }],
      },
    };
  }
}
