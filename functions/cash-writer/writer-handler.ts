import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { connectorRuns, type RunContext, type RunWriter } from '../../lib/runs/index.ts';
import { unpackMessage } from '../../lib/runtime/event-batch-message.ts';
import type { Observability } from '../../lib/runtime/powertools.ts';
import type { CashWriter, EventOutcome } from '../../lib/writer/index.ts';

export interface WriterHandlerDeps {
  /** Where every invocation is recorded as a run (the web app's Runs); none in tests that do not look. */
  runs?: RunWriter;
  /** Builds (once per container) the writer; the lease of each claim is the invocation's remaining time. */
  writer: (context: Context) => Promise<CashWriter>;
  observability: Observability;
  /** The queue's redrive maxReceiveCount: a message failing at that count goes to the DLQ next. */
  maxReceiveCount?: number;
  /** Marks documents failed (retries spent) when their message is about to land in the DLQ. */
  markFailed?: (eventIds: string[], reason: string) => Promise<void>;
  /** CASH-call and limiter time since the last call (a CashCallMeter's `reset`), logged per batch. */
  cashTimings?: () => Record<string, number>;
}

/**
 * The CASH-writer Lambda: SQS FIFO batches in, one CASH import per administration out, partial batch
 * failures back so only messages with events left to retry are redelivered (and, after the redrive
 * limit, land in the DLQ with their document marked failed).
 */
export function createWriterHandler(deps: WriterHandlerDeps) {
  const { logger, metrics, tracer } = deps.observability;

  const handle = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const started = Date.now();
    deps.cashTimings?.();
    const writer = await deps.writer(context);
    const eventsByMessage = new Map<string, unknown[]>();
    const unreadable = new Set<string>();
    for (const record of event.Records) {
      try {
        eventsByMessage.set(record.messageId, unpackMessage(record.body));
      } catch (error) {
        // A body that is not JSON can never be booked; it is logged whole and acknowledged, not retried forever.
        logger.error('unreadable message body', {
          messageId: record.messageId,
          body: record.body.slice(0, 10_000),
          error,
        });
        unreadable.add(record.messageId);
        eventsByMessage.set(record.messageId, []);
      }
    }
    const outcomes = await writer.write([...eventsByMessage.values()].flat(), {
      leaseMs: context.getRemainingTimeInMillis(),
    });
    const byId = new Map(outcomes.map((o) => [o.id, o]));
    (context as RunContext).runCounts = { events: outcomes.length, ...countOutcomes(outcomes) };
    logTimings(event, outcomes, started);

    const failedMessages = new Set<string>();
    for (const [messageId, events] of eventsByMessage) {
      const retry = events.some((e) => byId.get((e as { id?: string }).id ?? '')?.outcome === 'retry');
      if (retry) failedMessages.add(messageId);
    }
    await markExhausted(
      event.Records.filter((r) => failedMessages.has(r.messageId)),
      eventsByMessage,
      byId,
    );
    const processor = new SqsFifoPartialProcessorAsync();
    return processPartialResponse(
      event,
      async (record: SQSRecord) => {
        if (failedMessages.has(record.messageId))
          throw new Error(`message ${record.messageId} has events to retry`);
        return record.messageId;
      },
      processor,
      { context, skipGroupOnError: true, throwOnFullBatchFailure: false },
    );
  };

  /** The last delivery of a message that fails again: its events are failed from now on, not silently queued. */
  async function markExhausted(
    records: SQSRecord[],
    eventsByMessage: Map<string, unknown[]>,
    byId: Map<string, EventOutcome>,
  ): Promise<void> {
    if (!deps.maxReceiveCount || !deps.markFailed) return;
    const limit = deps.maxReceiveCount;
    const last = records.filter((r) => Number(r.attributes.ApproximateReceiveCount) >= limit);
    const ids = last.flatMap((r) =>
      (eventsByMessage.get(r.messageId) ?? [])
        .map((e) => (e as { id?: string }).id ?? '')
        .filter((id) => byId.get(id)?.outcome === 'retry'),
    );
    if (ids.length === 0) return;
    const reasons = [...new Set(ids.map((id) => (byId.get(id) as { reason?: string }).reason))].join('; ');
    await deps.markFailed(ids, `retries spent, message moved to the dead-letter queue: ${reasons}`);
    logger.error('events failed for good; their message goes to the DLQ', { eventIds: ids, reasons });
  }

  /** Where the batch's time went: in the queue (sent → this invocation), in the writer, at CASH, in the limiter. */
  function logTimings(event: SQSEvent, outcomes: EventOutcome[], started: number): void {
    const sent = event.Records.map((r) => Number(r.attributes.SentTimestamp)).filter(Number.isFinite);
    logger.info('batch written', {
      events: outcomes.length,
      eventIds: outcomes.slice(0, 20).map((o) => o.id),
      queueWaitMs: sent.length > 0 ? started - Math.min(...sent) : undefined,
      writeMs: Date.now() - started,
      ...deps.cashTimings?.(),
    });
  }

  function countOutcomes(outcomes: EventOutcome[]): Record<EventOutcome['outcome'], number> {
    const counts: Record<EventOutcome['outcome'], number> = {
      booked: 0,
      duplicate: 0,
      rejected: 0,
      retry: 0,
    };
    for (const o of outcomes) counts[o.outcome]++;
    metrics.addMetric('EventsBooked', MetricUnit.Count, counts.booked);
    metrics.addMetric('EventsDuplicate', MetricUnit.Count, counts.duplicate);
    metrics.addMetric('EventsRejected', MetricUnit.Count, counts.rejected);
    metrics.addMetric('EventsRetried', MetricUnit.Count, counts.retry);
    if (counts.rejected > 0 || counts.retry > 0) {
      logger.warn('events not booked', {
        rejected: outcomes.filter((o) => o.outcome === 'rejected'),
        retry: outcomes
          .filter((o) => o.outcome === 'retry')
          .map((o) => ({ id: o.id, reason: (o as { reason: string }).reason })),
      });
    }
    return counts;
  }

  return middy(handle)
    .use(
      connectorRuns({
        connector: 'cash-writer',
        runs: deps.runs,
        log: (level, message, details) => logger[level](message, details ?? {}),
      }),
    )
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
