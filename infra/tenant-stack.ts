import { join } from 'node:path';
import { CfnOutput, Duration, Stack, type StackProps, Tags, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambdaEventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import {
  administrationsFor,
  type ConnectorName,
  type ConnectorTriggers,
  connectors,
  ENV,
  enabledConnectors,
  OUTBOX_PREFIX,
  schedulesFor,
  type TenantConfig,
  toRuntimeConfig,
} from '../lib/tenant/index.ts';
import { AppUserPool } from './constructs/app-user-pool.ts';
import { ConnectorFunction } from './constructs/connector-function.ts';
import { EventQueue } from './constructs/event-queue.ts';
import { MailIntake } from './constructs/mail-intake.ts';
import { PartnerHttpApi } from './constructs/partner-http-api.ts';
import { TenantBuckets } from './constructs/tenant-buckets.ts';
import { TenantMonitoring } from './constructs/tenant-monitoring.ts';
import { TenantSchedules } from './constructs/tenant-schedules.ts';
import { TenantTables } from './constructs/tenant-tables.ts';
import { WebHosting, type WebSignIn } from './constructs/web-hosting.ts';

export interface TenantStackProps extends StackProps {
  config: TenantConfig;
  /** Directory the registry's handler entries are relative to; must hold package-lock.json. */
  projectRoot: string;
}

const S3_ACCESS_LOGS_USE_BUCKET_POLICY = '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy';

/** The web app's API function: the only one told the app user pool (issue 12; added by api-core). */
const APP_API = 'app-api';

/** The only consumer of the event queue; its timeout sets the queue's visibility timeout. */
const CASH_WRITER: ConnectorName = 'cash-writer';

/**
 * Everything one tenant runs: buckets, the FIFO event queue, tables, one function per enabled connector
 * with its triggers, the HTTP API, schedules, optional SES inbound, alarms and a dashboard. Decisions are
 * made here at synth time from the tenant file; nothing is looked up in AWS.
 */
export class TenantStack extends Stack {
  readonly config: TenantConfig;
  readonly tables: TenantTables;
  readonly buckets: TenantBuckets;
  readonly events: EventQueue;
  readonly api: PartnerHttpApi;
  readonly schedules: TenantSchedules;
  readonly monitoring: TenantMonitoring;
  /** The web app's sign-in (Cognito): users, role and administration groups, the app client. */
  readonly userPool: AppUserPool;
  readonly functions = new Map<ConnectorName, ConnectorFunction>();
  readonly mailIntake?: MailIntake;
  web?: WebHosting;
  private readonly projectRoot: string;

  constructor(scope: Construct, id: string, props: TenantStackProps) {
    const { config } = props;
    super(scope, id, {
      description: `cashlink hub for ${config.displayName} (${config.tenant})`,
      terminationProtection: config.deployment.terminationProtection,
      ...props,
    });
    this.config = config;
    this.projectRoot = props.projectRoot;
    // The access-log bucket keeps ACLs disabled, which needs this flag; set here so the stack does not
    // depend on cdk.json (a local runner or a test may build it from a bare App).
    this.node.setContext(S3_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    Tags.of(this).add('cashlink:tenant', config.tenant);
    const logRetention = config.deployment.logRetentionDays as logs.RetentionDays;

    this.tables = new TenantTables(this, 'Tables');
    this.buckets = new TenantBuckets(this, 'Buckets');
    this.events = new EventQueue(this, 'EventQueue', {
      consumerTimeout: Duration.seconds(connectors[CASH_WRITER].timeoutSeconds),
    });
    const cashApiKeys = config.administrations.map((adm) =>
      secretsmanager.Secret.fromSecretNameV2(this, `CashApiKey-${adm.code}`, adm.apiKeySecretName),
    );
    const bunq =
      (
        config.connectors['bank-import']?.settings as
          | { bunq?: Array<{ apiKeySecretName: string; contextSecretName: string }> }
          | undefined
      )?.bunq ?? [];
    const bankApiSecrets = {
      read: bunq.map((b, i) =>
        secretsmanager.Secret.fromSecretNameV2(this, `BunqApiKey${i}`, b.apiKeySecretName),
      ),
      readWrite: bunq.map((b, i) =>
        secretsmanager.Secret.fromSecretNameV2(this, `BunqContext${i}`, b.contextSecretName),
      ),
    };
    this.schedules = new TenantSchedules(this, 'Schedules', { tenant: config.tenant });
    this.api = new PartnerHttpApi(this, 'HttpApi', {
      tenant: config.tenant,
      settings: config.partnerApi,
      logRetention,
    });
    this.userPool = new AppUserPool(this, 'AppUsers', {
      tenant: config.tenant,
      administrations: config.administrations.map((adm) => adm.code),
    });
    this.monitoring = new TenantMonitoring(this, 'Monitoring', {
      tenant: config.tenant,
      ...(config.deployment.alarmEmail ? { alarmEmail: config.deployment.alarmEmail } : {}),
    });
    this.monitoring.monitorEventQueue(this.events.queue, this.events.deadLetterQueue);
    this.monitoring.monitorApi(this.api.api);

    const environment: Record<string, string> = {
      [ENV.tenant]: config.tenant,
      [ENV.eventQueueUrl]: this.events.queue.queueUrl,
      [ENV.documentsTable]: this.tables.documents.tableName,
      [ENV.idempotencyTable]: this.tables.idempotency.tableName,
      [ENV.mirrorTable]: this.tables.mirror.tableName,
      [ENV.deliveriesTable]: this.tables.deliveries.tableName,
      [ENV.mailboxBucket]: this.buckets.mailbox.bucketName,
      [ENV.archiveBucket]: this.buckets.archive.bucketName,
      [ENV.outboxPrefix]: OUTBOX_PREFIX,
      [ENV.maxReceiveCount]: String(this.events.maxReceiveCount),
      [ENV.powertoolsMetricsNamespace]: 'cashlink',
      [ENV.tenantConfig]: JSON.stringify(toRuntimeConfig(config)),
    };

    for (const name of enabledConnectors(config)) {
      const definition = connectors[name];
      const connector = new ConnectorFunction(this, `Connector-${name}`, {
        name,
        definition,
        projectRoot: props.projectRoot,
        environment: (definition.grants as readonly string[]).includes('api-keys')
          ? { ...environment, [ENV.apiKeysTable]: this.tables.apiKeys.tableName }
          : environment,
        logRetention,
        resources: {
          eventQueue: this.events.queue,
          documentsTable: this.tables.documents,
          mirrorTable: this.tables.mirror,
          deliveriesTable: this.tables.deliveries,
          idempotencyTable: this.tables.idempotency,
          apiKeysTable: this.tables.apiKeys,
          mailboxBucket: this.buckets.mailbox,
          archiveBucket: this.buckets.archive,
          cashApiKeys,
          bankApiSecrets,
        },
      });
      this.functions.set(name, connector);
      this.addTriggers(name, connector);
      const silentAfterHours =
        (config.connectors[name]?.settings.silentAfterHours as number | undefined) ??
        definition.silentAfterHours;
      this.monitoring.monitorConnector({
        connector,
        ...(silentAfterHours !== undefined ? { silentAfterHours } : {}),
      });
    }

    // Every function with `user` routes (app-api; partner-api's API-key pages) verifies the app's tokens.
    for (const [name, connector] of this.functions) {
      const http: ConnectorTriggers['http'] = connectors[name].triggers.http;
      if (!http?.some((route) => route.access === 'user')) continue;
      connector.function.addEnvironment(ENV.appUserPoolId, this.userPool.userPoolId);
      connector.function.addEnvironment(ENV.appClientId, this.userPool.clientId);
    }
    this.wireAppApi();

    if (config.mailInbound?.enabled) {
      this.mailIntake = new MailIntake(this, 'MailIntake', {
        settings: config.mailInbound,
        administrations: config.administrations.map((adm) => adm.code),
        mailbox: this.buckets.mailbox,
      });
      if (config.mailInbound.layout === 'single') {
        // One address per administration: the invoice mailbox reads its mail (and hands bank statements
        // over to <adm>/bank/); where it does not serve the administration, the bank import reads the mail.
        const mailbox = this.functions.get('invoice-mailbox');
        const bank = this.functions.get('bank-import');
        const invoiceAdministrations = new Set(
          mailbox ? administrationsFor(config, 'invoice-mailbox').map((adm) => adm.code) : [],
        );
        const bankAdministrations = new Set(
          bank ? administrationsFor(config, 'bank-import').map((adm) => adm.code) : [],
        );
        for (const adm of config.administrations) {
          const reader = invoiceAdministrations.has(adm.code)
            ? mailbox
            : bankAdministrations.has(adm.code)
              ? bank
              : undefined;
          if (reader) this.notifyOnCreate(reader, `${adm.code}/inbox-email/`);
        }
      }
    }

    if (config.webApp?.enabled) this.addWebApp(this.webSignIn());

    this.acknowledgeCdkHelpers();

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'partner API and webhooks base URL' });
    new CfnOutput(this, 'MailboxBucketName', { value: this.buckets.mailbox.bucketName });
    new CfnOutput(this, 'ArchiveBucketName', { value: this.buckets.archive.bucketName });
    new CfnOutput(this, 'EventQueueUrl', { value: this.events.queue.queueUrl });
    new CfnOutput(this, 'AppUserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'AppClientId', {
      value: this.userPool.clientId,
      description: 'web app OAuth client',
    });
    new CfnOutput(this, 'AppTokenIssuer', { value: this.userPool.issuer });
    new CfnOutput(this, 'AppSignInUrl', {
      value: this.userPool.hostedUiUrl,
      description: 'Cognito hosted UI',
    });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
  }

  /**
   * The web app's API function (the `app-api` connector, when deployed): "run now" may start exactly the
   * connectors that run on a schedule (names in `APP_FUNCTION_NAMES`, `lambda:InvokeFunction` on those
   * functions alone), and the overview reads the event queue's and its DLQ's depth.
   */
  private wireAppApi(): void {
    const app = this.functions.get(APP_API as ConnectorName);
    if (!app) return;
    const runnable = [...this.functions.entries()].filter(([name]) => {
      const triggers: ConnectorTriggers = connectors[name].triggers;
      return (
        (name as string) !== APP_API && Boolean(triggers.schedules?.length || triggers.optionalSchedules)
      );
    });
    app.function.addEnvironment(
      ENV.appFunctionNames,
      JSON.stringify(Object.fromEntries(runnable.map(([name, fn]) => [name, fn.function.functionName]))),
    );
    if (runnable.length > 0)
      app.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: runnable.map(([, fn]) => fn.function.functionArn),
        }),
      );
    app.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        resources: [this.events.queue.queueArn, this.events.deadLetterQueue.queueArn],
      }),
    );
    // Sales invoices by e-mail: SES v2 SendEmail (Content.Raw) as the tenant's verified identity only, with
    // its configuration set when one is named.
    const mail = this.config.mailOutbound;
    if (mail?.enabled)
      app.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [
            this.formatArn({ service: 'ses', resource: 'identity', resourceName: mail.identity }),
            ...(mail.configurationSet
              ? [
                  this.formatArn({
                    service: 'ses',
                    resource: 'configuration-set',
                    resourceName: mail.configurationSet,
                  }),
                ]
              : []),
          ],
        }),
      );
  }

  /**
   * Where the web app signs in: the app's Cognito user pool, its issuer (discovery, JWKS) and hosted UI
   * (authorize, token) being the origins the app's CSP allows.
   */
  private webSignIn(): WebSignIn {
    const issuerOrigin = `https://cognito-idp.${this.region}.${this.urlSuffix}`;
    return {
      issuer: this.userPool.issuer,
      clientId: this.userPool.clientId,
      origins: [issuerOrigin, this.userPool.hostedUiUrl],
    };
  }

  /**
   * The web app on S3 + CloudFront (tenant file `webApp`), signing in at `signIn`, its `/v1/*` going to this
   * stack's HTTP API; `dist/web` must have been built.
   */
  private addWebApp(signIn: WebSignIn): void {
    const settings = this.config.webApp;
    if (!settings) return;
    this.web = new WebHosting(this, 'WebApp', {
      tenant: this.config.tenant,
      settings,
      api: this.api.api,
      signIn,
      distDir: join(this.projectRoot, 'dist', 'web'),
      accessLogs: this.buckets.accessLogs,
    });
    // The app's origin is the client's callback and sign-out target.
    this.userPool.addWebOrigin(this.web.url);
  }

  private addTriggers(name: ConnectorName, connector: ConnectorFunction): void {
    const triggers = connectors[name].triggers;
    const fn = connector.function;
    if (triggers.eventQueue) {
      const settings = this.config.connectors[name]?.settings as { maxConcurrency?: number } | undefined;
      fn.addEventSource(
        new lambdaEventSources.SqsEventSource(this.events.queue, {
          batchSize: triggers.eventQueue.batchSize,
          reportBatchItemFailures: true,
          // Caps the writer's parallel batches toward CASH without throttling (reserved concurrency would).
          maxConcurrency: settings?.maxConcurrency ?? 2,
        }),
      );
      Validations.of(connector).acknowledge({
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason:
          'SQS event sources do not support on-failure destinations; the queue’s redrive policy moves failures to its DLQ.',
      });
    }
    if (triggers.mailbox) {
      for (const adm of administrationsFor(this.config, name)) {
        for (const directory of triggers.mailbox.directories) {
          this.notifyOnCreate(connector, `${adm.code}/${directory}/`);
        }
      }
    }
    const administrations = administrationsFor(this.config, name).map((adm) => adm.code);
    for (const schedule of schedulesFor(this.config, name)) {
      this.schedules.addSchedule({
        connector: name,
        ...schedule,
        target: fn,
        deadLetterQueue: connector.deadLetterQueue,
        administrations,
      });
    }
    // The web app's `user` routes are checked by the user pool's JWT authorizer too (the function verifies anyway).
    for (const route of triggers.http ?? []) this.api.addRoutes(route, fn, name, this.userPool.authorizer);
  }

  private notifyOnCreate(connector: ConnectorFunction, prefix: string): void {
    this.buckets.mailbox.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new s3n.LambdaDestination(connector.function),
      { prefix },
    );
  }

  /** CDK's own S3-notification helper (a custom resource Lambda) is outside our control. */
  private acknowledgeCdkHelpers(): void {
    for (const child of this.node.children) {
      if (!child.node.id.startsWith('BucketNotificationsHandler')) continue;
      Validations.of(child).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'CDK’s bucket-notification helper, run only during deployments, has this policy built in.',
      });
    }
  }
}
