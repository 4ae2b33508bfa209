/** Messages between `StatementParseWorker` and its worker thread. */

/** Main → worker: read and parse this file. */
export interface ParseRequest {
  id: number;
  file: string;
}

/**
 * Worker → main: the `ParsedFile` as JSON text. Why text: a statement file parses into ~30 small objects
 * per entry, and decoding one JSON string on the receiving thread costs less there than a structured clone
 * of that graph; the encoding cost lands on the worker, off the consumer's path.
 */
export interface ParseResponse {
  id: number;
  json: string;
}
