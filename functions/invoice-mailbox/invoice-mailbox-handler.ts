import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import {
  type FailedMailboxRecord,
  type IntakeOutcome,
  type MailboxObject,
  MailboxRecordsFailedError,
} from '../../lib/intake/index.ts';
import { connectorRuns, countByStatus, type RunWriter } from '../../lib/runs/index.ts';
import type { Observability } from '../../lib/runtime/powertools.ts';

export interface InvoiceMailboxHandlerDeps {
  /** Where every invocation is recorded as a run (the web app's Runs); none in tests that do not look. */
  runs?: RunWriter;
  observability: Observability;
  /** Built once per invocation, so the CASH mirror is read at most once per administration per invocation. */
  intake: () => Promise<{ receive(object: MailboxObject): Promise<IntakeOutcome> }>;
}

export interface InvoiceMailboxResult {
  outcomes: IntakeOutcome[];
  failed: FailedMailboxRecord[];
}

/**
 * The invoice-mailbox Lambda: S3 ObjectCreated records processed one by one. A bad file ends as a document
 * (rejected / review / duplicate) and never fails the invocation; a record that fails for infrastructure
 * reasons does not stop the others, and is reported at the end by throwing, so Lambda's asynchronous retry
 * (then the function's DLQ) takes the event again — the files already done are idempotent to redo.
 */
export function createInvoiceMailboxHandler(deps: InvoiceMailboxHandlerDeps) {
  const { logger, metrics, tracer } = deps.observability;

  const handle = async (event: S3Event): Promise<InvoiceMailboxResult> => {
    const records = (event?.Records ?? []).filter((r) => r?.s3?.object?.key && r.s3.bucket?.name);
    const intake = await deps.intake();
    const outcomes: IntakeOutcome[] = [];
    const failed: InvoiceMailboxResult['failed'] = [];
    for (const record of records) {
      const object: MailboxObject = {
        bucket: record.s3.bucket.name,
        rawKey: record.s3.object.key,
        eventTime: record.eventTime ?? new Date().toISOString(),
      };
      try {
        const outcome = await intake.receive(object);
        outcomes.push(outcome);
        metrics.addMetric(`Files_${outcome.status}`, MetricUnit.Count, 1);
        metrics.addMetric('EventsPublished', MetricUnit.Count, outcome.eventIds.length);
        if (outcome.handedOver?.length)
          metrics.addMetric('BankStatementsHandedOver', MetricUnit.Count, outcome.handedOver.length);
        const level = outcome.status === 'rejected' ? 'warn' : 'info';
        logger[level]('mailbox file taken in', { ...outcome });
      } catch (error) {
        failed.push({ key: object.rawKey, error: error instanceof Error ? error.message : String(error) });
        metrics.addMetric('FilesFailed', MetricUnit.Count, 1);
        logger.error('mailbox file failed; the event will be retried', { key: object.rawKey, error });
      }
    }
    if (failed.length > 0) throw new MailboxRecordsFailedError(failed);
    return { outcomes, failed };
  };

  return middy(handle)
    .use(
      connectorRuns({
        connector: 'invoice-mailbox',
        countsOf: (answer: InvoiceMailboxResult) => ({
          files: answer.outcomes.length,
          ...countByStatus(answer.outcomes),
        }),
        runs: deps.runs,
        log: (level, message, details) => logger[level](message, details ?? {}),
      }),
    )
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
