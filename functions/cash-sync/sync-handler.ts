import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { MirrorKind, MirrorSyncOptions, MirrorSyncResult } from '../../lib/mirror/index.ts';
import { connectorRuns, type RunWriter } from '../../lib/runs/index.ts';
import type { Observability } from '../../lib/runtime/powertools.ts';

/** What EventBridge Scheduler sends (the schedule's input); all fields optional. */
export interface SyncRequest {
  administrations?: string[];
  kinds?: MirrorKind[];
  /**
   * Ledger balances: period range `from`/`to` (`YYYY-PP`, default the previous year's 00 to the current
   * year's 13), `periodsPerRequest`, `maxLines`, and the [I] readings `periodRubrieken`, `amountSign`, `record`.
   */
  ledgerBalances?: MirrorSyncOptions['ledgerBalances'];
}

export interface SyncHandlerDeps {
  /** Where every invocation is recorded as a run (the web app's Runs); none in tests that do not look. */
  runs?: RunWriter;
  observability: Observability;
  administrations: () => string[];
  sync: (
    administration: string,
    kinds?: MirrorKind[],
    options?: MirrorSyncOptions,
  ) => Promise<MirrorSyncResult>;
}

/** One administration's refresh as the handler answers it: the change events counted, not listed (they went to the delivery queues). */
export type SyncSummary = Omit<MirrorSyncResult, 'changes'> & { changed: number };

const summarize = ({ changes, ...rest }: MirrorSyncResult): SyncSummary => ({
  ...rest,
  changed: changes.length,
});

/**
 * The scheduled CASH mirror refresh: one pass over the tenant's administrations. A failing administration
 * or record kind is reported and the others still refresh.
 */
export function createSyncHandler(deps: SyncHandlerDeps) {
  const { logger, metrics } = deps.observability;
  const handle = async (request: SyncRequest | null | undefined): Promise<{ results: SyncSummary[] }> => {
    const wanted = request?.administrations?.length ? request.administrations : deps.administrations();
    const results: SyncSummary[] = [];
    for (const administration of wanted) {
      try {
        const result = await deps.sync(
          administration,
          request?.kinds,
          request?.ledgerBalances ? { ledgerBalances: request.ledgerBalances } : undefined,
        );
        results.push(summarize(result));
        for (const error of result.errors)
          logger.error('mirror kind not refreshed', { administration, ...error });
      } catch (error) {
        logger.error('mirror refresh failed', { administration, error });
        results.push({
          administration,
          syncedAt: new Date().toISOString(),
          counts: {} as MirrorSyncResult['counts'],
          errors: [{ kind: 'relations', message: String(error) }],
          changed: 0,
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
  return middy(handle)
    .use(
      connectorRuns({
        connector: 'cash-sync',
        countsOf: (answer: { results: SyncSummary[] }) => ({
          administrations: answer.results.length,
          failed: answer.results.filter((r) => r.errors.length > 0).length,
          changed: answer.results.reduce((n, r) => n + r.changed, 0),
        }),
        runs: deps.runs,
        log: (level, message, details) => logger[level](message, details ?? {}),
      }),
    )
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
