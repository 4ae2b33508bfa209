import type { CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type QueueAttributeName,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { ensureBucket, ensureTable } from '../../lib/local/provision.ts';
import { HubError } from '../hub-error.ts';
import { type IntrinsicContext, type ResourceValues, resolveIntrinsics } from '../template/intrinsics.ts';
import type { QueueDefinition, StackTemplate, TableDefinition } from '../template/stack-template.ts';

export interface ProvisionClients {
  sqs: SQSClient;
  s3: S3Client;
  dynamo: DynamoDBClient;
}

export interface ProvisionedStack {
  context: IntrinsicContext;
  /** Logical id → physical name, for the banner and for state files. */
  names: Map<string, string>;
}

/** Queue properties of AWS::SQS::Queue that are SQS queue attributes of the same name. */
const QUEUE_ATTRIBUTES = [
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'DelaySeconds',
  'FifoQueue',
  'FifoThroughputLimit',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
];

/**
 * Creates the template's queues (dead-letter queues first, then the queues whose redrive policy names
 * them), tables and buckets on the emulators or LocalStack, idempotently, and collects what `Ref` and
 * `Fn::GetAtt` answer for each, so function environments can be resolved exactly as CloudFormation would.
 * Functions get names and ARNs too (they run in the hub, not in the emulator).
 */
export class StackProvisioner {
  constructor(
    private readonly clients: ProvisionClients,
    private readonly settings: { region: string; accountId: string },
  ) {}

  async provision(template: StackTemplate): Promise<ProvisionedStack> {
    const resources = new Map<string, ResourceValues>();
    const names = new Map<string, string>();
    const context: IntrinsicContext = {
      region: this.settings.region,
      accountId: this.settings.accountId,
      stackName: template.stackName,
      resources,
    };
    const { region, accountId } = this.settings;

    for (const queue of orderQueues(template.queues)) {
      const values = await this.createQueue(template.stackName, queue, context);
      resources.set(queue.logicalId, values);
      names.set(queue.logicalId, values.attributes.QueueName ?? queue.logicalId);
    }
    await Promise.all(
      template.tables.map(async (table) => {
        const name =
          explicitName(table.properties.TableName) ?? physicalName(template.stackName, table.logicalId, 255);
        await this.createTable(name, table, context);
        resources.set(table.logicalId, {
          ref: name,
          attributes: { Arn: `arn:aws:dynamodb:${region}:${accountId}:table/${name}` },
        });
        names.set(table.logicalId, name);
      }),
    );
    await Promise.all(
      template.buckets.map(async (bucket) => {
        const name =
          explicitName(bucket.properties.BucketName) ??
          physicalName(template.stackName, bucket.logicalId, 63).toLowerCase();
        await ensureBucket(this.clients.s3, name).catch((error: unknown) => {
          throw new HubError(`Cannot create bucket ${name} (${bucket.logicalId})`, { cause: error });
        });
        resources.set(bucket.logicalId, {
          ref: name,
          attributes: {
            Arn: `arn:aws:s3:::${name}`,
            DomainName: `${name}.s3.amazonaws.com`,
            RegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
          },
        });
        names.set(bucket.logicalId, name);
      }),
    );
    for (const fn of template.functions) {
      const name = physicalName(template.stackName, fn.logicalId, 64);
      resources.set(fn.logicalId, {
        ref: name,
        attributes: { Arn: `arn:aws:lambda:${region}:${accountId}:function:${name}` },
      });
      names.set(fn.logicalId, name);
    }
    return { context, names };
  }

  private async createQueue(
    stackName: string,
    queue: QueueDefinition,
    context: IntrinsicContext,
  ): Promise<ResourceValues> {
    const base =
      explicitName(queue.properties.QueueName)?.replace(/\.fifo$/, '') ??
      physicalName(stackName, queue.logicalId, 75);
    const name = queue.fifo ? `${base}.fifo` : base;
    const attributes: Partial<Record<QueueAttributeName, string>> = {};
    for (const key of QUEUE_ATTRIBUTES) {
      const value = queue.properties[key];
      if (value !== undefined)
        attributes[key as QueueAttributeName] = String(resolveIntrinsics(value, context));
    }
    if (queue.properties.RedrivePolicy !== undefined) {
      attributes.RedrivePolicy = JSON.stringify(resolveIntrinsics(queue.properties.RedrivePolicy, context));
    }
    const { sqs } = this.clients;
    let url: string;
    try {
      url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes })))
        .QueueUrl as string;
    } catch (error) {
      // A queue kept from an earlier run (LocalStack) with other attributes: bring it in line.
      if ((error as { name?: string }).name !== 'QueueAlreadyExists') {
        throw new HubError(`Cannot create queue ${name} (${queue.logicalId})`, { cause: error });
      }
      url = (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl as string;
      const { FifoQueue: _fifo, ...changeable } = attributes;
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: changeable }));
    }
    const answer = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    );
    const arn = answer.Attributes?.QueueArn ?? `arn:aws:sqs:${context.region}:${context.accountId}:${name}`;
    return { ref: url, attributes: { Arn: arn, QueueName: name, QueueUrl: url } };
  }

  private async createTable(name: string, table: TableDefinition, context: IntrinsicContext): Promise<void> {
    const p = resolveIntrinsics(table.properties, context) as Record<string, unknown>;
    const onDemand = p.BillingMode === 'PAY_PER_REQUEST';
    const throughput = onDemand
      ? {}
      : { ProvisionedThroughput: p.ProvisionedThroughput ?? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } };
    const indexes = (p.GlobalSecondaryIndexes as Array<Record<string, unknown>> | undefined)?.map((index) => {
      const { ProvisionedThroughput, ...rest } = index;
      return onDemand
        ? rest
        : {
            ...rest,
            ProvisionedThroughput: ProvisionedThroughput ?? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
          };
    });
    const input = {
      TableName: name,
      AttributeDefinitions: p.AttributeDefinitions,
      KeySchema: p.KeySchema,
      BillingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
      ...throughput,
      ...(indexes?.length ? { GlobalSecondaryIndexes: indexes } : {}),
      ...(p.LocalSecondaryIndexes ? { LocalSecondaryIndexes: p.LocalSecondaryIndexes } : {}),
    } as CreateTableCommandInput;
    try {
      await ensureTable(this.clients.dynamo, input);
    } catch (error) {
      throw new HubError(`Cannot create table ${name} (${table.logicalId})`, { cause: error });
    }
    const ttl = p.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
    if (ttl?.Enabled && ttl.AttributeName) {
      // dynalite has no TTL API; items simply do not expire there, which no local run waits for.
      await this.clients.dynamo
        .send(
          new UpdateTimeToLiveCommand({
            TableName: name,
            TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true },
          }),
        )
        .catch(() => undefined);
    }
  }
}

/** Dead-letter queues before the queues that redrive into them. */
export function orderQueues(queues: readonly QueueDefinition[]): QueueDefinition[] {
  const byId = new Map(queues.map((q) => [q.logicalId, q]));
  const ordered: QueueDefinition[] = [];
  const placed = new Set<string>();
  const place = (queue: QueueDefinition, trail: Set<string>) => {
    if (placed.has(queue.logicalId)) return;
    if (trail.has(queue.logicalId))
      throw new HubError(`Queues redrive into each other: ${[...trail].join(' → ')}`);
    trail.add(queue.logicalId);
    const target = queue.deadLetterQueue ? byId.get(queue.deadLetterQueue) : undefined;
    if (target) place(target, trail);
    placed.add(queue.logicalId);
    ordered.push(queue);
  };
  for (const queue of queues) place(queue, new Set());
  return ordered;
}

/** CloudFormation-like generated name: `<stack>-<logicalId>`, cut to the service's limit. */
export function physicalName(stackName: string, logicalId: string, limit: number): string {
  return `${stackName}-${logicalId}`.slice(0, limit);
}

function explicitName(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
