import { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfraError } from '../../../infra/infra-error.ts';
import type { TenantStack } from '../../../infra/tenant-stack.ts';
import { HUB_CONNECTORS } from '../../../lib/partner-api/index.ts';
import {
  type ConnectorName,
  connectorNames,
  connectors,
  ENV,
  SINGLE_FUNCTION_ENV,
} from '../../../lib/tenant/index.ts';
import {
  createProjectRoot,
  SINGLE_MAIL_ADDRESS,
  type Synthesized,
  scratchTenants,
  synthTenant,
} from './synth-fixture.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

const project = createProjectRoot();
let demo: Synthesized;
let exampleBv: Synthesized;

// Two synths of seven functions each: well over the default hook timeout on a busy machine.
beforeAll(() => {
  demo = synthTenant('demo', project.root);
  exampleBv = synthTenant('example-bv', project.root);
}, 60_000);
afterAll(() => project.cleanup());

function logicalId(stack: TenantStack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

function functionOf(stack: TenantStack, name: ConnectorName) {
  const connector = stack.functions.get(name);
  if (!connector) throw new Error(`${name} not deployed`);
  return connector;
}

/** All statements of the policies attached to a connector's role. */
function statementsOf(synth: Synthesized, name: ConnectorName): Statement[] {
  const roleId = logicalId(synth.stack, functionOf(synth.stack, name).role);
  const policies = synth.template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  }) as Record<string, Resource>;
  return Object.values(policies).flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
}

function actionsOf(synth: Synthesized, name: ConnectorName): string[] {
  return statementsOf(synth, name).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

function resourcesOfType(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

describe('Event queue and writer', () => {
  it('is a FIFO queue with SSE, a FIFO dead-letter queue and a redrive policy', () => {
    // Assess
    const queueId = logicalId(demo.stack, demo.stack.events.queue);
    const dlqId = logicalId(demo.stack, demo.stack.events.deadLetterQueue);
    const queue = demo.template.toJSON().Resources[queueId] as Resource;
    expect(queue.Properties).toMatchObject({
      FifoQueue: true,
      SqsManagedSseEnabled: true,
      ContentBasedDeduplication: false,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
    });
    demo.template.hasResourceProperties('AWS::SQS::Queue', { FifoQueue: true, QueueName: Match.absent() });
    expect((demo.template.toJSON().Resources[dlqId] as Resource).Properties).toMatchObject({
      FifoQueue: true,
      SqsManagedSseEnabled: true,
    });
  });

  it('has a visibility timeout of at least six times the writer timeout', () => {
    // Prepare
    const writerId = logicalId(demo.stack, functionOf(demo.stack, 'cash-writer').function);
    const resources = demo.template.toJSON().Resources as Record<string, Resource>;

    // Act
    const timeout = resources[writerId]?.Properties.Timeout as number;
    const visibility = resources[logicalId(demo.stack, demo.stack.events.queue)]?.Properties
      .VisibilityTimeout as number;

    // Assess
    expect(timeout).toBe(connectors['cash-writer'].timeoutSeconds);
    expect(visibility).toBeGreaterThanOrEqual(6 * timeout);
  });

  it.each([
    ['demo', () => demo, 2],
    ['example-bv', () => exampleBv, 3],
  ] as const)(
    '%s: the writer consumes batches of 10, reports item failures and caps concurrency at %#',
    (_t, synth, _i) => {
      // Prepare
      const { stack, template } = synth();
      const expected = stack.config.connectors['cash-writer']?.settings.maxConcurrency;

      // Assess
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [logicalId(stack, stack.events.queue), 'Arn'] },
        FunctionName: { Ref: logicalId(stack, functionOf(stack, 'cash-writer').function) },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: expected },
      });
      // Reserved concurrency would throttle and push events toward the DLQ; the mapping caps instead.
      template.allResourcesProperties('AWS::Lambda::Function', {
        ReservedConcurrentExecutions: Match.absent(),
      });
    },
  );
});

