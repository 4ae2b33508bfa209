import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type FileParser,
  type ParsedFile,
  ParseWorkerUnavailableError,
  parseStatementFilesAhead,
  readAndParseStatementFile,
  StatementParseWorker,
  WORKER_MIN_BYTES,
  worthAWorker,
} from '../../../lib/bank/parsers/ahead/index.ts';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import { corpusPath, corpusSamples } from '../../support/corpus.ts';
import { withCorpus } from '../../support/needs-shared.ts';

const corpusFiles = corpusSamples(['camt053', 'mt940', 'bankcsv']).map((file) => file.path);

async function collect(files: string[], options = {}): Promise<ParsedFile[]> {
  const out: ParsedFile[] = [];
  for await (const parsed of parseStatementFilesAhead(files, options)) out.push(parsed);
  return out;
}

/** The result as it crosses a thread: JSON drops properties that are undefined. */
function inThread(file: string): ParsedFile {
  return JSON.parse(
    JSON.stringify({ file, readable: true, result: parseStatementFile(readFileSync(file), file) }),
  );
}

describe('parseStatementFilesAhead', () => {
  it.each([
    ['worker', 1],
    ['worker', 3],
    ['caller', 2],
  ] as const)(
    'parses every corpus file on the %s thread (read-ahead %i), in order, exactly as in-thread',
    withCorpus(),
    async (thread, readAhead) => {
      // Prepare
      expect(corpusFiles.length).toBeGreaterThan(20);
      // Act
      const parsed = await collect(corpusFiles, { thread, readAhead });
      // Assess
      expect(parsed.map((one) => one.file)).toEqual(corpusFiles);
      expect(parsed).toEqual(corpusFiles.map(inThread));
    },
  );

  it('yields an unreadable file with its error and goes on with the next', withCorpus(), async () => {
    // Prepare
    const missing = corpusPath('camt053', 'does-not-exist.xml');
    const files = [missing, corpusFiles[0] as string];
    // Act
    const parsed = await collect(files);
    // Assess
    expect(parsed[0]).toMatchObject({
      file: missing,
      readable: false,
      error: expect.stringContaining('ENOENT'),
    });
    expect(parsed[1]).toEqual(inThread(corpusFiles[0] as string));
  });

  it('falls back to the caller thread when the worker fails', withCorpus(), async () => {
    // Prepare: a worker that dies on its second file
    let calls = 0;
    let stopped = false;
    const failing: FileParser = {
      parse: (file) =>
        ++calls >= 2 ? Promise.reject(new Error('worker died')) : readAndParseStatementFile(file),
      stop: async () => {
        stopped = true;
      },
    };
    const files = corpusFiles.slice(0, 4);
    // Act
    const parsed = await collect(files, { thread: 'worker', startWorker: () => failing });
    // Assess
    expect(parsed).toEqual(files.map(inThread));
    expect(stopped).toBe(true);
  });

  it('stops the worker when the consumer stops early', withCorpus(), async () => {
    // Prepare
    let stopped = false;
    const worker: FileParser = {
      parse: readAndParseStatementFile,
      stop: async () => {
        stopped = true;
      },
    };
    // Act
    for await (const parsed of parseStatementFilesAhead(corpusFiles, {
      thread: 'worker',
      startWorker: () => worker,
    })) {
      expect(parsed.readable).toBe(true);
      break;
    }
    // Assess
    expect(stopped).toBe(true);
  });

  it('starts a worker only when there is enough to parse (auto)', withCorpus(), async () => {
    // Prepare
    let started = 0;
    const startWorker = (): FileParser => {
      started++;
      return { parse: readAndParseStatementFile, stop: async () => {} };
    };
    // Act
    const small = await collect(corpusFiles.slice(0, 3), { startWorker });
    // Assess
    expect(started).toBe(0);
    expect(small).toEqual(corpusFiles.slice(0, 3).map(inThread));
    expect(worthAWorker([WORKER_MIN_BYTES - 1])).toBe(false);
    expect(worthAWorker([WORKER_MIN_BYTES / 2, WORKER_MIN_BYTES / 2])).toBe(true);
    expect(worthAWorker([])).toBe(false);
  });

  it('yields nothing for no files', async () => {
    // Act + Assess
    expect(await collect([])).toEqual([]);
  });
});

describe('StatementParseWorker', () => {
  it('parses on its own thread and refuses work once stopped', withCorpus(), async () => {
    // Prepare
    const worker = new StatementParseWorker();
    const file = corpusFiles[1] as string;
    // Act
    const parsed = await worker.parse(file);
    await worker.stop();
    // Assess
    expect(parsed).toEqual(inThread(file));
    await expect(worker.parse(file)).rejects.toBeInstanceOf(ParseWorkerUnavailableError);
  });
});
