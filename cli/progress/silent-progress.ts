import type { Progress } from './progress-reporter.ts';

/** The progress of a run without a terminal to show it on (tests, pipes, callers of `run`). */
export const silentProgress: Progress = {
  update: () => {},
  clear: () => {},
  finish: () => {},
};