describe('Buckets', () => {
  it.each(['Mailbox', 'Archive', 'AccessLogs'])('%s is encrypted, private, TLS-only and retained', (name) => {
    // Prepare
    const bucket =
      demo.stack.buckets[name === 'AccessLogs' ? 'accessLogs' : (name.toLowerCase() as 'mailbox')];
    const bucketId = logicalId(demo.stack, bucket);

    // Assess
    const resource = demo.template.toJSON().Resources[bucketId] as Resource & { DeletionPolicy: string };
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    demo.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('versions the archive and logs access to both data buckets', () => {
    // Assess
    const resources = demo.template.toJSON().Resources as Record<string, Resource>;
    const archive = resources[logicalId(demo.stack, demo.stack.buckets.archive)] as Resource;
    const mailbox = resources[logicalId(demo.stack, demo.stack.buckets.mailbox)] as Resource;
    const logsRef = { Ref: logicalId(demo.stack, demo.stack.buckets.accessLogs) };
    expect(archive.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(archive.Properties.LoggingConfiguration).toMatchObject({ DestinationBucketName: logsRef });
    expect(mailbox.Properties.LoggingConfiguration).toMatchObject({ DestinationBucketName: logsRef });
  });

  it('sends ObjectCreated under each administration prefix to the connector of that folder', () => {
    // Prepare
    const notifications = Object.values(resourcesOfType(exampleBv.template, 'Custom::S3BucketNotifications'));
    const config = notifications[0]?.Properties.NotificationConfiguration as {
      LambdaFunctionConfigurations: {
        Events: string[];
        Filter: { Key: { FilterRules: { Value: string }[] } };
        LambdaFunctionArn: unknown;
      }[];
    };
    const target = (name: ConnectorName) => ({
      'Fn::GetAtt': [logicalId(exampleBv.stack, functionOf(exampleBv.stack, name).function), 'Arn'],
    });

    // Act
    const routes = config.LambdaFunctionConfigurations.map((c) => ({
      prefix: c.Filter.Key.FilterRules[0]?.Value,
      events: c.Events,
      target: c.LambdaFunctionArn,
    }));

    // Assess: bank-import serves only EXBV in this tenant file.
    expect(routes).toEqual(
      expect.arrayContaining([
        { prefix: 'EXBV/purchase/', events: ['s3:ObjectCreated:*'], target: target('invoice-mailbox') },
        { prefix: 'EXBV/sales/', events: ['s3:ObjectCreated:*'], target: target('invoice-mailbox') },
        { prefix: 'EXHOLD/purchase/', events: ['s3:ObjectCreated:*'], target: target('invoice-mailbox') },
        { prefix: 'EXHOLD/sales/', events: ['s3:ObjectCreated:*'], target: target('invoice-mailbox') },
        { prefix: 'EXBV/bank/', events: ['s3:ObjectCreated:*'], target: target('bank-import') },
      ]),
    );
    expect(routes).toHaveLength(5);
  });
});

describe('Tables', () => {
  it.each([
    ['documents', 'pk', 'sk', 'expiresAt'],
    ['mirror', 'pk', 'sk', 'expiresAt'],
    ['idempotency', 'id', undefined, 'expiration'],
    ['apiKeys', 'pk', 'sk', 'expiresAt'],
  ] as const)('%s: keys %s/%s, TTL %s, on-demand, PITR, AWS-managed SSE, retained', (table, pk, sk, ttl) => {
    // Prepare
    const id = logicalId(demo.stack, demo.stack.tables[table]);
    const resource = demo.template.toJSON().Resources[id] as Resource & {
      DeletionPolicy: string;
      UpdateReplacePolicy: string;
    };

    // Assess
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
    expect(resource.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: ttl, Enabled: true },
    });
    expect(resource.Properties.TableName).toBeUndefined();
    const keys = resource.Properties.KeySchema as { AttributeName: string; KeyType: string }[];
    expect(keys).toEqual([
      { AttributeName: pk, KeyType: 'HASH' },
      ...(sk ? [{ AttributeName: sk, KeyType: 'RANGE' }] : []),
    ]);
  });
});

describe('Connector functions', () => {
  it.each(connectorNames)(
    '%s runs Node.js 24 on ARM64 with tracing, JSON logs to its own log group and a DLQ',
    (name) => {
      // Prepare
      const connector = functionOf(demo.stack, name);

      // Assess
      const resource = demo.template.toJSON().Resources[
        logicalId(demo.stack, connector.function)
      ] as Resource;
      expect(resource.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        MemorySize: connectors[name].memorySizeMb,
        Timeout: connectors[name].timeoutSeconds,
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalId(demo.stack, connector.logGroup) } },
        DeadLetterConfig: {
          TargetArn: { 'Fn::GetAtt': [logicalId(demo.stack, connector.deadLetterQueue), 'Arn'] },
        },
        Role: { 'Fn::GetAtt': [logicalId(demo.stack, connector.role), 'Arn'] },
      });
      demo.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
    },
  );

  it.each(connectorNames)('%s receives every runtime variable the handlers read', (name) => {
    // Prepare
    const resource = demo.template.toJSON().Resources[
      logicalId(demo.stack, functionOf(demo.stack, name).function)
    ] as Resource;
    const variables = (resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

    // Assess
    // API_KEYS_TABLE goes to the partner-api function only (see "API-key table"), the app's sign-in to app-api.
    for (const env of Object.values(ENV).filter((env) => !SINGLE_FUNCTION_ENV.has(env)))
      expect(variables).toHaveProperty(env);
    expect(variables[ENV.tenant]).toBe('demo');
    expect(variables[ENV.powertoolsServiceName]).toBe(name);
    expect(variables[ENV.nodeOptions]).toBe('--enable-source-maps');
    expect(variables[ENV.eventQueueUrl]).toEqual({ Ref: logicalId(demo.stack, demo.stack.events.queue) });
    const config = JSON.parse(variables[ENV.tenantConfig] as string);
    expect(config.tenant).toBe('demo');
    expect(config).not.toHaveProperty('deployment');
  });

  it('refuses a tenant file whose TENANT_CONFIG would not fit in the Lambda environment', () => {
    // Prepare
    const huge = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`code${i}`, `ledger-${i}`]));
    const { directory, cleanup } = scratchTenants((input) => {
      input.connectors['invoice-mailbox'].mappings = { ledgerAccounts: huge };
    });

    // Act & Assess
    try {
      expect(() => synthTenant('demo', project.root, directory)).toThrow(InfraError);
      expect(() => synthTenant('demo', project.root, directory)).toThrow(/TENANT_CONFIG alone is \d+ bytes/);
    } finally {
      cleanup();
    }
  });
});

