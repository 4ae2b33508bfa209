import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { displayDir, type SharedResource, sharedResourceDir } from './shared-location.ts';

/** What one project skipped for want of the same missing resources. */
export interface Skipped {
  project: string;
  missing: readonly SharedResource[];
  tests: number;
  files: Set<string>;
}

/**
 * Says, one line per project and missing part of ../shared, how many tests and files did not run and why
 * (the tests marked by test/support/needs-shared.ts). A missing corpus is a note on a developer's clone and
 * a failure under CI=true, where shared/ is always laid beside the repository.
 */
export class SharedMissingReporter implements Reporter {
  #vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped = skippedForMissingShared(testModules);
    if (skipped.length === 0) return;
    const failing = process.env.CI === 'true';
    for (const one of skipped) {
      const line = missingSharedLine(one, failing);
      if (failing) this.#error(line);
      else this.#log(line);
    }
    if (failing) process.exitCode = 1;
  }

  #log(line: string): void {
    if (this.#vitest) this.#vitest.logger.log(line);
    else console.log(line);
  }

  #error(line: string): void {
    if (this.#vitest) this.#vitest.logger.error(line);
    else console.error(line);
  }
}

/** The skipped tests of a run, grouped by project and missing resource, in the order first met. */
export function skippedForMissingShared(testModules: ReadonlyArray<TestModule>): Skipped[] {
  const groups = new Map<string, Skipped>();
  for (const module of testModules) {
    const project = module.project.name;
    const marked = [...module.children.allSuites(), ...module.children.allTests()].filter(
      (task) => task.meta().missingShared !== undefined,
    );
    for (const task of marked) {
      const missing = task.meta().missingShared ?? [];
      const key = `${project}\0${missing.join()}`;
      let group = groups.get(key);
      if (!group) {
        group = { project, missing, tests: 0, files: new Set() };
        groups.set(key, group);
      }
      group.files.add(module.relativeModuleId);
      if (task.type === 'test' && task.result().state === 'skipped') group.tests += 1;
    }
  }
  return [...groups.values()];
}

/** E.g. `unit: corpus ../shared/corpus missing: 266 tests in 30 files skipped (test/unit/…, …); …`. */
export function missingSharedLine(skipped: Skipped, failing: boolean): string {
  const what = skipped.missing
    .map((resource) => `${resource} ${displayDir(sharedResourceDir(resource))}`)
    .join(' and ');
  const files = [...skipped.files].sort();
  const counted = `${skipped.tests} ${skipped.tests === 1 ? 'test' : 'tests'} in ${files.length} ${files.length === 1 ? 'file' : 'files'}`;
  // A table over the corpus files has no rows without them: its tests cannot be counted.
  const head = `${skipped.project || 'vitest'}: ${what} missing: ${counted} skipped, tables over corpus files not counted`;
  const tail = failing
    ? 'CI=true makes this a failure: lay shared/ beside the repository'
    : 'put shared/ beside the repository or set CASHLINK_SHARED_DIR; with CI=true this fails';
  return `${head} (${files.join(', ')}); ${tail}`;
}
