import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FunctionInvocationError } from '../hub-error.ts';
import type { ThreadReserve } from './thread-reserve.ts';
import { WORKER_SOURCE } from './worker-source.ts';

/** What one environment runs: the function's bundle, its limits and its environment. */
export interface ExecutionEnvironmentOptions {
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
  /** Threads started ahead for some functions; the first environment of such a function adopts its thread. */
  reserve?: ThreadReserve;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  /** The function's timeout; set once the init phase is over. */
  timer?: NodeJS.Timeout;
}

/** Lambda's limit of the init phase; past it the function's own timeout runs (Lambda retries the init then). */
const INIT_LIMIT_MS = 10_000;

/**
 * One warm Lambda execution environment: a worker thread with the function's own `process.env` that loads
 * the bundle once. It runs one invocation at a time (its `FunctionWorker` hands out the turns). A timeout
 * or a crash terminates the thread; the next invocation starts a fresh one (a cold start).
 */
export class ExecutionEnvironment {
  private worker: Worker | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly inits = new WeakMap<Worker, Promise<void>>();

  constructor(
    private readonly options: ExecutionEnvironmentOptions,
    /** Called with every new thread, to collect its stdout/stderr. */
    private readonly onThread: (worker: Worker) => void,
  ) {}

  /**
   * Starts the thread and loads the bundle now, so the first invocation is not a cold start. Resolves once
   * the bundle is loaded (or failed to load: that failure shows on the first invocation) or the thread ends.
   */
  warm(): Promise<void> {
    return this.initialized(this.ensureWorker());
  }

  /** The init phase of `worker` (its bundle loaded, or failed to), asked for once per thread. */
  private initialized(worker: Worker): Promise<void> {
    let init = this.inits.get(worker);
    if (!init) {
      init = this.waitForInit(worker);
      this.inits.set(worker, init);
    }
    return init;
  }

  private waitForInit(worker: Worker): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        worker.off('message', onMessage);
        worker.off('exit', done);
        resolve();
      };
      const onMessage = (message: { warmed?: boolean }) => {
        if (message.warmed) done();
      };
      worker.on('message', onMessage);
      worker.on('exit', done);
      worker.postMessage({ warm: true });
    });
  }

  async stop(): Promise<void> {
    await this.discardWorker();
  }

  invoke(event: unknown): Promise<unknown> {
    const { name, timeoutMs } = this.options;
    const worker = this.ensureWorker();
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const waiting: Pending = { resolve, reject };
      this.pending.set(id, waiting);
      // A cold start's load is the init phase, not part of the invocation's time (as on Lambda).
      let initLimit: NodeJS.Timeout | undefined;
      const startClock = () => {
        clearTimeout(initLimit);
        if (this.pending.get(id) !== waiting || waiting.timer) return;
        waiting.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(
            new FunctionInvocationError(name, `Task timed out after ${timeoutMs / 1000} seconds`, 'timeout'),
          );
          // Lambda discards a timed-out environment; so do we.
          void this.discardWorker();
        }, timeoutMs);
      };
      initLimit = setTimeout(startClock, INIT_LIMIT_MS);
      void this.initialized(worker).then(startClock);
      this.post(id, worker, {
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

  /** Posts an invocation; an event the thread cannot receive (not cloneable) fails only that invocation. */
  private post(id: string, worker: Worker, message: unknown): void {
    try {
      worker.postMessage(message);
    } catch (error) {
      const waiting = this.pending.get(id);
      if (!waiting) return;
      this.pending.delete(id);
      clearTimeout(waiting.timer);
      waiting.reject(
        new FunctionInvocationError(
          this.options.name,
          `the event cannot be sent: ${String(error)}`,
          'error',
          {
            cause: error,
          },
        ),
      );
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const { name, modulePath, exportName, environment, memoryMb } = this.options;
    const moduleUrl = pathToFileURL(modulePath).href;
    // A reserved thread that has already ended (threadId -1) would never answer: a fresh one instead.
    const taken = this.options.reserve?.take(name, memoryMb);
    const reserved = taken && taken.threadId !== -1 ? taken : undefined;
    reserved?.ref();
    reserved?.postMessage({ adopt: { moduleUrl, exportName, environment } });
    const worker =
      reserved ??
      new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { moduleUrl, exportName },
        env: environment,
        execArgv: [],
        stdout: true,
        stderr: true,
        resourceLimits: { maxOldGenerationSizeMb: Math.max(64, memoryMb) },
      });
    this.onThread(worker);
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
    // Only the current thread's death fails the pending invocation; a discarded one (timed out) just goes.
    // An uncaught error anywhere in the thread (also one a nested worker of the function's raises and
    // nobody listens to) ends it with 'error', then 'exit'; process.exit() in the thread only with 'exit'.
    worker.on('error', (error) => {
      if (this.worker === worker) this.failAll(error);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.pending.size > 0) this.failAll(new Error(`exit status ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(cause: Error): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      this.pending.delete(id);
      waiting.reject(
        // As Lambda reports it: `Runtime exited with error: exit status 1` of type Runtime.ExitError.
        new FunctionInvocationError(
          this.options.name,
          `Runtime.ExitError: Runtime exited with error: ${cause.message}`,
          'crash',
          { cause },
        ),
      );
    }
    void this.discardWorker();
  }

  private async discardWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