describe('Least privilege', () => {
  it.each(connectorNames)('%s has no wildcard actions and no admin-style resources', (name) => {
    // Act
    const statements = statementsOf(demo, name);

    // Assess
    for (const statement of statements) {
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      for (const action of actions) expect(action).not.toMatch(/\*$|^\*/);
      if (statement.Resource === '*') expect(actions.every((a) => a.startsWith('xray:'))).toBe(true);
    }
  });

  it('only the writer and the sync read the CASH API keys, each administration’s by name', () => {
    // Act
    const readers = connectorNames
      .filter((name) => exampleBv.stack.functions.has(name))
      .filter((name) => actionsOf(exampleBv, name).includes('secretsmanager:GetSecretValue'));
    const secretResources = statementsOf(exampleBv, 'cash-writer')
      .filter((s) =>
        (Array.isArray(s.Action) ? s.Action : [s.Action]).includes('secretsmanager:GetSecretValue'),
      )
      .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));

    // Assess
    expect(readers.sort()).toEqual(['cash-sync', 'cash-writer']);
    const rendered = JSON.stringify(Stack.of(exampleBv.stack).resolve(secretResources));
    expect(rendered).toContain('secret:cashlink/example-bv/EXBV/cash-api-key-??????');
    expect(rendered).toContain('secret:cashlink/example-bv/EXHOLD/cash-api-key-??????');
  });

  it('only the writer consumes the event queue; connectors may only send to it', () => {
    // Act
    const consumers = connectorNames.filter((name) => actionsOf(demo, name).includes('sqs:ReceiveMessage'));
    const producers = connectorNames.filter((name) => actionsOf(demo, name).includes('sqs:SendMessage'));

    // Assess
    expect(consumers).toEqual(['cash-writer']);
    expect(producers).toEqual(expect.arrayContaining(['partner-api', 'invoice-mailbox', 'bank-import']));
  });

  it('only the mailbox connectors and the app API (downloads of originals) read the mailbox bucket', () => {
    // Prepare
    const mailboxArn = { 'Fn::GetAtt': [logicalId(demo.stack, demo.stack.buckets.mailbox), 'Arn'] };

    // Act
    const readers = connectorNames.filter((name) =>
      statementsOf(demo, name).some(
        (s) => s.Action === 's3:GetObject' && JSON.stringify(s.Resource).includes(JSON.stringify(mailboxArn)),
      ),
    );

    // Assess
    expect(readers.sort()).toEqual(['app-api', 'bank-import', 'invoice-mailbox']);
  });
});

