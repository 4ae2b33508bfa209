import { readFileSync } from 'node:fs';
import { TemplateError } from '../hub-error.ts';

/** A resource as CloudFormation writes it. */
export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
}

export interface CloudFormationTemplate {
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
}

export interface QueueDefinition {
  logicalId: string;
  properties: Record<string, unknown>;
  fifo: boolean;
  /** Queues this one names in its redrive policy; they are created first. */
  deadLetterQueue?: string;
}

export interface TableDefinition {
  logicalId: string;
  properties: Record<string, unknown>;
}

export interface BucketDefinition {
  logicalId: string;
  properties: Record<string, unknown>;
}

export interface FunctionDefinition {
  logicalId: string;
  /** `index.handler` → module `index`, export `handler`. */
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** Unresolved environment (intrinsics resolved once the resources exist). */
  environment: Record<string, unknown>;
  /** The connector this function runs (its Powertools service name), when it is one of ours. */
  serviceName?: string;
  /** Inline code (`ZipFile`): CDK's own deploy-time helpers, not part of the running hub. */
  inline: boolean;
  /** Where failed asynchronous invocations (S3, Scheduler) go after Lambda's retries. */
  deadLetterTarget?: unknown;
}

export interface SqsMappingDefinition {
  logicalId: string;
  functionId: string;
  queueId: string;
  batchSize: number;
  reportBatchItemFailures: boolean;
  /** ScalingConfig.MaximumConcurrency: invocations in flight at most; the hub runs 1 when absent. */
  maximumConcurrency?: number;
  enabled: boolean;
}

export interface BucketNotificationDefinition {
  /** `<bucket>#<n>`: unique per configuration, used as S3's configurationId. */
  id: string;
  bucketId: string;
  functionId: string;
  events: string[];
  prefix: string;
  suffix: string;
}

export interface ScheduleDefinition {
  logicalId: string;
  name: string;
  expression: string;
  timeZone: string;
  functionId: string;
  /** The target's `Input` (JSON text with `<aws.scheduler.*>` placeholders). */
  input?: string;
  retryAttempts: number;
  maxEventAgeSeconds: number;
  deadLetterTarget?: unknown;
  enabled: boolean;
}

export interface HttpRouteDefinition {
  logicalId: string;
  /** `GET`, `POST`, … or `ANY`; `$default` routes have method `ANY` and path `$default`. */
  method: string;
  path: string;
  routeKey: string;
  functionId: string;
  authorizationType: string;
  payloadFormatVersion: string;
}

const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

const PARSED = new WeakMap<object, StackTemplate>();

/**
 * The parts of a synthesized tenant template the local hub runs: queues, tables, buckets, functions and
 * their triggers (SQS event source mappings, S3 notifications, Scheduler schedules, HTTP API routes).
 * Everything else (IAM, alarms, log groups) has no local meaning and is ignored.
 */
export class StackTemplate {
  readonly queues: QueueDefinition[] = [];
  readonly tables: TableDefinition[] = [];
  readonly buckets: BucketDefinition[] = [];
  readonly functions: FunctionDefinition[] = [];
  readonly sqsMappings: SqsMappingDefinition[] = [];
  readonly notifications: BucketNotificationDefinition[] = [];
  readonly schedules: ScheduleDefinition[] = [];
  readonly routes: HttpRouteDefinition[] = [];

  constructor(
    readonly stackName: string,
    readonly template: CloudFormationTemplate,
  ) {
    if (!template || typeof template !== 'object' || typeof template.Resources !== 'object') {
      throw new TemplateError(`Template of ${stackName} has no Resources`);
    }
    for (const [logicalId, resource] of Object.entries(template.Resources)) this.read(logicalId, resource);
  }

  /**
   * The template of a synthesized stack, parsed once however many parts of the hub ask (the thread reserve
   * reads it while the hub is still loading, the hub again when it starts).
   */
  static of(synthesized: { templatePath: string; stackName: string }): StackTemplate {
    let template = PARSED.get(synthesized);
    if (!template) {
      template = StackTemplate.fromFile(synthesized.templatePath, synthesized.stackName);
      PARSED.set(synthesized, template);
    }
    return template;
  }

