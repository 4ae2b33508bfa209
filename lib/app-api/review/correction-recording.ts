import type { CorrectionInput, CorrectionRecord } from '../../partner-api/correction.ts';
import { CorrectionRefusedError } from '../../partner-api/errors.ts';
import type { AppRouteContext } from '../app-route.ts';
import type { ReviewServices } from './review-services.ts';

/** Who made a correction in the web app, in the record's `recordedBy` (the partner API puts its key there). */
export function recordedByUser(ctx: AppRouteContext): CorrectionRecord['recordedBy'] {
  return {
    apiKeyId: `user:${ctx.user.id}`.slice(0, 200),
    partner: `web-app:${ctx.user.username}`.slice(0, 200),
  };
}

/**
 * A person's correction, learned and stored the way POST /v1/corrections does it: each connector's memory
 * learns it (a refusal names the field; a failure leaves it to be learned again from the record), and it is
 * stored under `CORRECTION#<documentId>` whatever came of it, so nothing a person decided is lost.
 */
export async function recordCorrection(
  ctx: AppRouteContext,
  services: ReviewServices,
  target: { administration: string; documentId: string; documentType: string; relationKey?: string },
  correction: CorrectionInput,
): Promise<CorrectionRecord> {
  const draft = {
    schemaVersion: 1 as const,
    tenant: services.tenant,
    administration: target.administration,
    documentId: target.documentId,
    documentType: target.documentType,
    recordedAt: ctx.now.toISOString(),
    recordedBy: recordedByUser(ctx),
    correction,
    ...(target.relationKey ? { relationKey: target.relationKey } : {}),
  };
  let outcome: CorrectionRecord['outcome'] = { status: services.learners.length > 0 ? 'applied' : 'stored' };
  const results: Record<string, unknown>[] = [];
  for (const learner of services.learners) {
    try {
      const result = await learner.learn({ ...draft, outcome });
      if (result) results.push(result);
    } catch (error) {
      if (error instanceof CorrectionRefusedError) {
        outcome = { status: 'refused', field: error.field, message: error.message };
      } else {
        services.onLearnError?.(error, { ...draft, outcome });
        outcome = { status: 'failed', message: 'a connector could not learn the correction now' };
      }
      break;
    }
  }
  if (results.length > 0) outcome = { ...outcome, results };
  return services.corrections.add({ ...draft, outcome });
}