describe('API-key table', () => {
  it.each([
    ['demo', () => demo],
    ['example-bv', () => exampleBv],
  ] as const)(
    '%s: no role but the partner-api function’s may touch it (keys hold signing keys)',
    (_t, synth) => {
      // Prepare
      const { stack, template } = synth();
      const tableId = logicalId(stack, stack.tables.apiKeys);
      const partnerRole = logicalId(stack, functionOf(stack, 'partner-api').role);
      const policies = resourcesOfType(template, 'AWS::IAM::Policy');

      // Act
      const holders = Object.values(policies)
        .filter((policy) => JSON.stringify(policy.Properties.PolicyDocument).includes(`"${tableId}"`))
        .flatMap((policy) => policy.Properties.Roles as { Ref: string }[]);
      const otherPolicies = Object.values(resourcesOfType(template, 'AWS::IAM::ManagedPolicy')).filter((p) =>
        JSON.stringify(p).includes(`"${tableId}"`),
      );

      // Assess
      expect(holders).toEqual([{ Ref: partnerRole }]);
      expect(otherPolicies).toEqual([]);
      expect(actionsOf(synth(), 'partner-api')).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']),
      );
    },
  );

  it('names the table to the partner-api function only', () => {
    // Act
    const withTable = connectorNames.filter((name) => {
      const id = logicalId(demo.stack, functionOf(demo.stack, name).function);
      const variables = (demo.template.toJSON().Resources[id] as Resource).Properties.Environment as {
        Variables: Record<string, unknown>;
      };
      return ENV.apiKeysTable in variables.Variables;
    });

    // Assess
    expect(withTable).toEqual(['partner-api']);
  });

  it('no key can be granted a webhook of one of the hub’s own connectors', () => {
    // Assess
    expect([...HUB_CONNECTORS].sort()).toEqual([...connectorNames].sort());
  });
});