  static fromFile(path: string, stackName: string): StackTemplate {
    let parsed: CloudFormationTemplate;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8')) as CloudFormationTemplate;
    } catch (error) {
      throw new TemplateError(`Cannot read template ${path}`, { cause: error });
    }
    return new StackTemplate(stackName, parsed);
  }

  /**
   * How many invocations of a function its enabled SQS mappings may have in flight together: each
   * mapping's MaximumConcurrency (1 locally when the mapping sets none), at least 1.
   */
  sqsConcurrencyOf(functionId: string): number {
    return Math.max(
      1,
      this.sqsMappings
        .filter((m) => m.functionId === functionId && m.enabled)
        .reduce((sum, m) => sum + (m.maximumConcurrency ?? 1), 0),
    );
  }

  /**
   * The functions a request reaches first (behind the HTTP API routes open to a machine — API key,
   * webhook — and the SQS mappings): the hub loads them before its ready line. A function only behind
   * signed-in routes (JWT: the web app's API) is not: a person takes seconds to sign in, and it loads
   * right after the ready line.
   */
  requestPathFunctionIds(): Set<string> {
    return new Set([
      ...this.routes.filter((route) => route.authorizationType !== 'JWT').map((route) => route.functionId),
      ...this.sqsMappings.map((mapping) => mapping.functionId),
    ]);
  }

  /** The function with this logical id; an error names the id when the template has none. */
  functionById(logicalId: string): FunctionDefinition {
    const found = this.functions.find((fn) => fn.logicalId === logicalId);
    if (!found) throw new TemplateError(`${logicalId} is not a Lambda function of ${this.stackName}`);
    return found;
  }

  private typeOf(logicalId: string): string | undefined {
    return this.template.Resources[logicalId]?.Type;
  }

  /** The first resource of `type` referred to (Ref or GetAtt, at any depth) inside `value`. */
  private referenced(value: unknown, type: string, where: string): string {
    const found = findReference(value, (id) => this.typeOf(id) === type);
    if (!found) throw new TemplateError(`${where}: no reference to a ${type} in ${JSON.stringify(value)}`);
    return found;
  }

  private read(logicalId: string, resource: TemplateResource): void {
    const properties = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::SQS::Queue': {
        const redrive = properties.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined;
        const deadLetterQueue = redrive
          ? findReference(redrive.deadLetterTargetArn, (id) => this.typeOf(id) === 'AWS::SQS::Queue')
          : undefined;
        this.queues.push({
          logicalId,
          properties,
          fifo: properties.FifoQueue === true || properties.FifoQueue === 'true',
          ...(deadLetterQueue ? { deadLetterQueue } : {}),
        });
        return;
      }
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        this.tables.push({ logicalId, properties });
        return;
      case 'AWS::S3::Bucket':
        this.buckets.push({ logicalId, properties });
        return;
      case 'AWS::Lambda::Function': {
        const variables = ((properties.Environment as { Variables?: Record<string, unknown> } | undefined)
          ?.Variables ?? {}) as Record<string, unknown>;
        const code = (properties.Code ?? {}) as Record<string, unknown>;
        const serviceName = variables.POWERTOOLS_SERVICE_NAME;
        const deadLetter = (properties.DeadLetterConfig as { TargetArn?: unknown } | undefined)?.TargetArn;
        this.functions.push({
          logicalId,
          handler: String(properties.Handler ?? 'index.handler'),
          runtime: String(properties.Runtime ?? 'nodejs'),
          timeoutSeconds: Number(properties.Timeout ?? DEFAULT_TIMEOUT_SECONDS),
          memoryMb: Number(properties.MemorySize ?? DEFAULT_MEMORY_MB),
          environment: variables,
          ...(typeof serviceName === 'string' ? { serviceName } : {}),
          inline: 'ZipFile' in code,
          ...(deadLetter !== undefined ? { deadLetterTarget: deadLetter } : {}),
        });
        return;
      }
      case 'AWS::Lambda::EventSourceMapping': {
        const where = `${logicalId} (event source mapping)`;
        const source = properties.EventSourceArn;
        // Only SQS sources exist in the hub; a stream source (DynamoDB, Kinesis) is reported, not ignored.
        const queueId = findReference(source, (id) => this.typeOf(id) === 'AWS::SQS::Queue');
        if (!queueId)
          throw new TemplateError(
            `${where}: only SQS event sources run locally, got ${JSON.stringify(source)}`,
          );
        const scaling = properties.ScalingConfig as { MaximumConcurrency?: number } | undefined;
        this.sqsMappings.push({
          logicalId,
          functionId: this.referenced(properties.FunctionName, 'AWS::Lambda::Function', where),
          queueId,
          batchSize: Number(properties.BatchSize ?? 10),
          reportBatchItemFailures: (
            (properties.FunctionResponseTypes as string[] | undefined) ?? []
          ).includes('ReportBatchItemFailures'),
          ...(scaling?.MaximumConcurrency ? { maximumConcurrency: Number(scaling.MaximumConcurrency) } : {}),
          enabled: properties.Enabled !== false && properties.Enabled !== 'false',
        });
        return;
      }
      case 'Custom::S3BucketNotifications':
        this.readNotifications(logicalId, properties);
        return;
      case 'AWS::Scheduler::Schedule': {
        const where = `${logicalId} (schedule)`;
        const target = (properties.Target ?? {}) as Record<string, unknown>;
        const retry = target.RetryPolicy as
          | { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number }
          | undefined;
        const deadLetter = (target.DeadLetterConfig as { Arn?: unknown } | undefined)?.Arn;
        this.schedules.push({
          logicalId,
          name: String(properties.Name ?? scheduleNameIn(target.Input) ?? logicalId),
          expression: String(properties.ScheduleExpression ?? ''),
          timeZone: String(properties.ScheduleExpressionTimezone ?? 'UTC'),
          functionId: this.referenced(target.Arn, 'AWS::Lambda::Function', where),
          ...(typeof target.Input === 'string' ? { input: target.Input } : {}),
          retryAttempts: Number(retry?.MaximumRetryAttempts ?? 185),
          maxEventAgeSeconds: Number(retry?.MaximumEventAgeInSeconds ?? 86_400),
          ...(deadLetter !== undefined ? { deadLetterTarget: deadLetter } : {}),
          enabled: properties.State !== 'DISABLED',
        });
        return;
      }
      case 'AWS::ApiGatewayV2::Route':
        this.readRoute(logicalId, properties);
        return;
      default:
        return;
    }
  }

  private readNotifications(logicalId: string, properties: Record<string, unknown>): void {
    const where = `${logicalId} (bucket notifications)`;
    const bucketId = this.referenced(properties.BucketName, 'AWS::S3::Bucket', where);
    const configuration = (properties.NotificationConfiguration ?? {}) as {
      LambdaFunctionConfigurations?: Array<{
        Events?: string[];
        LambdaFunctionArn?: unknown;
        Filter?: { Key?: { FilterRules?: Array<{ Name: string; Value: string }> } };
      }>;
    };
    (configuration.LambdaFunctionConfigurations ?? []).forEach((entry, index) => {
      const rules = entry.Filter?.Key?.FilterRules ?? [];
      const rule = (name: string) => rules.find((r) => r.Name.toLowerCase() === name)?.Value ?? '';
      this.notifications.push({
        id: `${bucketId}#${index + 1}`,
        bucketId,
        functionId: this.referenced(entry.LambdaFunctionArn, 'AWS::Lambda::Function', where),
        events: entry.Events ?? [],
        prefix: rule('prefix'),
        suffix: rule('suffix'),
      });
    });
  }

  private readRoute(logicalId: string, properties: Record<string, unknown>): void {
    const where = `${logicalId} (HTTP route)`;
    const routeKey = String(properties.RouteKey ?? '');
    const integrationId = this.referenced(properties.Target, 'AWS::ApiGatewayV2::Integration', where);
    const integration = this.template.Resources[integrationId]?.Properties ?? {};
    if (integration.IntegrationType !== 'AWS_PROXY') {
      throw new TemplateError(
        `${where}: only Lambda proxy integrations run locally, got ${String(integration.IntegrationType)}`,
      );
    }
    const functionId = this.referenced(integration.IntegrationUri, 'AWS::Lambda::Function', where);
    const [method, path] = routeKey === '$default' ? ['ANY', '$default'] : routeKey.split(' ');
    if (!method || !path) throw new TemplateError(`${where}: cannot read route key ${routeKey}`);
    this.routes.push({
      logicalId,
      method: method.toUpperCase(),
      path,
      routeKey,
      functionId,
      authorizationType: String(properties.AuthorizationType ?? 'NONE'),
      payloadFormatVersion: String(integration.PayloadFormatVersion ?? '2.0'),
    });
  }
}

