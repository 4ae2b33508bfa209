import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { MirrorKind, MirrorSyncResult } from '../../lib/mirror/index.ts';
import type { Observability } from '../../lib/runtime/powertools.ts';

/** What EventBridge Scheduler sends (the schedule's input); all fields optional. */
export interface SyncRequest {
  administrations?: string[];
  kinds?: MirrorKind[];
}

export interface SyncHandlerDeps {
  observability: Observability;
  administrations: () => string[];
  sync: (administration: string, kinds?: MirrorKind[]) => Promise<MirrorSyncResult>;
}

/**
 * The scheduled CASH mirror refresh: one pass over the tenant's administrations. A failing administration
 * or record kind is reported and the others still refresh.
 */
export function createSyncHandler(deps: SyncHandlerDeps) {
  const { logger, metrics } = deps.observability;
  const handle = async (
    request: SyncRequest | null | undefined,
  ): Promise<{ results: MirrorSyncResult[] }> => {
    const wanted = request?.administrations?.length ? request.administrations : deps.administrations();
    const results: MirrorSyncResult[] = [];
    for (const administration of wanted) {
      try {
        const result = await deps.sync(administration, request?.kinds);
        results.push(result);
        for (const error of result.errors)
          logger.error('mirror kind not refreshed', { administration, ...error });
      } catch (error) {
        logger.error('mirror refresh failed', { administration, error });
        results.push({
          administration,
          syncedAt: new Date().toISOString(),
          counts: {} as MirrorSyncResult['counts'],
          errors: [{ kind: 'relations', message: String(error) }],
        });
      }
    }
    metrics.addMetric(
      'MirrorSyncErrors',
      MetricUnit.Count,
      results.reduce((n, r) => n + r.errors.length, 0),
    );
    return { results };
  };
  return middy(handle).use(injectLambdaContext(logger)).use(logMetrics(metrics));
}