describe('HTTP API', () => {
  const expectedRoutes = [
    'POST /v1/events',
    'GET /v1/documents/{id}',
    'GET /v1/openapi.json',
    'POST /v1/corrections',
    'GET /v1/deliveries',
    'POST /v1/deliveries/full-load',
    'POST /v1/deliveries/reconcile',
    'GET /v1/administrations/{administration}/bank-rules',
    'POST /v1/administrations/{administration}/bank-rules',
    'GET /v1/administrations/{administration}/bank-rules/{id}',
    'DELETE /v1/administrations/{administration}/bank-rules/{id}',
    'POST /v1/administrations/{administration}/bank-rules/{id}/accept',
    'GET /v1/administrations/{administration}/bank-deny-list',
    'PUT /v1/administrations/{administration}/bank-deny-list',
    'POST /v1/administrations/{administration}/bank-deny-list',
  ];

  it.each([
    ['demo', () => demo],
    ['example-bv', () => exampleBv],
  ] as const)(
    '%s: every route reaches the function, which checks API keys and signatures itself',
    (_t, synth) => {
      // Prepare
      const { template } = synth();
      const routes = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Route')).map(
        (r) => r.Properties,
      );

      // Assess
      const userRoutes = [
        'ANY /v1/app/{proxy+}',
        'GET /v1/app/api-keys',
        'POST /v1/app/api-keys',
        'DELETE /v1/app/api-keys/{id}',
      ];
      expect(routes.map((r) => r.RouteKey).sort()).toEqual(
        [
          ...expectedRoutes,
          'POST /webhooks/{connector}',
          ...userRoutes,
          ...(_t === 'demo' ? ['POST /webhooks/woocommerce/{shop}'] : []),
        ].sort(),
      );
      // The web app's routes (app-api's, and partner-api's API-key pages) take the user pool's JWT authorizer;
      // the functions verify every token themselves as well. Partner and webhook routes have none: their
      // function checks keys and signatures.
      for (const route of routes)
        expect([route.RouteKey, route.AuthorizationType]).toEqual([
          route.RouteKey,
          userRoutes.includes(route.RouteKey as string) ? 'JWT' : 'NONE',
        ]);
      expect(Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer'))).toHaveLength(1);
    },
  );

  it('logs access as JSON and throttles the default stage', () => {
    // Assess
    exampleBv.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId"') },
    });
  });
});

describe('Schedules', () => {
  it.each([
    ['demo', () => demo, ['cron(0/15 * * * ? *)', 'cron(0 7-19 ? * MON-FRI *)', 'rate(5 minutes)']],
    ['example-bv', () => exampleBv, ['cron(0/15 6-20 ? * MON-SAT *)', 'cron(30 2 * * ? *)']],
  ] as const)(
    '%s: the tenant group holds its schedules, all in Europe/Amsterdam',
    (tenant, synth, expressions) => {
      // Prepare
      const { template } = synth();
      const schedules = Object.values(resourcesOfType(template, 'AWS::Scheduler::Schedule')).map(
        (s) => s.Properties,
      );

      // Assess
      template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: `cashlink-${tenant}` });
      expect(schedules.map((s) => s.ScheduleExpression).sort()).toEqual([...expressions].sort());
      for (const schedule of schedules) {
        expect(schedule).toMatchObject({
          GroupName: `cashlink-${tenant}`,
          ScheduleExpressionTimezone: 'Europe/Amsterdam',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { RetryPolicy: { MaximumRetryAttempts: 3 }, DeadLetterConfig: { Arn: expect.anything() } },
        });
        const input = JSON.parse((schedule.Target as { Input: string }).Input);
        expect(input).toMatchObject({
          source: 'cashlink.schedule',
          tenant,
          scheduledTime: '<aws.scheduler.scheduled-time>',
        });
      }
    },
  );
});

describe('Scheduler role', () => {
  it('may be assumed by EventBridge Scheduler of this account only, and invokes only scheduled functions', () => {
    // Prepare
    const roleId = logicalId(demo.stack, demo.stack.schedules.role);
    const policies = Object.values(
      demo.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
    ) as Resource[];
    const statements = policies.flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );

    // Act
    const invoked = statements
      .filter((s) => s.Action === 'lambda:InvokeFunction')
      .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))
      .map((r) => JSON.stringify(r));

    // Assess
    demo.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ],
      },
    });
    for (const name of ['cash-sync', 'bank-import'] as const) {
      expect(invoked.join()).toContain(logicalId(demo.stack, functionOf(demo.stack, name).function));
    }
    for (const name of ['cash-writer', 'partner-api', 'invoice-mailbox'] as const) {
      expect(invoked.join()).not.toContain(logicalId(demo.stack, functionOf(demo.stack, name).function));
    }
  });
});

