import {
  BatchProcessor,
  EventType,
  processPartialResponse,
  SqsFifoPartialProcessorAsync,
} from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { connectorRuns, type RunContext, type RunWriter } from '../runs/index.ts';
import { errorMessage } from '../runtime/error-message.ts';
import type { Observability } from '../runtime/powertools.ts';
import type { TokenBucket } from '../runtime/rate-window/index.ts';
import { deliveryRunConnector } from './control-pager.ts';
import { type BackoffOptions, retryDelaySeconds } from './delivery-backoff.ts';
import { readQueueBody } from './delivery-body.ts';
import type { DeliveryRateOptions } from './delivery-rate.ts';
import type { DeliveryStore } from './delivery-store.ts';
import type {
  DeliveryControlMessage,
  DeliveryMessage,
  DeliveryOutcome,
  DeliveryTarget,
} from './delivery-target.ts';

/** The delivery records as the handler uses them. */
export type DeliveryRecords = Pick<DeliveryStore, 'get' | 'delivered' | 'failed' | 'retrying' | 'invalid'>;

/** Runs a full load or reconcile page (lib/outbound/full-load.ts, reconcile.ts). */
export interface ControlRunner {
  run(control: DeliveryControlMessage, context: { remainingMs(): number }): Promise<void>;
}

