import { Worker } from 'node:worker_threads';
import type { ParseRequest, ParseResponse } from './messages.ts';
import type { ParsedFile } from './parsed-file.ts';

/** The worker thread stopped (failed to start, crashed or was stopped) before answering. */
export class ParseWorkerUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ParseWorkerUnavailableError';
  }
}

interface Pending {
  resolve: (parsed: ParsedFile) => void;
  reject: (error: Error) => void;
}

/**
 * Reads and parses statement files on one worker thread, so a caller can match the entries of one file
 * while the next is parsed. The thread keeps the process alive only while it has work.
 */
export class StatementParseWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor() {
    this.worker = new Worker(new URL('./worker-entry.mjs', import.meta.url));
    this.worker.unref();
    this.worker.on('message', (response: ParseResponse) => this.answer(response));
    this.worker.on('error', (error) =>
      this.fail(
        new ParseWorkerUnavailableError(`statement parse worker failed: ${error.message}`, { cause: error }),
      ),
    );
    this.worker.on('exit', (code) =>
      this.fail(new ParseWorkerUnavailableError(`statement parse worker exited with code ${code}`)),
    );
  }

  parse(file: string): Promise<ParsedFile> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<ParsedFile>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      const request: ParseRequest = { id, file };
      this.worker.postMessage(request);
    });
  }

  async stop(): Promise<void> {
    this.fail(new ParseWorkerUnavailableError('statement parse worker was stopped'));
    await this.worker.terminate();
  }

  private answer(response: ParseResponse): void {
    const waiting = this.pending.get(response.id);
    if (!waiting) return;
    this.pending.delete(response.id);
    if (this.pending.size === 0) this.worker.unref();
    waiting.resolve(JSON.parse(response.json) as ParsedFile);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }
}