describe('Alarms and dashboard', () => {
  it('alarms when the event dead-letter queue is not empty', () => {
    // Assess
    demo.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalId(demo.stack, demo.stack.events.deadLetterQueue), 'QueueName'] },
        },
      ],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: logicalId(demo.stack, demo.stack.monitoring.topic) }],
    });
  });

  it.each(connectorNames)('%s has an error-rate alarm and a dead-letter alarm', (name) => {
    // Prepare
    const functionRef = { Ref: logicalId(demo.stack, functionOf(demo.stack, name).function) };

    // Assess
    demo.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(invocations > 0, 100 * errors / invocations, 0)' }),
        Match.objectLike({
          Id: 'errors',
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({
              MetricName: 'Errors',
              Dimensions: [{ Name: 'FunctionName', Value: functionRef }],
            }),
          }),
        }),
      ]),
      Threshold: 5,
    });
    demo.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [
        {
          Name: 'QueueName',
          Value: {
            'Fn::GetAtt': [logicalId(demo.stack, functionOf(demo.stack, name).deadLetterQueue), 'QueueName'],
          },
        },
      ],
    });
  });

  it.each([
    ['demo', () => demo, 'invoice-mailbox', 168],
    ['demo', () => demo, 'bank-import', 96],
    ['demo', () => demo, 'cash-sync', 2],
    ['example-bv', () => exampleBv, 'invoice-mailbox', 72],
    ['example-bv', () => exampleBv, 'cash-sync', 26],
  ] as const)('%s: %s is reported silent after %s hours without invocations', (_t, synth, name, hours) => {
    // Prepare
    const { stack, template } = synth();

    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Invocations',
      Dimensions: [
        { Name: 'FunctionName', Value: { Ref: logicalId(stack, functionOf(stack, name).function) } },
      ],
      Period: 3600,
      EvaluationPeriods: hours,
      DatapointsToAlarm: hours,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
  });

  it('has no silence alarm for request-driven functions', () => {
    // Prepare
    const silent = Object.values(resourcesOfType(demo.template, 'AWS::CloudWatch::Alarm')).filter(
      (alarm) => alarm.Properties.TreatMissingData === 'breaching',
    );

    // Assess
    const functionIds = silent.map((alarm) => JSON.stringify(alarm.Properties.Dimensions));
    for (const name of ['cash-writer', 'partner-api'] as const) {
      expect(functionIds.join()).not.toContain(logicalId(demo.stack, functionOf(demo.stack, name).function));
    }
  });

  it('notifies an encrypted, TLS-only topic that e-mails the operators', () => {
    // Assess
    exampleBv.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    exampleBv.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'beheer@example-installatie.nl',
    });
    exampleBv.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    exampleBv.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    demo.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('lets CloudWatch use the alarm topic key only for alarms of its own account', () => {
    // Prepare
    const [key] = Object.values(resourcesOfType(exampleBv.template, 'AWS::KMS::Key'));
    const policy = key?.Properties.KeyPolicy as { Statement: (Statement & { Principal: unknown })[] };
    const statements = policy.Statement;
    const { account, region, partition } = exampleBv.stack;

    // Act
    const cloudwatch = statements.filter(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }),
    );

    // Assess
    expect(cloudwatch).toHaveLength(1);
    expect(cloudwatch[0]?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: {
        'aws:SourceArn': exampleBv.stack.resolve(`arn:${partition}:cloudwatch:${region}:${account}:alarm:*`),
      },
    });
  });

  it('draws a dashboard per tenant', () => {
    // Assess
    demo.template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'cashlink-demo' });
  });
});

