import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointHandler } from '../../lib/local/aws-emulators.ts';
import { errorMessage } from '../../lib/runtime/error-message.ts';
import { truncateText } from '../../lib/runtime/quoted-text.ts';

/** The part of a function worker the route needs: run one event, resolve with the handler's result. */
export interface InvocableFunction {
  invoke(event: unknown): Promise<unknown>;
}

export interface LambdaInvokeRouteOptions {
  /** The function a `FunctionName` (name, or ARN ending in `function:<name>`) names; undefined when unknown. */
  functionNamed: (name: string) => InvocableFunction | undefined;
  region: string;
  accountId: string;
  /** Waits before the retries of an `Event` invocation (Lambda: two retries, a minute and two apart; shortened locally). */
  retryDelaysMs?: readonly number[];
  /** Told how an `Event` invocation ended (after its last attempt on failure). */
  onAsyncResult?: (report: {
    functionName: string;
    attempt: number;
    error?: unknown;
    deadLettered?: boolean;
  }) => void;
  /** Sends a failed `Event` invocation's payload to the function's dead-letter queue; false when it has none. */
  deadLetter?: (functionName: string, event: unknown, error: unknown) => Promise<boolean>;
}

export interface LambdaAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const LAMBDA_PREFIX = '/2015-03-31/functions/';
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/?]+)\/invocations(?:\?.*)?$/;
/** Lambda's payload limits: 6 MB for RequestResponse, 256 KB for Event. */
const SYNC_LIMIT_BYTES = 6 * 1024 * 1024;
const ASYNC_LIMIT_BYTES = 256 * 1024;

/**
 * Lambda's `Invoke` REST call (`POST /2015-03-31/functions/{name}/invocations`) answered by the hub's
 * workers: `Event` → 202 and the worker runs the payload in the background with Lambda's two retries;
 * `RequestResponse` → 200 with the result, or `X-Amz-Function-Error: Unhandled` and the error; `DryRun` →
 * 204; an unknown function → 404 `ResourceNotFoundException`, as Lambda answers.
 */
export class LambdaInvokeRoute implements EndpointHandler {
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: LambdaInvokeRouteOptions) {}

  /** Whether the request is Lambda's (the emulator endpoint hands those here). */
  matches(req: IncomingMessage): boolean {
    return (req.url ?? '').startsWith(LAMBDA_PREFIX);
  }

  /** The node:http handler: reads the body, answers. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= SYNC_LIMIT_BYTES + 1) chunks.push(chunk);
    });
    req.on('end', () => {
      void this.answer(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks)).then(
        (answer) => {
          res.writeHead(answer.status, {
            ...answer.headers,
            'content-length': Buffer.byteLength(answer.body),
          });
          res.end(answer.body);
        },
      );
    });
  }

  /** The answer to one request (pure of sockets, for tests). */
  async answer(
    method: string,
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
  ): Promise<LambdaAnswer> {
    const requestId = randomUUID();
    const match = INVOKE_PATH.exec(path);
    if (method !== 'POST' || !match)
      return this.error(
        404,
        'UnknownOperationException',
        `Unknown operation ${method} ${truncateText(path, 80)}`,
        requestId,
      );
    const name = nameOf(decodeURIComponent(match[1] as string));
    const fn = this.options.functionNamed(name);
    if (!fn)
      return this.error(
        404,
        'ResourceNotFoundException',
        `Function not found: arn:aws:lambda:${this.options.region}:${this.options.accountId}:function:${truncateText(name, 80)}`,
        requestId,
      );
    const type = String(headerOf(headers, 'x-amz-invocation-type') ?? 'RequestResponse');
    if (type !== 'Event' && type !== 'RequestResponse' && type !== 'DryRun')
      return this.error(
        400,
        'InvalidParameterValueException',
        `X-Amz-Invocation-Type must be Event, RequestResponse or DryRun, got "${truncateText(type, 40)}"`,
        requestId,
      );
    const limit = type === 'Event' ? ASYNC_LIMIT_BYTES : SYNC_LIMIT_BYTES;
    if (body.length > limit)
      return this.error(
        413,
        'RequestTooLargeException',
        `Request must be smaller than ${limit} bytes for the ${type} invocation type`,
        requestId,
      );
    let event: unknown;
    try {
      event = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch (error) {
      return this.error(
        400,
        'InvalidRequestContentException',
        `Could not parse request body into json: ${errorMessage(error)}`,
        requestId,
      );
    }
    if (type === 'DryRun') return { status: 204, headers: { 'x-amzn-requestid': requestId }, body: '' };
    if (type === 'Event') {
      if (this.stopped) return this.error(503, 'ServiceException', 'the hub is stopping', requestId);
      this.runAsync(name, fn, event);
      return { status: 202, headers: { 'x-amzn-requestid': requestId }, body: '' };
    }
    const resultHeaders = { 'x-amzn-requestid': requestId, 'x-amz-executed-version': '$LATEST' };
    try {
      const result = await fn.invoke(event);
      return {
        status: 200,
        headers: { ...resultHeaders, 'content-type': 'application/json' },
        body: result === undefined ? 'null' : JSON.stringify(result),
      };
    } catch (error) {
      return {
        status: 200,
        headers: {
          ...resultHeaders,
          'content-type': 'application/json',
          'x-amz-function-error': 'Unhandled',
        },
        body: JSON.stringify({
          errorType: (error as Error)?.name ?? 'Error',
          errorMessage: errorMessage(error),
          trace: [],
        }),
      };
    }
  }

  /** Waits for the background invocations (their retries are cut short). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.running]);
  }

  private runAsync(functionName: string, fn: InvocableFunction, event: unknown): void {
    const delays = this.options.retryDelaysMs ?? [1_000, 2_000];
    const attempts = Math.min(2, delays.length) + 1;
    const run = (async () => {
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          await fn.invoke(event);
          this.options.onAsyncResult?.({ functionName, attempt });
          return;
        } catch (error) {
          if (attempt === attempts || this.stopped) {
            const deadLettered = await this.deadLetter(functionName, event, error);
            this.options.onAsyncResult?.({ functionName, attempt, error, deadLettered });
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, delays[attempt - 1]));
        }
      }
    })();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  private async deadLetter(functionName: string, event: unknown, error: unknown): Promise<boolean> {
    try {
      return (await this.options.deadLetter?.(functionName, event, error)) ?? false;
    } catch {
      return false;
    }
  }

  private error(status: number, type: string, message: string, requestId: string): LambdaAnswer {
    return {
      status,
      headers: {
        'content-type': 'application/json',
        'x-amzn-errortype': type,
        'x-amzn-requestid': requestId,
      },
      body: JSON.stringify({ Type: status >= 500 ? 'Service' : 'User', message }),
    };
  }
}

/** `my-fn`, `arn:aws:lambda:eu-west-1:000000000000:function:my-fn[:qualifier]` or `000000000000:function:my-fn` → `my-fn`. */
function nameOf(functionName: string): string {
  const at = functionName.indexOf('function:');
  if (at < 0) return functionName;
  return (functionName.slice(at + 'function:'.length).split(':')[0] ?? '') as string;
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
