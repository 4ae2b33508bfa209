import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DOCUMENT_INDEXES } from '../../lib/documents/document-index.ts';
import { DELIVERY_STATUS_INDEX } from '../../lib/outbound/delivery-record.ts';
import {
  type ConnectorDefinition,
  type ConnectorGrant,
  ENV,
  LAMBDA_ENVIRONMENT_LIMIT_BYTES,
} from '../../lib/tenant/index.ts';
import { InfraError } from '../infra-error.ts';

/** The tenant's shared resources a connector function can be granted access to. */
export interface ConnectorResources {
  eventQueue: sqs.IQueue;
  documentsTable: dynamodb.ITable;
  mirrorTable: dynamodb.ITable;
  deliveriesTable: dynamodb.ITable;
  idempotencyTable: dynamodb.ITable;
  apiKeysTable: dynamodb.ITable;
  mailboxBucket: s3.IBucket;
  archiveBucket: s3.IBucket;
  /** One per administration: the CASH API key. */
  cashApiKeys: readonly secretsmanager.ISecret[];
  /** Bank API pulls (bunq): API keys to read, session contexts to read and write. */
  bankApiSecrets?: { read: readonly secretsmanager.ISecret[]; readWrite: readonly secretsmanager.ISecret[] };
}

export interface ConnectorFunctionProps {
  /** Connector name from the registry; also the Powertools service name. */
  name: string;
  definition: ConnectorDefinition;
  /** Directory the registry's entry paths are relative to; holds the lock file. */
  projectRoot: string;
  resources: ConnectorResources;
  /** Variables shared by all functions of the tenant (TENANT, table names, TENANT_CONFIG, …). */
  environment: Readonly<Record<string, string>>;
  logRetention: logs.RetentionDays;
}

/** Upper bound of a CloudFormation token once resolved (a table name, queue URL or ARN of this stack: ~60–110 bytes). */
const UNRESOLVED_VALUE_BYTES = 160;

// No Scan: the single-table shape is read by key and Query only.
const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

/**
 * One connector's Lambda function, the way every function of the hub is deployed: Node.js 24 on ARM64,
 * bundled locally with esbuild as ESM, X-Ray tracing, its own log group with retention, a dead-letter
 * queue for failed asynchronous invocations, and an IAM role holding only the grants the registry lists.
 */
