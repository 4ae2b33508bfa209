import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FunctionInvocationError } from '../hub-error.ts';
import { WORKER_SOURCE } from './worker-source.ts';

export interface FunctionWorkerOptions {
  /** The function's name as the hub shows it (the connector, e.g. `cash-writer`). */
  name: string;
  /** The bundled module (`index.mjs`). */
  modulePath: string;
  /** The export to call (`handler` of `index.handler`). */
  exportName: string;
  timeoutMs: number;
  memoryMb: number;
  /** The function's environment, resolved; the worker sees only this (plus what the hub adds). */
  environment: Record<string, string>;
  /** Where the function's stdout/stderr (its JSON logs) are appended. */
  logPath: string;
  /** Each log line with a level of WARN or worse, for the terminal. */
  onLogLine?: (line: { level: string; message: string; raw: string }) => void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One function's warm "container": a worker thread with the function's own `process.env`, that loads the
 * bundle once and runs one invocation at a time, as a Lambda execution environment does. A timeout or a
 * crash terminates the worker; the next invocation starts a fresh one (a cold start).
 */
export class FunctionWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<string, Pending>();
  private queue: Promise<unknown> = Promise.resolve();
  private log: WriteStream | undefined;
  private stopped = false;

  constructor(readonly options: FunctionWorkerOptions) {}

  /** Invokes the handler with `event`; resolves with its (JSON-cloned) result, rejects with FunctionInvocationError. */
  invoke(event: unknown): Promise<unknown> {
    const run = this.queue.then(
      () => this.invokeNow(event),
      () => this.invokeNow(event),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Starts the worker and loads the bundle now, so the first invocation is not a cold start. */
  warm(): void {
    if (!this.stopped) this.ensureWorker().postMessage({ warm: true });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.queue.catch(() => undefined);
    await this.worker?.terminate();
    this.worker = undefined;
    await new Promise<void>((resolve) => (this.log ? this.log.end(resolve) : resolve()));
  }

  private invokeNow(event: unknown): Promise<unknown> {
    const { name, timeoutMs } = this.options;
    if (this.stopped)
      return Promise.reject(new FunctionInvocationError(name, 'the hub is stopping', 'crash'));
    const worker = this.ensureWorker();
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new FunctionInvocationError(name, `Task timed out after ${timeoutMs / 1000} seconds`, 'timeout'),
        );
        // Lambda discards a timed-out environment; so do we.
        void this.discardWorker();
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({
        id,
        event,
        context: {
          functionName: name,
          functionVersion: '$LATEST',
          invokedFunctionArn: `arn:aws:lambda:eu-west-1:000000000000:function:${name}`,
          memoryLimitInMB: String(this.options.memoryMb),
          awsRequestId: id,
          logGroupName: `/aws/lambda/${name}`,
          logStreamName: 'local',
          timeoutMs,
        },
      });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const { modulePath, exportName, environment, memoryMb } = this.options;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { moduleUrl: pathToFileURL(modulePath).href, exportName },
      env: environment,
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, memoryMb) },
    });
    this.pipeLogs(worker);
    worker.on(
      'message',
      (message: {
        id: string;
        ok: boolean;
        result?: unknown;
        error?: { name: string; message: string; stack?: string };
      }) => {
        const waiting = this.pending.get(message.id);
        if (!waiting) return;
        this.pending.delete(message.id);
        clearTimeout(waiting.timer);
        if (message.ok) waiting.resolve(message.result);
        else {
          const error = new FunctionInvocationError(
            this.options.name,
            `${message.error?.name ?? 'Error'}: ${message.error?.message ?? 'unknown error'}`,
            'error',
          );
          if (message.error?.stack) error.stack = message.error.stack;
          waiting.reject(error);
        }
      },
    );
    // Only the current worker's death fails the pending invocation; a discarded one (timed out) just goes.
    worker.on('error', (error) => {
      if (this.worker === worker) this.failAll(error);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.pending.size > 0) this.failAll(new Error(`worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(cause: Error): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      this.pending.delete(id);
      waiting.reject(
        new FunctionInvocationError(this.options.name, `Runtime exited: ${cause.message}`, 'crash', {
          cause,
        }),
      );
    }
    void this.discardWorker();
  }

  private async discardWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private pipeLogs(worker: Worker): void {
    if (!this.log) {
      mkdirSync(dirname(this.options.logPath), { recursive: true });
      this.log = createWriteStream(this.options.logPath, { flags: 'a' });
    }
    const log = this.log;
    for (const stream of [worker.stdout, worker.stderr]) {
      createInterface({ input: stream }).on('line', (raw) => {
        log.write(`${raw}\n`);
        const parsed = parseLogLine(raw);
        if (parsed && (parsed.level === 'WARN' || parsed.level === 'ERROR' || parsed.level === 'CRITICAL')) {
          this.options.onLogLine?.({ ...parsed, raw });
        }
      });
    }
  }
}

/** Powertools (and the worker) log JSON lines with `level` and `message`; plain text counts as INFO. */
function parseLogLine(raw: string): { level: string; message: string } | undefined {
  if (!raw.startsWith('{')) return { level: 'INFO', message: raw };
  try {
    const parsed = JSON.parse(raw) as { level?: unknown; message?: unknown };
    return { level: String(parsed.level ?? 'INFO').toUpperCase(), message: String(parsed.message ?? '') };
  } catch {
    return { level: 'INFO', message: raw };
  }
}
