import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { DocumentStore } from '../../lib/documents/index.ts';
import type { AwsEmulators } from '../../lib/local/aws-emulators.ts';
import type { AwsClients } from '../../lib/runtime/aws-clients.ts';
import { errorMessage } from '../../lib/runtime/error-message.ts';
import { truncateText } from '../../lib/runtime/quoted-text.ts';
import type { HubConsole } from '../console/hub-console.ts';
import { LambdaInvokeRoute } from '../emulators/lambda-invoke-route.ts';
import type { FunctionWorker } from '../functions/function-worker.ts';
import { HttpApiServer } from '../http/http-api-server.ts';
import { HubError } from '../hub-error.ts';
import { MailboxFolder } from '../mailbox/mailbox-folder.ts';
import type { ProvisionedStack } from '../provision/stack-provisioner.ts';
import type { ActivityReport } from '../report/activity-report.ts';
import { BucketMirror } from '../state/bucket-mirror.ts';
import { resolveIntrinsics } from '../template/intrinsics.ts';
import type { StackTemplate } from '../template/stack-template.ts';
import { BucketWatcher } from './bucket-watcher.ts';
import { S3NotificationTrigger } from './s3-notification-trigger.ts';
import { ScheduleTrigger } from './schedule-trigger.ts';
import { SqsTrigger } from './sqs-trigger.ts';

export interface TriggerWiringOptions {
  template: StackTemplate;
  provisioned: ProvisionedStack;
  clients: AwsClients;
  /** Function logical id → its worker. */
  workers: ReadonlyMap<string, FunctionWorker>;
  console: HubConsole;
  report: ActivityReport;
  projectRoot: string;
  stateDir: string;
  /** A path as the console shows it (relative to the project when inside it). */
  relative: (path: string) => string;
  accountId: string;
  /** Registers what to stop at shutdown (run in reverse order of registration). */
  onStop: (stop: () => Promise<void> | void) => void;
  mailboxDir?: string;
  pollIntervalMs?: number;
  retryDelaysMs?: readonly number[];
}

/**
 * Drives the functions the way AWS would: SQS event source mappings, Scheduler schedules, S3
 * ObjectCreated notifications (with the mailbox folder feeding the mailbox bucket) and the HTTP API.
 */
export class TriggerWiring {
  readonly schedules: ScheduleTrigger[] = [];
  /** Schedules that also run once at start (the CASH mirror's sync): `runStartupSchedules` fires them. */
  private readonly startupRuns: ScheduleTrigger[] = [];

  constructor(private readonly options: TriggerWiringOptions) {}

  sqs(): void {
    const { template, provisioned, clients, workers } = this.options;
    for (const mapping of template.sqsMappings) {
      const worker = workers.get(mapping.functionId);
      const queue = provisioned.context.resources.get(mapping.queueId);
      if (!worker || !queue || !mapping.enabled) continue;
      const store = this.documentStoreOf(worker);
      const trigger = new SqsTrigger({
        sqs: clients.sqs,
        queueUrl: queue.ref,
        queueArn: queue.attributes.Arn as string,
        function: worker,
        batchSize: mapping.batchSize,
        reportBatchItemFailures: mapping.reportBatchItemFailures,
        onBatch: (report) => this.options.report.batch(report, store),
      });
      if (mapping.maximumConcurrency) trigger.source.setMaxConcurrency(mapping.maximumConcurrency);
      trigger.start();
      this.options.onStop(() => trigger.stop());
    }
  }

  schedule(): void {
    const { template, provisioned, clients, workers, console } = this.options;
    for (const schedule of template.schedules) {
      const worker = workers.get(schedule.functionId);
      if (!worker) continue;
      const deadLetterQueueUrl = this.queueUrlOf(schedule.deadLetterTarget, provisioned);
      const trigger = new ScheduleTrigger({
        definition: schedule,
        function: worker,
        sqs: clients.sqs,
        ...(deadLetterQueueUrl ? { deadLetterQueueUrl } : {}),
        ...(this.options.retryDelaysMs ? { retryDelaysMs: this.options.retryDelaysMs } : {}),
        onResult: (r) => {
          const when = r.scheduledTime.toISOString().slice(11, 16);
          if (!r.error)
            console.ok(`${r.functionName}: schedule ${truncateText(r.schedule, 60)} ran (${when} UTC)`);
          else
            console.fail(
              `${r.functionName}: schedule ${truncateText(r.schedule, 60)} attempt ${r.attempt} failed: ${errorMessage(r.error)}${r.deadLettered ? ' — sent to its dead-letter queue' : ''}`,
            );
        },
      });
      trigger.start();
      this.schedules.push(trigger);
      this.options.onStop(() => trigger.stop());
      // The CASH mirror is read by every connector: fill it at start instead of at the next quarter hour.
      if (worker.options.name.includes('cash-sync')) this.startupRuns.push(trigger);
    }
  }

