import type { Hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The source files under `inputs` (project-relative folders or files), sorted: code and JSON only, no
 * node_modules, no dot-files, nothing under `excluded`. What a cache key of the hub is computed from.
 */
export function sourceFiles(
  projectRoot: string,
  inputs: readonly string[],
  excluded: readonly string[] = [],
): string[] {
  const skip = new Set(excluded.map((path) => join(projectRoot, path)));
  const files: string[] = [];
  const visit = (path: string): void => {
    if (!existsSync(path) || skip.has(path)) return;
    if (!statSync(path).isDirectory()) {
      files.push(path);
      return;
    }
    for (const entry of readdirSync(path)) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const child = join(path, entry);
      if (statSync(child).isDirectory()) visit(child);
      else if (/\.(ts|mts|js|mjs|json)$/.test(entry)) files.push(child);
    }
  };
  for (const input of inputs) visit(join(projectRoot, input));
  return files.sort();
}

/** Feeds each file's project-relative name and content into `hash`. */
export function hashFiles(hash: Hash, projectRoot: string, files: readonly string[]): Hash {
  for (const file of files) {
    hash.update(relative(projectRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash;
}
