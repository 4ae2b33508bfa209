import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InvocableFunction, LambdaInvokeRoute } from '../../../hub/emulators/lambda-invoke-route.ts';
import { type AwsEmulators, startAwsEmulators } from '../../../lib/local/aws-emulators.ts';
import { until } from '../../support/hub.ts';

const REGION = 'eu-west-1';

/** A function that records its events and answers (or throws) as told. */
class RecordingFunction implements InvocableFunction {
  readonly events: unknown[] = [];
  constructor(private readonly behave: (event: unknown, call: number) => unknown) {}
  async invoke(event: unknown): Promise<unknown> {
    this.events.push(event);
    return this.behave(event, this.events.length);
  }
}

function routeFor(
  functions: Record<string, InvocableFunction>,
  extra: Partial<ConstructorParameters<typeof LambdaInvokeRoute>[0]> = {},
) {
  return new LambdaInvokeRoute({
    functionNamed: (name) => functions[name],
    region: REGION,
    accountId: '000000000000',
    retryDelaysMs: [1, 1],
    ...extra,
  });
}

const body = (value: unknown) => Buffer.from(JSON.stringify(value));
const PATH = (name: string) => `/2015-03-31/functions/${encodeURIComponent(name)}/invocations`;

describe('LambdaInvokeRoute.answer', () => {
  it('answers RequestResponse with the result, by name or ARN', async () => {
    // Prepare
    const fn = new RecordingFunction((event) => ({ echoed: event }));
    const route = routeFor({ 'demo-bank-import': fn });

    // Act
    const byName = await route.answer('POST', PATH('demo-bank-import'), {}, body({ a: 1 }));
    const byArn = await route.answer(
      'POST',
      PATH('arn:aws:lambda:eu-west-1:000000000000:function:demo-bank-import:$LATEST'),
      { 'x-amz-invocation-type': 'RequestResponse' },
      body({ a: 2 }),
    );

    // Assess
    expect(byName.status).toBe(200);
    expect(JSON.parse(byName.body)).toEqual({ echoed: { a: 1 } });
    expect(byArn.status).toBe(200);
    expect(fn.events).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('answers a throwing function with X-Amz-Function-Error: Unhandled and the error', async () => {
    // Prepare
    const route = routeFor({
      broken: new RecordingFunction(() => {
        throw new TypeError('no bank today');
      }),
    });

    // Act
    const answer = await route.answer('POST', PATH('broken'), {}, body({}));

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers['x-amz-function-error']).toBe('Unhandled');
    expect(JSON.parse(answer.body)).toMatchObject({ errorType: 'TypeError', errorMessage: 'no bank today' });
  });

  it.each([
    {
      case: 'unknown function',
      name: 'nope',
      headers: {},
      payload: body({}),
      status: 404,
      type: 'ResourceNotFoundException',
    },
    {
      case: 'bad invocation type',
      name: 'known',
      headers: { 'x-amz-invocation-type': 'Later' },
      payload: body({}),
      status: 400,
      type: 'InvalidParameterValueException',
    },
    {
      case: 'payload not JSON',
      name: 'known',
      headers: {},
      payload: Buffer.from('{not json'),
      status: 400,
      type: 'InvalidRequestContentException',
    },
    {
      case: 'Event payload over 256 KB',
      name: 'known',
      headers: { 'x-amz-invocation-type': 'Event' },
      payload: body({ x: 'x'.repeat(300_000) }),
      status: 413,
      type: 'RequestTooLargeException',
    },
  ])(
    'refuses $case with $status $type and never runs it',
    async ({ name, headers, payload, status, type }) => {
      // Prepare
      const fn = new RecordingFunction(() => null);
      const route = routeFor({ known: fn });

      // Act
      const answer = await route.answer('POST', PATH(name), headers, payload);

      // Assess
      expect(answer.status).toBe(status);
      expect(answer.headers['x-amzn-errortype']).toBe(type);
      expect(JSON.parse(answer.body).message).toEqual(expect.any(String));
      expect(fn.events).toEqual([]);
    },
  );

  it('answers Event with 202 at once, then runs it, retrying twice before the dead-letter queue', async () => {
    // Prepare
    const fn = new RecordingFunction(() => {
      throw new Error('still failing');
    });
    const deadLettered: unknown[] = [];
    const reports: Array<{ attempt: number; deadLettered?: boolean }> = [];
    const route = routeFor(
      { flaky: fn },
      {
        deadLetter: async (_name, event) => {
          deadLettered.push(event);
          return true;
        },
        onAsyncResult: (r) => reports.push(r),
      },
    );

    // Act
    const answer = await route.answer(
      'POST',
      PATH('flaky'),
      { 'x-amz-invocation-type': 'Event' },
      body({ run: 1 }),
    );
    await until(async () => (reports.length > 0 ? true : undefined), 2_000);

    // Assess
    expect(answer.status).toBe(202);
    expect(answer.body).toBe('');
    expect(fn.events).toHaveLength(3);
    expect(deadLettered).toEqual([{ run: 1 }]);
    expect(reports).toEqual([expect.objectContaining({ attempt: 3, deadLettered: true })]);
  });
});

describe('LambdaInvokeRoute on the emulator endpoint, through the AWS SDK', () => {
  let emulators: AwsEmulators;
  let lambda: LambdaClient;
  const fn = new RecordingFunction((event, call) => (call === 1 ? { ok: true, event } : undefined));

  beforeAll(async () => {
    emulators = await startAwsEmulators();
    emulators.serve(routeFor({ 'demo-bank-import': fn }));
    lambda = new LambdaClient({
      endpoint: emulators.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  }, 30_000);
  afterAll(async () => {
    lambda?.destroy();
    await emulators?.stop();
  });

  it('gives the SDK the result, 202 for Event, and ResourceNotFoundException for an unknown name', async () => {
    // Prepare
    const payload = new TextEncoder().encode(JSON.stringify({ hello: 'wereld' }));

    // Act
    const sync = await lambda.send(new InvokeCommand({ FunctionName: 'demo-bank-import', Payload: payload }));
    const async = await lambda.send(
      new InvokeCommand({ FunctionName: 'demo-bank-import', InvocationType: 'Event', Payload: payload }),
    );
    const unknown = await lambda
      .send(new InvokeCommand({ FunctionName: 'not-there', InvocationType: 'Event', Payload: payload }))
      .catch((error: unknown) => error);
    await until(async () => (fn.events.length >= 2 ? true : undefined), 2_000);

    // Assess
    expect(sync.StatusCode).toBe(200);
    expect(JSON.parse(new TextDecoder().decode(sync.Payload))).toEqual({
      ok: true,
      event: { hello: 'wereld' },
    });
    expect(async.StatusCode).toBe(202);
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
    expect((unknown as Error).message).toContain('function:not-there');
    expect(fn.events).toEqual([{ hello: 'wereld' }, { hello: 'wereld' }]);
  });

  it('still hands DynamoDB and SQS calls to the emulators', async () => {
    // Act
    const answer = await fetch(`${emulators.endpoint}/`, {
      method: 'POST',
      headers: {
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: '{}',
    });

    // Assess
    expect(answer.status).not.toBe(404);
  });
});