describe('SES inbound', () => {
  it('adds no receipt rules when the tenant has not enabled it', () => {
    // Assess
    demo.template.resourceCountIs('AWS::SES::ReceiptRule', 0);
  });

  it('writes raw mail per administration and direction into the mailbox, scanned and over TLS', () => {
    // Prepare
    const rules = Object.values(resourcesOfType(exampleBv.template, 'AWS::SES::ReceiptRule')).map(
      (r) => r.Properties,
    );

    // Act
    const routes = rules.map((r) => {
      const rule = r.Rule as {
        Recipients: string[];
        Actions: { S3Action: { ObjectKeyPrefix: string } }[];
        TlsPolicy: string;
        ScanEnabled: boolean;
      };
      return {
        recipients: rule.Recipients,
        prefix: rule.Actions[0]?.S3Action.ObjectKeyPrefix,
        tls: rule.TlsPolicy,
        scan: rule.ScanEnabled,
        set: r.RuleSetName,
      };
    });

    // Assess
    const common = { tls: 'Require', scan: true, set: 'cashlink-inbound' };
    expect(routes).toEqual(
      expect.arrayContaining([
        {
          recipients: ['exbv-purchase@facturen.example-installatie.nl'],
          prefix: 'EXBV/purchase/',
          ...common,
        },
        { recipients: ['exbv-sales@facturen.example-installatie.nl'], prefix: 'EXBV/sales/', ...common },
        {
          recipients: ['exhold-purchase@facturen.example-installatie.nl'],
          prefix: 'EXHOLD/purchase/',
          ...common,
        },
        { recipients: ['exhold-sales@facturen.example-installatie.nl'], prefix: 'EXHOLD/sales/', ...common },
        { recipients: ['exbv-bank@facturen.example-installatie.nl'], prefix: 'EXBV/bank/', ...common },
        { recipients: ['exhold-bank@facturen.example-installatie.nl'], prefix: 'EXHOLD/bank/', ...common },
      ]),
    );
    expect(routes).toHaveLength(6);
    exampleBv.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('with the single layout, writes to <adm>/inbox-email/ and triggers the invoice mailbox there', () => {
    // Prepare
    const { directory, cleanup } = scratchTenants((input) => {
      input.mailInbound = SINGLE_MAIL_ADDRESS;
    });

    try {
      // Act
      const { template } = synthTenant('demo', project.root, directory);

      // Assess
      template.hasResourceProperties('AWS::SES::ReceiptRule', {
        Rule: Match.objectLike({
          Recipients: ['demo@inbox.demo.example'],
          Actions: [{ S3Action: Match.objectLike({ ObjectKeyPrefix: 'DEMO/inbox-email/' }) }],
        }),
      });
      template.hasResourceProperties('Custom::S3BucketNotifications', {
        NotificationConfiguration: {
          LambdaFunctionConfigurations: Match.arrayWith([
            Match.objectLike({
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'DEMO/inbox-email/' }] } },
            }),
          ]),
        },
      });
    } finally {
      cleanup();
    }
  });
});

describe('Stack', () => {
  it('tags everything with the tenant and follows the tenant file’s termination protection', () => {
    // Assess
    expect(demo.stack.terminationProtection).toBe(false);
    expect(exampleBv.stack.terminationProtection).toBe(true);
    expect(exampleBv.stack.account).toBe('123456789012');
    expect(exampleBv.stack.region).toBe('eu-central-1');
    demo.template.hasResourceProperties('AWS::SQS::Queue', {
      Tags: Match.arrayWith([{ Key: 'cashlink:tenant', Value: 'demo' }]),
    });
  });
});

describe('Bank API pulls', () => {
  it('lets only bank-import read the bunq API key and read/write its session context', () => {
    // Prepare: the example tenant with a bunq connection added.
    const { directory: scratch, cleanup } = scratchTenants((tenant) => {
      tenant.tenant = 'bunq-test';
      tenant.connectors = {
        ...tenant.connectors,
        'bank-import': {
          ...(tenant.connectors?.['bank-import'] ?? {}),
          settings: {
            bunq: [
              { administration: 'DEMO', apiKeySecretName: 'bunq/api-key', contextSecretName: 'bunq/context' },
            ],
          },
        },
      };
    });
    try {
      // Act
      const synth = synthTenant('bunq-test', project.root, scratch);
      // Assess
      const bank = actionsOf(synth, 'bank-import');
      expect(bank).toEqual(
        expect.arrayContaining(['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue']),
      );
      expect(actionsOf(synth, 'partner-api')).not.toContain('secretsmanager:GetSecretValue');
      expect(actionsOf(synth, 'invoice-mailbox')).not.toContain('secretsmanager:GetSecretValue');
    } finally {
      cleanup();
    }
  });
});
