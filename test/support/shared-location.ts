import { statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the shared reference material lives. CI clones the repository with `shared/` beside it; a plain
 * clone may have none. No vitest import here: vitest.config.ts and the reporter read this too.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** `../shared` beside the repository, unless CASHLINK_SHARED_DIR says otherwise. */
export const sharedDir = resolve(process.env.CASHLINK_SHARED_DIR ?? join(repoRoot, '..', 'shared'));

/** The real sample files: `<shared>/corpus`, unless CASHLINK_CORPUS_DIR says otherwise. */
export const corpusDir = resolve(process.env.CASHLINK_CORPUS_DIR ?? join(sharedDir, 'corpus'));

/**
 * The official EN 16931 / SI-UBL 2.0 artifacts: `<shared>/conformance`, unless CASHLINK_CONFORMANCE_DIR
 * says otherwise (the variable lib/invoices/conformance reads; vitest.config.ts hands it this value).
 */
export const conformanceDir = resolve(process.env.CASHLINK_CONFORMANCE_DIR ?? join(sharedDir, 'conformance'));

/** A part of the shared material that some tests need. */
export type SharedResource = 'corpus' | 'conformance';

const SHARED_DIRS: Readonly<Record<SharedResource, string>> = {
  corpus: corpusDir,
  conformance: conformanceDir,
};

/** The folder a shared resource is read from. */
export function sharedResourceDir(resource: SharedResource): string {
  return SHARED_DIRS[resource];
}

const availability = new Map<SharedResource, boolean>();

/** Whether the folder of a shared resource exists (checked once per process). */
export function sharedResourceAvailable(resource: SharedResource): boolean {
  let available = availability.get(resource);
  if (available === undefined) {
    available = statSync(SHARED_DIRS[resource], { throwIfNoEntry: false })?.isDirectory() ?? false;
    availability.set(resource, available);
  }
  return available;
}

/** Whether `<shared>/corpus` is there. */
export function corpusAvailable(): boolean {
  return sharedResourceAvailable('corpus');
}

/** Whether `<shared>/conformance` is there. */
export function conformanceAvailable(): boolean {
  return sharedResourceAvailable('conformance');
}

/** A folder as people read it in a message: relative to the repository when close to it (`../shared/corpus`). */
export function displayDir(dir: string): string {
  const fromRepo = relative(repoRoot, dir);
  return fromRepo.split(/[\\/]/).filter((part) => part === '..').length <= 1 ? fromRepo : dir;
}
