import { statSync } from 'node:fs';
import { type ParsedFile, readAndParseStatementFile } from './parsed-file.ts';
import { StatementParseWorker } from './statement-parse-worker.ts';

export interface ParseFilesAheadOptions {
  /** How many files may be parsed ahead of the consumer (bounds memory). Default 2. */
  readAhead?: number;
  /**
   * `worker`: parse on a worker thread while the caller works on the previous file; falls back to the
   * caller's thread if the worker cannot run. `caller`: parse on the calling thread, one file at a time.
   * `auto` (default): the worker when there is enough to parse to pay for starting it (`worthAWorker`).
   */
  thread?: 'worker' | 'caller' | 'auto';
  /** Starts the worker (tests replace it); default a `StatementParseWorker`. */
  startWorker?: () => FileParser;
}

/**
 * Below this many bytes in all, parsing takes less time (~40 ms per MB) than starting the worker thread
 * (~200 ms, most of it loading the parser), so one-off runs on a few small files stay on one thread.
 */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;

/** Whether files of these sizes are worth parsing on a worker thread. */
export function worthAWorker(sizes: readonly number[]): boolean {
  return sizes.reduce((total, size) => total + size, 0) >= WORKER_MIN_BYTES;
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    // An unreadable file is reported when it is read.
    return 0;
  }
}

/** What the consumer needs of a worker: parse a file, and stop. */
export interface FileParser {
  parse(file: string): Promise<ParsedFile>;
  stop(): Promise<void>;
}

/**
 * Yields the statement files parsed, in the order given. With the worker thread, parsing starts at once
 * (before the first `next()`, so the caller can build its matcher meanwhile) and stays `readAhead` files
 * ahead of the consumer: parsing and matching then run on two cores, which takes the parse time (about 2 s
 * for 100,000 entries) off the critical path. Never throws for a file: an unreadable file is yielded with
 * its error. Breaking out of the loop stops the worker.
 */
export function parseStatementFilesAhead(
  files: readonly string[],
  options: ParseFilesAheadOptions = {},
): AsyncGenerator<ParsedFile> {
  const thread = options.thread ?? 'auto';
  if (files.length === 0 || thread === 'caller' || (thread === 'auto' && !worthAWorker(files.map(fileSize))))
    return parseHere(files);
  const readAhead = Math.max(1, Math.floor(options.readAhead ?? 2));
  const worker = options.startWorker?.() ?? new StatementParseWorker();
  const requested = new Map<number, Promise<ParsedFile>>();
  const request = (index: number): void => {
    const file = files[index];
    if (file === undefined) return;
    // A failed worker falls back to this thread for this file and, failing fast, for every file after it.
    requested.set(
      index,
      worker.parse(file).catch(() => readAndParseStatementFile(file)),
    );
  };
  for (let index = 0; index < Math.min(readAhead, files.length); index++) request(index);
  return consumeInOrder(files.length, readAhead, requested, request, worker);
}

async function* parseHere(files: readonly string[]): AsyncGenerator<ParsedFile> {
  for (const file of files) yield await readAndParseStatementFile(file);
}

async function* consumeInOrder(
  count: number,
  readAhead: number,
  requested: Map<number, Promise<ParsedFile>>,
  request: (index: number) => void,
  worker: FileParser,
): AsyncGenerator<ParsedFile> {
  try {
    for (let index = 0; index < count; index++) {
      const parsed = await (requested.get(index) as Promise<ParsedFile>);
      requested.delete(index);
      request(index + readAhead);
      yield parsed;
    }
  } finally {
    await worker.stop();
  }
}
