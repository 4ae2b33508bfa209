import { type Progress, type ProgressOptions, ProgressReporter, silentProgress } from './progress/index.ts';

/** What a command writes to: whole lines, and the progress of a long run. */
export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** Starts the progress line of a run; absent where nothing can show it (tests, library callers). */
  progress?: (options: ProgressOptions) => Progress;
}

/** The progress of this run, or one that does nothing. */
export function progressOf(io: CliIo, options: ProgressOptions): Progress {
  return io.progress?.(options) ?? silentProgress;
}

/**
 * The process's io: progress on stderr when it is a terminal, erased before any line written to the same
 * terminal so the two never run together. Output to a pipe or file never touches the progress line.
 */
export function processIo(): CliIo {
  let current: Progress = silentProgress;
  return {
    stdout: (line) => {
      if (process.stdout.isTTY) current.clear();
      process.stdout.write(`${line}\n`);
    },
    stderr: (line) => {
      current.clear();
      process.stderr.write(`${line}\n`);
    },
    progress: (options) => {
      current = new ProgressReporter(process.stderr, options);
      return current;
    },
  };
}