export interface DeliveryHandlerDeps {
  target: DeliveryTarget;
  store: DeliveryRecords;
  /** The target's rate limit, shared by every invocation (a DynamoTokenBucket in AWS). */
  limiter: TokenBucket;
  rate: DeliveryRateOptions;
  sqs: Pick<SQSClient, 'send'>;
  /** The target's delivery queue (for visibility changes of messages to retry). */
  queueUrl: string;
  /** The queue's redrive maxReceiveCount: a message failing at that count goes to the DLQ, its record failed. */
  maxReceiveCount: number;
  observability: Observability;
  /** Full loads and reconciles (FullLoad, Reconcile); a control message without its runner is recorded invalid. */
  controls?: Partial<Record<DeliveryControlMessage['control'], ControlRunner>>;
  runs?: RunWriter;
  backoff?: BackoffOptions;
  /** Longest wait for a rate-limit token inside the invocation; longer waits put the message back. Default 5 s. */
  maxTokenWaitMs?: number;
  clock?: () => Date;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Thrown for a message to be redelivered: the batch reports it failed, nothing else is logged as an error. */
class RetryLater extends Error {
  override readonly name = 'RetryLater';
}

/** What a thrown error tells about retrying: DeliveryError, ShopApiError and any error with `retryable`. */
function classify(error: unknown): {
  retryable: boolean;
  status?: number;
  answer?: string;
  retryAfterMs?: number;
} {
  const shaped = error as { retryable?: unknown; details?: Record<string, unknown> } | undefined;
  const details = shaped?.details ?? {};
  return {
    // Anything that does not say (a network error, a bug in the adapter) is retried, then failed in the DLQ.
    retryable: typeof shaped?.retryable === 'boolean' ? shaped.retryable : true,
    ...(typeof details.status === 'number' ? { status: details.status } : {}),
    ...(typeof details.answer === 'string' ? { answer: details.answer } : {}),
    ...(typeof details.retryAfterMs === 'number' ? { retryAfterMs: details.retryAfterMs } : {}),
  };
}

/**
 * The Lambda of one target's delivery queue: per message, a delivery (once per deliveryKey, under the target's
 * shared rate limit, retried with backoff and full jitter, failed with the target's answer when permanent or
 * when its retries are spent) or a full-load/reconcile control message. Bad bodies are recorded failed and
 * deleted; only messages to retry are reported as batch item failures.
 */
export function createDeliveryHandler(deps: DeliveryHandlerDeps) {
  const { logger, metrics } = deps.observability;
  const clock = deps.clock ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const target = deps.target;
  const fifo = deps.queueUrl.endsWith('.fifo');

  async function handleRecord(record: SQSRecord, context: Context, counts: Record<string, number>) {
    const count = (name: string) => {
      counts[name] = (counts[name] ?? 0) + 1;
    };
    const body = readQueueBody(record.body);
    const runner = body.kind === 'control' ? deps.controls?.[body.control.control] : undefined;
    if (body.kind === 'invalid' || (body.kind === 'control' && !runner)) {
      const reason =
        body.kind === 'invalid' ? body.reason : `control: ${target.name} takes no ${body.control.control}`;
      const administration =
        body.kind === 'invalid' ? (body.administration ?? '-') : body.control.administration;
      logger.error('delivery message refused', {
        messageId: record.messageId,
        reason,
        body: record.body.slice(0, 2000),
      });
      await deps.store.invalid(
        target.name,
        administration,
        record.messageId,
        { error: reason, answer: record.body },
        clock(),
      );
      count('invalid');
      return;
    }
    if (body.kind === 'control') {
      await (runner as ControlRunner).run(body.control, {
        remainingMs: () => context.getRemainingTimeInMillis(),
      });
      count(body.control.control);
      return;
    }
    const message = body.message;
    if (message.target !== target.name) {
      const reason = `target: this queue delivers to ${target.name}, the message names ${JSON.stringify(message.target.slice(0, 40))}`;
      await deps.store.invalid(
        target.name,
        message.administration,
        record.messageId,
        { error: reason },
        clock(),
      );
      count('invalid');
      return;
    }
    if (await alreadyDone(message)) {
      count('duplicate');
      return;
    }
    await takeToken(record, context);
    const receives = Number(record.attributes.ApproximateReceiveCount ?? '1') || 1;
    let outcome: DeliveryOutcome;
    try {
      outcome = await target.deliver(message, { remainingMs: () => context.getRemainingTimeInMillis() });
    } catch (error) {
      const failure = classify(error);
      const text = `${failure.status ? `HTTP ${failure.status}: ` : ''}${errorMessage(error)}`;
      const answer = failure.answer ? { answer: failure.answer } : {};
      if (!failure.retryable) {
        await deps.store.failed(message, { error: text, ...answer }, clock());
        logger.warn('delivery refused by the target', {
          deliveryKey: message.deliveryKey,
          key: message.event.key,
          error: text,
        });
        count('failed');
        return;
      }
      if (receives >= deps.maxReceiveCount) {
        await deps.store.failed(
          message,
          { error: `retries spent (${receives} attempts): ${text}`, ...answer },
          clock(),
        );
        logger.error('delivery failed for good; the message goes to the DLQ', {
          deliveryKey: message.deliveryKey,
          error: text,
        });
        count('failed');
        throw new RetryLater(text);
      }
      await deps.store.retrying(message, { error: text, ...answer }, clock());
      await putBack(record, retryDelaySeconds(receives, failure.retryAfterMs, deps.backoff, deps.random));
      count('retry');
      throw new RetryLater(text);
    }
    await deps.store.delivered(message, outcome, clock());
    count(outcome.status);
  }

  /** Already delivered (or skipped) with this content: an SQS redelivery or a second routing. */
  async function alreadyDone(message: DeliveryMessage): Promise<boolean> {
    const record = await deps.store.get(
      message.administration,
      target.name,
      message.event.type,
      message.event.key,
    );
    if (!record) return false;
    if (record.deliveryKey !== message.deliveryKey) {
      // A newer change of the record is recorded: delivering this older one would undo it at the target.
      return record.occurredAt !== undefined && record.occurredAt > message.event.occurredAt;
    }
    if (record.status !== 'delivered' && record.status !== 'skipped') return false;
    // A reconcile found the target without this content: deliver again unless that happened since.
    if (message.mode === 'reconcile')
      return (record.deliveredAt ?? record.lastAttemptAt ?? '') >= message.event.occurredAt;
    return true;
  }

  /** One token of the target's budget; waits for it when that is short, else puts the message back. */
  async function takeToken(record: SQSRecord, context: Context): Promise<void> {
    const maxWait = deps.maxTokenWaitMs ?? 5_000;
    for (;;) {
      const take = await deps.limiter.take({
        key: `delivery#${target.name}`,
        burst: deps.rate.burst,
        intervalMs: deps.rate.intervalMs,
        nowMs: clock().getTime(),
      });
      if (take.granted) return;
      if (take.waitMs > maxWait || take.waitMs > context.getRemainingTimeInMillis() - 10_000) {
        await putBack(record, retryDelaySeconds(1, take.waitMs, { baseMs: 1_000 }, deps.random));
        throw new RetryLater(`rate limit of ${target.name}: next token in ${take.waitMs} ms`);
      }
      await sleep(take.waitMs);
    }
  }

  async function putBack(record: SQSRecord, seconds: number): Promise<void> {
    try {
      await deps.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: deps.queueUrl,
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: seconds,
        }),
      );
    } catch (error) {
      // The queue's own visibility timeout then decides when it comes back; the retry is not lost.
      logger.warn('visibility of a message to retry not changed', {
        messageId: record.messageId,
        error: errorMessage(error),
      });
    }
  }

  const handle = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const counts: Record<string, number> = {};
    const handleOne = async (record: SQSRecord) => {
      try {
        await handleRecord(record, context, counts);
      } catch (error) {
        if (!(error instanceof RetryLater))
          logger.error('delivery message not handled; it is retried', {
            messageId: record.messageId,
            error: errorMessage(error),
          });
        throw error;
      }
    };
    // FIFO: a record to retry holds back only its own group (its record), not the rest of the batch.
    const response = fifo
      ? await processPartialResponse(event, handleOne, new SqsFifoPartialProcessorAsync(), {
          context,
          throwOnFullBatchFailure: false,
          skipGroupOnError: true,
        })
      : await processPartialResponse(event, handleOne, new BatchProcessor(EventType.SQS), {
          context,
          throwOnFullBatchFailure: false,
          processInParallel: false,
        });
    (context as RunContext).runCounts = counts;
    for (const [name, value] of Object.entries(counts))
      metrics.addMetric(`Deliveries_${name}`, MetricUnit.Count, value);
    return response;
  };

  return middy(handle)
    .use(
      connectorRuns({
        connector: deliveryRunConnector(target.name),
        runs: deps.runs,
        log: (level, message, details) => logger[level](message, details ?? {}),
      }),
    )
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(logMetrics(metrics));
}
