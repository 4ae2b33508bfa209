/** Progress of long CLI runs on a terminal's stderr (files read, entries, per second); silent elsewhere. */
export {
  type Progress,
  type ProgressOptions,
  ProgressReporter,
  type ProgressStream,
} from './progress-reporter.ts';
export { silentProgress } from './silent-progress.ts';