/** CDK leaves schedules unnamed; the tenant stack's input says which connector schedule it is. */
function scheduleNameIn(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  try {
    const parsed = JSON.parse(input) as { connector?: unknown; schedule?: unknown };
    return typeof parsed.schedule === 'string'
      ? [parsed.connector, parsed.schedule].filter((part) => typeof part === 'string').join('/')
      : undefined;
  } catch {
    return undefined;
  }
}

/** Depth-first search for a `Ref` or `Fn::GetAtt` whose logical id passes `accept`. */
export function findReference(value: unknown, accept: (logicalId: string) => boolean): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findReference(item, accept);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string' && accept(record.Ref)) return record.Ref;
  const getAtt = record['Fn::GetAtt'];
  if (getAtt !== undefined) {
    const id = Array.isArray(getAtt) ? String(getAtt[0]) : String(getAtt).split('.')[0];
    if (id && accept(id)) return id;
  }
  const sub = record['Fn::Sub'];
  if (typeof sub === 'string' || Array.isArray(sub)) {
    const text = typeof sub === 'string' ? sub : String(sub[0]);
    for (const match of text.matchAll(/\$\{([^}.!]+)(?:\.[^}]+)?\}/g)) {
      if (match[1] && accept(match[1])) return match[1];
    }
  }
  for (const item of Object.values(record)) {
    const found = findReference(item, accept);
    if (found) return found;
  }
  return undefined;
}
