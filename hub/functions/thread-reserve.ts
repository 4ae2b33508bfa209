import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { connectors } from '../../lib/tenant/connector-registry.ts';
import { PRELOAD_FILE } from '../synth/function-bundler.ts';
import type { SynthesizedStack } from '../synth/stack-synthesizer.ts';
import { StackTemplate } from '../template/stack-template.ts';
import { WORKER_SOURCE } from './worker-source.ts';

interface ReservedThread {
  worker: Worker;
  memoryMb: number;
}

/**
 * Threads started for the request-path functions (those behind the HTTP API and the SQS mappings) as soon
 * as the synthesis is known, while the hub itself is still loading: each loads its bundle's external
 * packages (the AWS SDK, as Lambda's runtime image has them) before the function's environment exists.
 * The function's first execution environment adopts its thread, hands it the environment and loads the
 * bundle, so a warm restart pays the SDK's load on the second core instead of after provisioning.
 * Nothing the bundle itself runs happens before its environment is set.
 */
export class ThreadReserve {
  private readonly threads = new Map<string, ReservedThread>();
  private stopped = false;

  /** Starts a thread for each request-path function of the synthesized stack that has a preload file. */
  prepareRequestPath(synthesized: SynthesizedStack): void {
    if (this.stopped) return;
    const template = StackTemplate.of(synthesized);
    const requestPath = template.requestPathFunctionIds();
    for (const fn of template.functions) {
      if (fn.inline || !fn.serviceName || !requestPath.has(fn.logicalId)) continue;
      const bundle = synthesized.bundles.get(fn.serviceName);
      const preload = bundle ? join(dirname(bundle), PRELOAD_FILE) : undefined;
      if (preload && existsSync(preload)) this.reserve(fn.serviceName, preload, fn.memoryMb);
    }
  }

  /**
   * Before any template exists (a first start, while the CDK app runs): a thread for each core connector on
   * the request path as the registry declares it (the event queue, HTTP routes that are not the signed-in
   * users'), from the hub build's bundles. Core connectors are in every tenant's stack; a memory setting the
   * template later gives differently only costs that thread (`take` refuses it).
   */
  prepareFromRegistry(bundles: ReadonlyMap<string, string>): void {
    for (const [name, definition] of Object.entries(connectors)) {
      const { eventQueue, http = [] } = definition.triggers;
      const onRequestPath = eventQueue !== undefined || http.some((route) => route.access !== 'user');
      const bundle = bundles.get(name);
      if (!definition.core || !onRequestPath || !bundle) continue;
      const preload = join(dirname(bundle), PRELOAD_FILE);
      if (existsSync(preload)) this.reserve(name, preload, definition.memorySizeMb);
    }
  }

  /** Starts a thread for function `name` that loads `preloadPath`; the first environment of `name` adopts it. */
  reserve(name: string, preloadPath: string, memoryMb: number): void {
    if (this.stopped || this.threads.has(name)) return;
    const worker = reserveThread(preloadPath, memoryMb);
    const reserved = { worker, memoryMb };
    // A thread that dies before a function adopts it (its preload threw, it ran out of memory) is dropped,
    // so the function starts a fresh thread instead of posting to a dead one; its error is not the hub's.
    const drop = () => {
      if (this.threads.get(name) === reserved) this.threads.delete(name);
    };
    worker.on('error', drop);
    worker.on('exit', drop);
    this.threads.set(name, reserved);
  }

  /** The thread reserved for `name`, once; only when it was started with the same memory limit. */
  take(name: string, memoryMb: number): Worker | undefined {
    const reserved = this.threads.get(name);
    if (!reserved) return undefined;
    this.threads.delete(name);
    if (reserved.memoryMb === memoryMb) return reserved.worker;
    void reserved.worker.terminate();
    return undefined;
  }

  /** Ends the threads no environment adopted. */
  async stop(): Promise<void> {
    this.stopped = true;
    const unused = [...this.threads.values()];
    this.threads.clear();
    await Promise.all(unused.map((reserved) => reserved.worker.terminate()));
  }
}

/** A function thread, as ExecutionEnvironment starts one, without its module or environment yet. */
function reserveThread(preloadPath: string, memoryMb: number): Worker {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { preloadUrl: pathToFileURL(preloadPath).href },
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    execArgv: [],
    stdout: true,
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: Math.max(64, memoryMb) },
  });
  // An unused reserve must not keep the process alive.
  worker.unref();
  return worker;
}
