import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../../hub/hub-error.ts';
import { orderQueues } from '../../../hub/provision/stack-provisioner.ts';
import { StackTemplate } from '../../../hub/template/stack-template.ts';
import { recorderTemplate } from '../../integration/hub/fixtures/recorder-stack.ts';

describe('StackTemplate', () => {
  const template = new StackTemplate('cashlink-test', recorderTemplate('/tmp/records.jsonl'));

  it('reads queues with their dead-letter queue, tables, buckets and functions', () => {
    // Assess
    expect(template.queues.map((q) => [q.logicalId, q.deadLetterQueue])).toEqual([
      ['WorkDlq1234', undefined],
      ['WorkQueue5678', 'WorkDlq1234'],
      ['FunctionDlq9999', undefined],
    ]);
    expect(template.tables.map((t) => t.logicalId)).toEqual(['ItemsTable0001']);
    expect(template.buckets.map((b) => b.logicalId)).toEqual(['InboxBucket0002']);
    expect(template.functions.map((f) => [f.logicalId, f.serviceName, f.inline, f.timeoutSeconds])).toEqual([
      ['RecorderFunctionA1B2C3D4', 'recorder', false, 10],
      ['CustomHelperFunction', undefined, true, 3],
    ]);
  });

  it('reads each trigger and the function it targets', () => {
    // Assess
    expect(template.sqsMappings).toEqual([
      {
        logicalId: 'RecorderMapping',
        functionId: 'RecorderFunctionA1B2C3D4',
        queueId: 'WorkQueue5678',
        batchSize: 10,
        reportBatchItemFailures: true,
        enabled: true,
      },
    ]);
    expect(template.notifications).toEqual([
      {
        id: 'InboxBucket0002#1',
        bucketId: 'InboxBucket0002',
        functionId: 'RecorderFunctionA1B2C3D4',
        events: ['s3:ObjectCreated:*'],
        prefix: 'DEMO/purchase/',
        suffix: '',
      },
    ]);
    expect(template.schedules[0]).toMatchObject({
      expression: 'cron(* * * * ? *)',
      timeZone: 'Europe/Amsterdam',
      functionId: 'RecorderFunctionA1B2C3D4',
      retryAttempts: 1,
    });
    expect(template.routes.map((r) => [r.method, r.path, r.authorizationType, r.functionId])).toEqual([
      ['POST', '/v1/items/{id}', 'AWS_IAM', 'RecorderFunctionA1B2C3D4'],
      ['GET', '/v1/documents/{id}', 'NONE', 'RecorderFunctionA1B2C3D4'],
    ]);
  });

  it('puts a function on the request path for its machine routes and SQS mappings, not for signed-in routes', () => {
    // Prepare: the same stack without its SQS mapping, once with every route behind the sign-in (JWT)
    const raw = recorderTemplate('/tmp/records.jsonl') as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const withoutMapping = (auth: (current: unknown) => unknown) => {
      const resources = Object.fromEntries(
        Object.entries(structuredClone(raw.Resources))
          .filter(([, resource]) => resource.Type !== 'AWS::Lambda::EventSourceMapping')
          .map(([id, resource]) =>
            resource.Type === 'AWS::ApiGatewayV2::Route'
              ? [
                  id,
                  {
                    ...resource,
                    Properties: {
                      ...resource.Properties,
                      AuthorizationType: auth(resource.Properties.AuthorizationType),
                    },
                  },
                ]
              : [id, resource],
          ),
      );
      return new StackTemplate('cashlink-test', { ...raw, Resources: resources } as never);
    };
    // Act
    const signedInOnly = withoutMapping(() => 'JWT').requestPathFunctionIds();
    const oneOpenRoute = withoutMapping((current) =>
      current === 'NONE' ? 'NONE' : 'JWT',
    ).requestPathFunctionIds();
    // Assess
    expect(template.requestPathFunctionIds()).toEqual(new Set(['RecorderFunctionA1B2C3D4']));
    expect(signedInOnly).toEqual(new Set());
    expect(oneOpenRoute).toEqual(new Set(['RecorderFunctionA1B2C3D4']));
  });

  it('orders dead-letter queues before the queues that redrive into them', () => {
    // Act
    const ordered = orderQueues([...template.queues].reverse());
    // Assess
    const ids = ordered.map((q) => q.logicalId);
    expect(ids.indexOf('WorkDlq1234')).toBeLessThan(ids.indexOf('WorkQueue5678'));
  });

  it.each([
    ['no Resources', {}, /no Resources/],
    [
      'a stream event source',
      {
        Resources: {
          M: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: 'arn:aws:kinesis:x' } },
        },
      },
      /only SQS event sources/,
    ],
  ])('refuses a template with %s', (_name, raw, reason) => {
    expect(() => new StackTemplate('x', raw as never)).toThrow(TemplateError);
    expect(() => new StackTemplate('x', raw as never)).toThrow(reason);
  });
});
