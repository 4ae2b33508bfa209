/** Parsing statement files ahead of the consumer, on a worker thread. */
export {
  type FileParser,
  type ParseFilesAheadOptions,
  parseStatementFilesAhead,
  WORKER_MIN_BYTES,
  worthAWorker,
} from './parse-files-ahead.ts';
export { type ParsedFile, readAndParseStatementFile } from './parsed-file.ts';
export { ParseWorkerUnavailableError, StatementParseWorker } from './statement-parse-worker.ts';
