/** The worker thread of `StatementParseWorker`: reads and parses the files it is asked for, one at a time. */
import { parentPort } from 'node:worker_threads';
import type { ParseRequest, ParseResponse } from './messages.ts';
import { readAndParseStatementFile } from './parsed-file.ts';

const port = parentPort;
if (!port) throw new Error('lib/bank/parsers/ahead/worker.ts runs only as a worker thread');

port.on('message', async (request: ParseRequest) => {
  const parsed = await readAndParseStatementFile(request.file);
  const response: ParseResponse = { id: request.id, json: JSON.stringify(parsed) };
  port.postMessage(response);
});
