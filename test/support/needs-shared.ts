import { describe, type TestOptions } from 'vitest';
import { type SharedResource, sharedResourceAvailable } from './shared-location.ts';

declare module '@vitest/runner' {
  interface TaskMeta {
    /** Set on tests skipped because these parts of ../shared are missing; SharedMissingReporter counts them. */
    missingShared?: SharedResource[];
  }
}

/** Skipped and marked for the reporter when something in `needs` is missing; plain otherwise. */
function optionsFor(needs: readonly SharedResource[]): TestOptions {
  const missing = needs.filter((resource) => !sharedResourceAvailable(resource));
  return missing.length > 0 ? { skip: true, meta: { missingShared: missing } } : {};
}

/**
 * A `describe` whose tests need parts of ../shared: on a clone without them its tests are skipped (the
 * factory still runs to declare them; corpus listings are empty then) and SharedMissingReporter says how
 * many did not run and why, failing the run under CI=true.
 */
export function describeNeeding(needs: readonly SharedResource[], name: string, factory: () => void): void {
  describe(name, optionsFor(needs), factory);
}

/** A `describe` over ../shared/corpus. */
export function describeWithCorpus(name: string, factory: () => void): void {
  describeNeeding(['corpus'], name, factory);
}

/** A `describe` holding corpus documents to the official artifacts: needs the corpus and ../shared/conformance. */
export function describeWithConformance(name: string, factory: () => void): void {
  describeNeeding(['corpus', 'conformance'], name, factory);
}

/**
 * Options for single tests or table rows over ../shared/corpus among tests that need nothing shared:
 * `it('…', withCorpus(), fn)`, `it.each(rows)('…', withCorpus(), fn)`; other options (a timeout) go in
 * `options`, since a test given options takes no timeout argument.
 */
export function withCorpus(options: TestOptions = {}): TestOptions {
  return { ...options, ...optionsFor(['corpus']) };
}
