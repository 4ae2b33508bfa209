import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { errorMessage } from '../runtime/error-message.ts';
import type { Log } from '../runtime/log.ts';
import {
  boundedCounts,
  boundedErrors,
  type RunRecord,
  type RunStatus,
  type RunTrigger,
} from './run-record.ts';
import type { RunWriter } from './run-store.ts';
import { newRunId, triggerOf } from './run-trigger.ts';

/** The Lambda context as a handler sees it while a run is recorded: it may report counts and errors. */
export interface RunContext extends Context {
  /** What the handler handled (`{ files: 2, rejected: 1 }`); merged over what its answer shows. */
  runCounts?: Record<string, number>;
  /** Problems the handler met without failing (a file rejected, a source that did not answer). */
  runErrors?: string[];
  /** The run being recorded (set before the handler runs). */
  runId?: string;
}

export interface ConnectorRunsOptions {
  connector: string;
  /** Where runs are written; without one nothing is recorded (tests of handlers, tools). */
  runs?: RunWriter | undefined;
  /** Overrides the trigger the event's shape suggests. */
  trigger?: RunTrigger;
  /** Counts from the handler's answer (e.g. files by status), merged over the generic ones. */
  countsOf?: (response: never) => Record<string, number>;
  /** Where a failure to record is reported; recording never fails the invocation. */
  log?: Log;
  now?: () => Date;
}

interface RunState {
  record: RunRecord;
  started: number;
}

/** Counts the handler's answer shows: SQS partial batch failures, an answer's own `runCounts`. */
function countsOfResponse(response: unknown, records: number | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  if (records !== undefined) counts.records = records;
  if (response === null || typeof response !== 'object') return counts;
  const answer = response as { batchItemFailures?: unknown; runCounts?: unknown; statusCode?: unknown };
  if (Array.isArray(answer.batchItemFailures)) {
    counts.failed = answer.batchItemFailures.length;
    if (records !== undefined) counts.ok = Math.max(0, records - answer.batchItemFailures.length);
  }
  if (typeof answer.statusCode === 'number') counts[`status${Math.floor(answer.statusCode / 100)}xx`] = 1;
  if (answer.runCounts && typeof answer.runCounts === 'object')
    Object.assign(counts, boundedCounts(answer.runCounts as Record<string, unknown>));
  return counts;
}

function safeCounts(countsOf: (response: never) => Record<string, number>, response: unknown) {
  try {
    return countsOf(response as never);
  } catch {
    return {};
  }
}

/** How many items have each status: `[{ status: 'booked' }, { status: 'review' }]` → `{ booked: 1, review: 1 }`. */
export function countByStatus(items: readonly { status: string }[] | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items ?? []) counts[item.status] = (counts[item.status] ?? 0) + 1;
  return counts;
}

function statusOf(counts: Record<string, number>, errors: readonly string[]): RunStatus {
  if ((counts.failed ?? 0) > 0 || (counts.rejected ?? 0) > 0 || errors.length > 0) return 'partial';
  if ((counts.status5xx ?? 0) > 0) return 'failed';
  return 'ok';
}

/**
 * Middy middleware recording every invocation of a connector as a run (`RunStore`): the trigger from the
 * event's shape, the counts from what the handler answers (partial batch failures, `runCounts`) and what
 * it set on `context.runCounts`, errors cut short. Long runs (schedules, uploads, direct invokes) are
 * written as `running` first so the app shows them while they last; queue batches and HTTP requests only
 * when they end, so the booking path pays one write. A failure to record is logged, never thrown: the
 * invocation's own result or error is what Lambda gets. Use it first, so it sees the final answer.
 */
export function connectorRuns(
  options: ConnectorRunsOptions,
): MiddlewareObj<unknown, unknown, Error, Context> {
  const now = options.now ?? (() => new Date());
  const states = new WeakMap<object, RunState>();

  async function save(record: RunRecord): Promise<void> {
    if (!options.runs) return;
    try {
      await options.runs.save(record);
    } catch (error) {
      options.log?.('warn', 'run not recorded', {
        connector: record.connector,
        runId: record.id,
        status: record.status,
        error: errorMessage(error),
      });
    }
  }

  async function finish(request: { context: Context; response?: unknown }, error: unknown): Promise<void> {
    const state = states.get(request.context);
    if (!state) return;
    states.delete(request.context);
    const context = request.context as RunContext;
    const { record } = state;
    const counts = {
      ...countsOfResponse(request.response, record.counts.records),
      ...(options.countsOf && request.response !== undefined && error === undefined
        ? boundedCounts(safeCounts(options.countsOf, request.response))
        : {}),
      ...boundedCounts(context.runCounts ?? {}),
    };
    const errors = boundedErrors([
      ...(error === undefined ? [] : [errorMessage(error)]),
      ...(Array.isArray(context.runErrors) ? context.runErrors.map(String) : []),
    ]);
    const endedAt = now();
    await save({
      ...record,
      endedAt: endedAt.toISOString(),
      durationMs: Math.max(0, endedAt.getTime() - state.started),
      status: error === undefined ? statusOf(counts, errors) : 'failed',
      counts,
      errors,
    });
  }

  return {
    before: async (request) => {
      try {
        const info = triggerOf(request.event);
        const startedAt = now();
        const record: RunRecord = {
          id: info.runId ?? newRunId(),
          connector: options.connector,
          ...(info.administration ? { administration: info.administration } : {}),
          trigger: options.trigger ?? info.trigger,
          source: info.source,
          startedAt: startedAt.toISOString(),
          status: 'running',
          counts: info.records !== undefined ? { records: info.records } : {},
          errors: [],
          ...(request.context?.awsRequestId ? { requestId: request.context.awsRequestId } : {}),
        };
        const context = (request.context ?? {}) as RunContext;
        context.runId = record.id;
        states.set(context, { record, started: startedAt.getTime() });
        if (info.source !== 'sqs' && info.source !== 'api-gateway') await save(record);
      } catch (error) {
        options.log?.('warn', 'run not recorded', {
          connector: options.connector,
          error: errorMessage(error),
        });
      }
    },
    after: async (request) => {
      await finish(request, undefined);
    },
    onError: async (request) => {
      // Recorded, then left alone: middy passes the error on to Lambda.
      await finish(request, request.error ?? new Error('the invocation failed'));
    },
  };
}
