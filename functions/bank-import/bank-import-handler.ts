import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import {
  BankApiPull,
  BankFileImport,
  type BankFileImportDeps,
  type BankFileResult,
  type BankPullRequest,
  type BankPullResult,
} from '../../lib/bank/file-import/index.ts';
import type { BankTransactionSource } from '../../lib/bank/stores/index.ts';
import { connectorRuns, countByStatus, type RunWriter } from '../../lib/runs/index.ts';
import { errorMessage } from '../../lib/runtime/error-message.ts';
import type { Observability } from '../../lib/runtime/powertools.ts';
import { decodeS3Key } from '../../lib/runtime/s3-event-key.ts';

export interface BankImportHandlerDeps extends Omit<BankFileImportDeps, 'log'> {
  /** Where every invocation is recorded as a run (the web app's Runs); none in tests that do not look. */
  runs?: RunWriter;
  observability: Observability;
  /** Bank API sources of an administration for scheduled pulls; none configured means nothing to pull. */
  sources?: (administration: string) => BankTransactionSource[];
}

/**
 * The bank-import Lambda: S3 records of the mailbox bucket go to the file import one by one, so a bad file
 * (recorded as rejected) never stops the others; when the storage around a file fails, the other files
 * still run and the invocation then fails so Lambda retries it. Scheduled invocations pull from the
 * configured bank API sources instead.
 */
export function createBankImportHandler(deps: BankImportHandlerDeps) {
  const { logger, metrics } = deps.observability;
  const log: BankFileImportDeps['log'] = (level, message, details) => logger[level](message, details ?? {});
  const files = new BankFileImport({ ...deps, log });
  const pulls = new BankApiPull({ ...deps, log });

  /** What a person reading the logs and the dashboard needs of one file. */
  function report(result: BankFileResult): void {
    if (result.status === 'ignored')
      logger.warn('not imported, ignored', { key: result.key, reason: result.message });
    if (!result.summary) return;
    const { counts } = result.summary;
    metrics.addMetric('BankStatementsRejected', MetricUnit.Count, counts.rejectedStatements);
    metrics.addMetric('BankLinesAuto', MetricUnit.Count, counts.auto);
    metrics.addMetric('BankLinesReview', MetricUnit.Count, counts.proposals + counts.none);
    logger.info('bank file imported', {
      key: result.key,
      documentId: result.documentId,
      status: result.status,
      counts,
    });
  }

  const handle = async (
    event: S3Event | BankPullRequest | null | undefined,
  ): Promise<{ files: BankFileResult[]; pulls: BankPullResult[] }> => {
    if (!event || !('Records' in event) || !Array.isArray(event.Records)) {
      return { files: [], pulls: await pulls.pull((event ?? {}) as BankPullRequest) };
    }
    const results: BankFileResult[] = [];
    const failed: string[] = [];
    for (const record of event.Records) {
      try {
        const result = await files.receive({
          bucket: record.s3.bucket.name,
          rawKey: record.s3.object.key,
          ...(record.eventTime ? { eventTime: record.eventTime } : {}),
        });
        report(result);
        results.push(result);
      } catch (error) {
        const key = decodeS3Key(record.s3?.object?.key ?? '');
        logger.error('bank file not processed', { key, error });
        failed.push(`${key}: ${errorMessage(error)}`);
        results.push({ key, status: 'error', message: errorMessage(error) });
      }
    }
    metrics.addMetric('BankFilesFailed', MetricUnit.Count, failed.length);
    if (failed.length > 0) {
      // Storage trouble, not bad content: fail the invocation so Lambda retries; every step is idempotent.
      throw new Error(`bank import failed for ${failed.length} file(s): ${failed.join('; ')}`);
    }
    return { files: results, pulls: [] };
  };

  return middy(handle)
    .use(
      connectorRuns({
        connector: 'bank-import',
        countsOf: (answer: Awaited<ReturnType<typeof handle>>) => ({
          files: answer.files.length,
          pulls: answer.pulls.length,
          ...countByStatus([...answer.files, ...answer.pulls]),
        }),
        runs: deps.runs,
        log: (level, message, details) => logger[level](message, details ?? {}),
      }),
    )
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