  /**
   * Runs the start-up schedules once (the mirror's sync). The hub calls it after its ready line, with the
   * functions off the request path: a sync writes hundreds of mirror rows through the emulators the first
   * requests need too.
   */
  runStartupSchedules(): void {
    for (const trigger of this.startupRuns.splice(0)) void trigger.fire(new Date());
  }

  /**
   * Watches buckets: notifications for those that have them, and with `persist` (emulators) a copy of every
   * object in `.hub/s3/`. Returns the mailbox folder, if the stack has a mailbox bucket.
   */
  buckets(persist: boolean): string | undefined {
    const { template, provisioned, clients, workers, console } = this.options;
    const region = provisioned.context.region;
    const triggers: S3NotificationTrigger[] = [];
    for (const notification of template.notifications) {
      const worker = workers.get(notification.functionId);
      const bucketName = provisioned.names.get(notification.bucketId);
      if (!worker || !bucketName) continue;
      const fn = template.functionById(notification.functionId);
      const deadLetterQueueUrl = this.queueUrlOf(fn.deadLetterTarget, provisioned);
      const store = this.documentStoreOf(worker);
      triggers.push(
        new S3NotificationTrigger({
          notification,
          bucketName,
          function: worker,
          region,
          sqs: clients.sqs,
          ...(deadLetterQueueUrl ? { deadLetterQueueUrl } : {}),
          ...(this.options.retryDelaysMs ? { retryDelaysMs: this.options.retryDelaysMs } : {}),
          onResult: (r) => {
            if (!r.error) void this.options.report.files(r.functionName, r.key, r.result, store);
            else
              console.fail(
                `${r.functionName}: ${r.key} attempt ${r.attempt} failed: ${errorMessage(r.error)}${r.deadLettered ? ' — sent to its dead-letter queue' : ''}`,
              );
          },
        }),
      );
    }
    const notified = new Set(template.notifications.map((n) => provisioned.names.get(n.bucketId) as string));
    const buckets = persist
      ? template.buckets.map((b) => provisioned.names.get(b.logicalId) as string)
      : [...notified];
    if (buckets.length === 0) return undefined;
    const mirror = persist ? new BucketMirror(clients.s3, join(this.options.stateDir, 's3')) : undefined;
    const watcher = new BucketWatcher({
      s3: clients.s3,
      buckets,
      statePath: join(this.options.stateDir, 's3-seen.json'),
      intervalMs: this.options.pollIntervalMs ?? 500,
      onCreated: async (change) => {
        if (mirror) await mirror.saveObject(change.bucket, change.key);
        // Deliveries run in the background: a slow function does not hold up other buckets.
        for (const trigger of triggers) if (trigger.matches(change)) void trigger.deliver(change);
      },
      onRemoved: (change) => mirror?.removeObject(change.bucket, change.key),
      onError: (error) => console.warn(`bucket watcher: ${errorMessage(error)}`),
    });
    const ready = (async () => {
      if (!mirror) return;
      for (const bucket of buckets) {
        const count = await mirror.restore(bucket, (key, eTag) => watcher.acknowledge(bucket, key, eTag));
        if (count > 0) console.info(`restored ${count} object(s) into ${bucket}`);
      }
    })();
    this.options.onStop(async () => {
      await ready.catch(() => undefined);
      await watcher.stop();
    });
    void ready.then(
      () => watcher.start(),
      (error: unknown) => console.fail(`restoring buckets: ${errorMessage(error)}`),
    );
    return this.mailboxFolder();
  }

  /** Serves the template's HTTP API routes; returns its base URL, if the stack has routes. */
  async httpApi(port: number): Promise<string | undefined> {
    const { template, workers, console } = this.options;
    const routes = template.routes.filter((r) => workers.has(r.functionId));
    if (routes.length === 0) return undefined;
    const server = new HttpApiServer({
      routes,
      functions: workers,
      apiId: 'local',
      accountId: this.options.accountId,
      onRequest: (r) => {
        const text = `${r.method} ${r.path} → ${r.statusCode} (${r.durationMs} ms)`;
        if (r.statusCode >= 500) console.fail(`${text}${r.error ? `: ${errorMessage(r.error)}` : ''}`);
        else console.info(text);
      },
    });
    const url = await server.start(port).catch((error: unknown) => {
      throw new HubError(`Cannot serve the HTTP API on port ${port}: ${errorMessage(error)}`, {
        cause: error,
      });
    });
    this.options.onStop(() => server.stop());
    return url;
  }