export class ConnectorFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** Receives S3- and Scheduler-triggered invocations that failed after Lambda's retries. */
  readonly deadLetterQueue: sqs.Queue;
  readonly connectorName: string;
  /** The tenant's name (the `TENANT` variable): the prefix of its secrets. */
  private readonly tenant: string;
  /** How the handler is bundled (what NodejsFunction was given; tests read it, as bundling is off there). */
  readonly bundling: nodejs.BundlingOptions;

  constructor(scope: Construct, id: string, props: ConnectorFunctionProps) {
    super(scope, id);
    const { definition, name } = props;
    this.connectorName = name;
    this.tenant = props.environment[ENV.tenant] ?? '';

    const entry = join(props.projectRoot, definition.entry);
    if (!existsSync(entry)) {
      throw new InfraError(
        `Connector ${name}: handler entry ${definition.entry} not found under ${props.projectRoot}`,
      );
    }

    const environment: Record<string, string> = {
      ...props.environment,
      [ENV.powertoolsServiceName]: name,
      [ENV.nodeOptions]: '--enable-source-maps',
    };
    assertEnvironmentFits(name, environment);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // An explicit role instead of the AWSLambdaBasicExecutionRole managed policy: logs go to this log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `cashlink ${name} function`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.bundling = {
      format: nodejs.OutputFormat.ESM,
      target: 'node24',
      mainFields: ['module', 'main'],
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      keepNames: true,
      forceDockerBundling: false,
      // esbuild's ESM output has no `require`; some dependencies (mailparser, pdfjs) still call it.
      banner:
        "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
      // Packages that read their own files at run time are installed beside the bundle, not inlined.
      ...(definition.installedPackages ? { nodeModules: [...definition.installedPackages] } : {}),
    };

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      description: definition.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: definition.memorySizeMb,
      timeout: Duration.seconds(definition.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      deadLetterQueue: this.deadLetterQueue,
      environment,
      bundling: this.bundling,
    });

    for (const grant of definition.grants) this.grant(grant, props.resources);

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions.',
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This queue is itself a dead-letter queue; its messages are inspected and redriven by hand.',
    });
  }

  /** Adds one least-privilege IAM statement per grant. */
  private grant(grant: ConnectorGrant, resources: ConnectorResources): void {
    const allow = (actions: string[], arns: string[]) =>
      this.role.addToPolicy(new iam.PolicyStatement({ actions, resources: arns }));
    const objects = (bucket: s3.IBucket, action: string, purpose: string) => {
      allow([action], [bucket.arnForObjects('*')]);
      this.acknowledgeObjects(bucket, purpose);
    };
    switch (grant) {
      case 'emit-events':
        allow(
          ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          [resources.eventQueue.queueArn],
        );
        return;
      case 'consume-events':
        // The event source mapping grants receive/delete itself (queue.grantConsumeMessages).
        return;
      case 'read-mailbox':
        objects(
          resources.mailboxBucket,
          's3:GetObject',
          'reads files dropped in the administrations’ mailbox folders',
        );
        allow(['s3:ListBucket'], [resources.mailboxBucket.bucketArn]);
        return;
      case 'handover-bank-statements':
        // Only the bank folders' mail sub-folder: the function cannot overwrite what people uploaded.
        allow(['s3:PutObject'], [resources.mailboxBucket.arnForObjects('*/bank/from-mail/*')]);
        Validations.of(this.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(resources.mailboxBucket)}.Arn>/*/bank/from-mail/*]`,
          reason:
            'The function hands bank statements found in mail to the bank import; administrations and content hashes in the key are only known at run time.',
        });
        return;
      case 'upload-purchase-mailbox':
        // Only the purchase folders: receipts a person uploads enter the invoice flow like mailed invoices.
        allow(['s3:PutObject'], [resources.mailboxBucket.arnForObjects('*/purchase/*')]);
        Validations.of(this.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(resources.mailboxBucket)}.Arn>/*/purchase/*]`,
          reason:
            'Receipts uploaded in the web app go to <administration>/purchase/; administrations and file names are only known at run time.',
        });
        return;
      case 'read-archive':
        objects(resources.archiveBucket, 's3:GetObject', 'reads archived originals by document key');
        return;
      case 'write-archive':
        objects(
          resources.archiveBucket,
          's3:PutObject',
          'writes originals and outbox files under per-document keys',
        );
        return;
      case 'read-documents':
        // Its indexes too, each by name: the web app's lists Query them (lib/documents/document-queries.ts).
        allow(TABLE_READ_ACTIONS, [
          resources.documentsTable.tableArn,
          ...Object.values(DOCUMENT_INDEXES).map(
            (index) => `${resources.documentsTable.tableArn}/index/${index.indexName}`,
          ),
        ]);
        return;
      case 'write-documents':
        allow(TABLE_WRITE_ACTIONS, [resources.documentsTable.tableArn]);
        return;
      case 'read-mirror':
        allow(TABLE_READ_ACTIONS, [resources.mirrorTable.tableArn]);
        return;
      case 'write-mirror':
        allow(TABLE_WRITE_ACTIONS, [resources.mirrorTable.tableArn]);
        return;
      case 'read-deliveries':
        allow(TABLE_READ_ACTIONS, [
          resources.deliveriesTable.tableArn,
          `${resources.deliveriesTable.tableArn}/index/${DELIVERY_STATUS_INDEX}`,
        ]);
        return;
      case 'write-deliveries':
        allow(TABLE_WRITE_ACTIONS, [resources.deliveriesTable.tableArn]);
        return;
      case 'idempotency':
        // What Powertools' DynamoDBPersistenceLayer calls, nothing more.
        allow(
          ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
          [resources.idempotencyTable.tableArn],
        );
        return;
      case 'api-keys':
        allow([...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS], [resources.apiKeysTable.tableArn]);
        return;
      case 'cash-api-keys':
        for (const secret of resources.cashApiKeys) {
          secret.grantRead(this.role);
        }
        return;
      case 'shop-secrets': {
        // The connector's own prefix only: each shop's secret is named by the tenant file, known at run time.
        const prefix = `cashlink/${this.tenant}/${this.connectorName}/*`;
        allow(
          ['secretsmanager:GetSecretValue'],
          [
            Stack.of(this).formatArn({
              service: 'secretsmanager',
              resource: 'secret',
              resourceName: prefix,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        );
        Validations.of(this.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${prefix}]`,
          reason:
            'One secret per shop under the connector’s prefix; the shops are listed in the tenant file.',
        });
        return;
      }
      case 'bank-api-secrets':
        for (const secret of resources.bankApiSecrets?.read ?? []) secret.grantRead(this.role);
        for (const secret of resources.bankApiSecrets?.readWrite ?? []) {
          secret.grantRead(this.role);
          secret.grantWrite(this.role);
        }
        return;
    }
  }

  private acknowledgeObjects(bucket: s3.IBucket, purpose: string): void {
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(bucket)}.Arn>/*]`,
      reason: `The function ${purpose}; object keys are only known at run time.`,
    });
  }
}

function logicalIdOf(construct: Construct): string {
  const resource = construct.node.defaultChild;
  if (!resource) throw new InfraError(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(resource as never);
}

function assertEnvironmentFits(name: string, environment: Record<string, string>): void {
  let bytes = 0;
  for (const [key, value] of Object.entries(environment)) {
    bytes +=
      Buffer.byteLength(key) +
      (Token.isUnresolved(value) ? UNRESOLVED_VALUE_BYTES : Buffer.byteLength(value));
  }
  if (bytes > LAMBDA_ENVIRONMENT_LIMIT_BYTES) {
    const config = environment[ENV.tenantConfig] ?? '';
    throw new InfraError(
      `Connector ${name}: environment variables need about ${bytes} bytes, Lambda allows ${LAMBDA_ENVIRONMENT_LIMIT_BYTES}; ` +
        `${ENV.tenantConfig} alone is ${Buffer.byteLength(config)} bytes — shorten the tenant file's mappings`,
    );
  }
}
