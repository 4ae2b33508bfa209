import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Worker } from 'node:worker_threads';
import { FunctionInvocationError, HubError } from '../hub-error.ts';
import { ExecutionEnvironment, type ExecutionEnvironmentOptions } from './execution-environment.ts';

/** Each of the function's environments runs the same bundle with the same limits; the worker adds logs and scale. */
export interface FunctionWorkerOptions extends ExecutionEnvironmentOptions {
  /** Where the function's stdout/stderr (its JSON logs) are appended. */
  logPath: string;
  /** Each log line with a level of WARN or worse, for the terminal. */
  onLogLine?: (line: { level: string; message: string; raw: string }) => void;
  /**
   * Invocations that may run side by side, each in its own environment; default 1. The hub gives a
   * function what its SQS mappings' maximum concurrency adds up to.
   */
  concurrency?: number;
}

/**
 * One function's warm "containers": up to `concurrency` execution environments (worker threads with the
 * function's own `process.env`, each loading the bundle once and running one invocation at a time), as
 * Lambda scales a function out. Invocations beyond that wait their turn, in order. The most recently used
 * environment is reused first, so a lightly used function stays on one warm environment.
 */
export class FunctionWorker {
  private readonly environments: ExecutionEnvironment[] = [];
  /** Environments without an invocation; the last one is the warmest. */
  private readonly idle: ExecutionEnvironment[] = [];
  private readonly waiting: Array<{ take: (environment: ExecutionEnvironment) => void; refuse: () => void }> =
    [];
  private readonly running = new Set<Promise<unknown>>();
  private concurrencyValue: number;
  private log: WriteStream | undefined;
  private stopped = false;

  constructor(readonly options: FunctionWorkerOptions) {
    this.concurrencyValue = checkedConcurrency(options.name, options.concurrency ?? 1);
  }

  /** How many invocations may run side by side (the number of environments the function may have). */
  get concurrency(): number {
    return this.concurrencyValue;
  }

  /** Raises or lowers the number of environments; extra idle ones are let go when lowered. */
  setConcurrency(limit: number): void {
    this.concurrencyValue = checkedConcurrency(this.options.name, limit);
    while (this.environments.length > this.concurrencyValue && this.idle.length > 0)
      this.retire(this.idle.shift() as ExecutionEnvironment);
    this.serveWaiting();
  }

  /** Invokes the handler with `event`; resolves with its (JSON-cloned) result, rejects with FunctionInvocationError. */
  invoke(event: unknown): Promise<unknown> {
    const run = this.take().then(async (environment) => {
      try {
        return await environment.invoke(event);
      } finally {
        this.giveBack(environment);
      }
    });
    const tracked = run.catch(() => undefined);
    this.running.add(tracked);
    void tracked.then(() => this.running.delete(tracked));
    return run;
  }

  /**
   * Starts an environment and loads the bundle now, so the first invocation is not a cold start; resolves
   * when it is loaded.
   */
  warm(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.environments.length === 0) this.idle.push(this.create());
    return this.idle.at(-1)?.warm() ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiter of this.waiting.splice(0)) waiter.refuse();
    await Promise.all(this.running);
    await Promise.all(this.environments.map((environment) => environment.stop()));
    this.environments.length = 0;
    this.idle.length = 0;
    await new Promise<void>((resolve) => (this.log ? this.log.end(resolve) : resolve()));
  }

  private take(): Promise<ExecutionEnvironment> {
    if (this.stopped)
      return Promise.reject(new FunctionInvocationError(this.options.name, 'the hub is stopping', 'crash'));
    const ready = this.waiting.length === 0 ? this.available() : undefined;
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      this.waiting.push({
        take: resolve,
        refuse: () => reject(new FunctionInvocationError(this.options.name, 'the hub is stopping', 'crash')),
      });
    });
  }

  /** An idle environment, or a new one while below the concurrency; undefined when all are busy. */
  private available(): ExecutionEnvironment | undefined {
    const idle = this.idle.pop();
    if (idle) return idle;
    return this.environments.length < this.concurrencyValue ? this.create() : undefined;
  }

  private giveBack(environment: ExecutionEnvironment): void {
    if (this.stopped) return;
    if (this.environments.length > this.concurrencyValue) this.retire(environment);
    else this.idle.push(environment);
    this.serveWaiting();
  }

  private serveWaiting(): void {
    while (this.waiting.length > 0) {
      const environment = this.available();
      if (!environment) return;
      this.waiting.shift()?.take(environment);
    }
  }

  private create(): ExecutionEnvironment {
    const environment = new ExecutionEnvironment(this.options, (worker) => this.pipeLogs(worker));
    this.environments.push(environment);
    return environment;
  }

  private retire(environment: ExecutionEnvironment): void {
    this.environments.splice(this.environments.indexOf(environment), 1);
    void environment.stop();
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

function checkedConcurrency(name: string, limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new HubError(`${name}: concurrency must be a whole number of at least 1, got ${limit}`);
  return limit;
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
