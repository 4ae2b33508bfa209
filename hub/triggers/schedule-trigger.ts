import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FunctionWorker } from '../functions/function-worker.ts';
import { ScheduleExpression } from '../schedule/schedule-expression.ts';
import type { ScheduleDefinition } from '../template/stack-template.ts';

export interface ScheduleReport {
  schedule: string;
  functionName: string;
  scheduledTime: Date;
  attempt: number;
  error?: unknown;
  deadLettered?: boolean;
}

export interface ScheduleTriggerOptions {
  definition: ScheduleDefinition;
  function: FunctionWorker;
  sqs: SQSClient;
  deadLetterQueueUrl?: string;
  /** Waits between attempts (Scheduler backs off for minutes; shortened locally). */
  retryDelaysMs?: readonly number[];
  now?: () => Date;
  onResult?: (report: ScheduleReport) => void;
}

/** Longest wait setTimeout accepts; a schedule further away is re-armed after it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * An EventBridge Scheduler schedule run by the hub: fires at the expression's times in its time zone
 * (Europe/Amsterdam for the tenant stack), invokes the target with the schedule's input and the
 * `<aws.scheduler.*>` context attributes filled in, retries, then writes to the target's DLQ.
 */
export class ScheduleTrigger {
  readonly expression: ScheduleExpression;
  private timer: NodeJS.Timeout | undefined;
  private readonly startedAt: Date;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: ScheduleTriggerOptions) {
    this.expression = new ScheduleExpression(options.definition.expression, options.definition.timeZone);
    this.startedAt = this.now();
  }

  /** The next fire time after now, if any. */
  nextFireTime(): Date | undefined {
    return this.expression.next(this.now(), this.startedAt);
  }

  start(): void {
    if (!this.options.definition.enabled) return;
    this.stopped = false;
    this.arm();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Runs the schedule once for `scheduledTime` (what the timer does; also for a manual run). */
  async fire(scheduledTime: Date): Promise<void> {
    const { definition } = this.options;
    const executionId = randomUUID();
    const delays = this.options.retryDelaysMs ?? [1_000, 2_000, 4_000];
    const attempts = Math.min(definition.retryAttempts, delays.length) + 1;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const event = this.input(scheduledTime, executionId, attempt);
      try {
        await this.options.function.invoke(event);
        this.report({ scheduledTime, attempt });
        return;
      } catch (error) {
        lastError = error;
        if (attempt < attempts) {
          this.report({ scheduledTime, attempt, error });
          await new Promise((resolve) => setTimeout(resolve, delays[attempt - 1]));
        }
      }
    }
    let deadLettered = false;
    if (this.options.deadLetterQueueUrl) {
      await this.options.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.options.deadLetterQueueUrl,
          MessageBody: JSON.stringify(this.input(scheduledTime, executionId, attempts)),
          MessageAttributes: {
            ERROR_MESSAGE: {
              DataType: 'String',
              StringValue: String((lastError as Error)?.message ?? lastError).slice(0, 1000),
            },
            SCHEDULE_ARN: { DataType: 'String', StringValue: definition.name },
          },
        }),
      );
      deadLettered = true;
    }
    this.report({ scheduledTime, attempt: attempts, error: lastError, deadLettered });
  }

  /** The target input with Scheduler's context attributes replaced; JSON input arrives parsed. */
  input(scheduledTime: Date, executionId: string, attempt: number): unknown {
    const { definition } = this.options;
    const text = (definition.input ?? '{}')
      .replaceAll('<aws.scheduler.scheduled-time>', scheduledTime.toISOString().replace(/\.\d{3}Z$/, 'Z'))
      .replaceAll('<aws.scheduler.execution-id>', executionId)
      .replaceAll('<aws.scheduler.attempt-number>', String(attempt))
      .replaceAll(
        '<aws.scheduler.schedule-arn>',
        `arn:aws:scheduler:local:000000000000:schedule/${definition.name}`,
      );
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  private arm(): void {
    if (this.stopped) return;
    const next = this.nextFireTime();
    if (!next) return;
    const wait = Math.max(0, next.getTime() - this.now().getTime());
    this.timer = setTimeout(
      () => {
        if (wait > MAX_TIMER_MS) return this.arm();
        this.running = this.fire(next).finally(() => this.arm());
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    this.timer.unref?.();
  }

  private report(partial: Omit<ScheduleReport, 'schedule' | 'functionName'>): void {
    this.options.onResult?.({
      schedule: this.options.definition.name,
      functionName: this.options.function.options.name,
      ...partial,
    });
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