  /**
   * Lambda `Invoke` on the emulator endpoint (the app's "run now"): by the functions' physical names (the
   * stack's `names`, what `APP_FUNCTION_NAMES` resolves to), with the function's dead-letter queue after
   * the retries of an `Event` invocation.
   */
  lambdaInvoke(emulators: AwsEmulators): void {
    const { template, provisioned, clients, workers, console } = this.options;
    const byName = new Map<string, { worker: FunctionWorker; deadLetterQueueUrl?: string }>();
    for (const fn of template.functions) {
      const worker = workers.get(fn.logicalId);
      const name = provisioned.names.get(fn.logicalId);
      if (!worker || !name) continue;
      const deadLetterQueueUrl = this.queueUrlOf(fn.deadLetterTarget, provisioned);
      byName.set(name, { worker, ...(deadLetterQueueUrl ? { deadLetterQueueUrl } : {}) });
    }
    const route = new LambdaInvokeRoute({
      functionNamed: (name) => byName.get(name)?.worker,
      region: provisioned.context.region,
      accountId: this.options.accountId,
      ...(this.options.retryDelaysMs ? { retryDelaysMs: this.options.retryDelaysMs } : {}),
      deadLetter: async (name, event, error) => {
        const queueUrl = byName.get(name)?.deadLetterQueueUrl;
        if (!queueUrl) return false;
        await clients.sqs.send(
          new SendMessageCommand({
            QueueUrl: queueUrl,
            MessageBody: JSON.stringify(event),
            MessageAttributes: {
              ErrorMessage: { DataType: 'String', StringValue: truncateText(errorMessage(error), 1000) },
              RequestID: { DataType: 'String', StringValue: randomUUID() },
            },
          }),
        );
        return true;
      },
      onAsyncResult: (r) => {
        const shown = byName.get(r.functionName)?.worker.options.name ?? r.functionName;
        if (r.error)
          console.fail(
            `${shown}: invocation failed after ${r.attempt} attempt(s): ${errorMessage(r.error)}${r.deadLettered ? ' — sent to its dead-letter queue' : ''}`,
          );
        else console.ok(`${shown}: invoked (run now)`);
      },
    });
    emulators.serve(route);
    this.options.onStop(() => route.stop());
  }

  private mailboxFolder(): string | undefined {
    const { template, provisioned, clients, console } = this.options;
    const mailboxLogical = template.notifications[0]?.bucketId;
    if (!mailboxLogical) return undefined;
    const bucket = provisioned.names.get(mailboxLogical) as string;
    const prefixes = [
      ...new Set(
        template.notifications.filter((n) => n.bucketId === mailboxLogical && n.prefix).map((n) => n.prefix),
      ),
    ];
    const root = this.options.mailboxDir ?? join(this.options.projectRoot, 'mailbox');
    const folder = new MailboxFolder({
      root,
      s3: clients.s3,
      bucket,
      prefixes,
      intervalMs: this.options.pollIntervalMs ?? 500,
      onUpload: (u) => {
        if (u.error)
          console.fail(`mailbox: ${this.options.relative(u.file)} not uploaded: ${errorMessage(u.error)}`);
        else console.info(`mailbox: ${this.options.relative(u.file)} → s3://${u.bucket}/${u.key}`);
      },
    });
    folder.start();
    this.options.onStop(() => folder.stop());
    return root;
  }

  private documentStoreOf(worker: FunctionWorker): DocumentStore | undefined {
    const table = worker.options.environment.DOCUMENTS_TABLE;
    return table ? new DocumentStore(this.options.clients.documents, table) : undefined;
  }

  private queueUrlOf(target: unknown, provisioned: ProvisionedStack): string | undefined {
    if (target === undefined) return undefined;
    const arn = resolveIntrinsics(target, provisioned.context);
    for (const values of provisioned.context.resources.values()) {
      if (values.attributes.Arn === arn && values.attributes.QueueUrl) return values.attributes.QueueUrl;
    }
    return undefined;
  }
}
