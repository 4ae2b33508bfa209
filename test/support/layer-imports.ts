import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

/** A layer rule: files under `from` may not import anything under one of `forbidden` (top-level folders). */
export interface LayerRule {
  from: string;
  forbidden: readonly string[];
}

/** One import that breaks a rule, with the file and line it is on. */
export interface LayerViolation {
  file: string;
  line: number;
  specifier: string;
  /** The top-level folder the specifier resolves into. */
  target: string;
}

const SOURCE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;

/**
 * Every module specifier in a source text — static imports and `import type`, `export … from`, dynamic
 * `import()` and `require()` — by the TypeScript scanner, so comments and strings are not mistaken for them.
 */
export function importSpecifiers(source: string): { specifier: string; line: number }[] {
  const info = ts.preProcessFile(source, true, true);
  return info.importedFiles.map((ref) => ({
    specifier: ref.fileName,
    line: source.slice(0, ref.pos).split('\n').length,
  }));
}

/** The repository-relative path (posix) a relative specifier of `file` points at; bare specifiers: undefined. */
export function resolveSpecifier(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  return posix.normalize(posix.join(posix.dirname(file), specifier));
}

/** The violations of `rules` in one file (`file` repository-relative, posix). */
export function layerViolations(file: string, source: string, rules: readonly LayerRule[]): LayerViolation[] {
  const rule = rules.find((r) => file.startsWith(`${r.from}/`));
  if (!rule) return [];
  const violations: LayerViolation[] = [];
  for (const { specifier, line } of importSpecifiers(source)) {
    const resolved = resolveSpecifier(file, specifier);
    const target = resolved?.split('/')[0];
    if (target && rule.forbidden.includes(target)) violations.push({ file, line, specifier, target });
  }
  return violations;
}

/** Source files below `directory` of the repository at `root`, repository-relative (posix), sorted. */
export function sourceFiles(root: string, directory: string): string[] {
  const found: string[] = [];
  const walk = (absolute: string): void => {
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(absolute, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(path);
    }
  };
  walk(join(root, directory));
  return found.map((path) => relative(root, path).split(sep).join('/')).sort();
}

/** The violations of `rules` across the repository at `root`. */
export function repositoryLayerViolations(root: string, rules: readonly LayerRule[]): LayerViolation[] {
  return rules.flatMap((rule) =>
    sourceFiles(root, rule.from).flatMap((file) =>
      layerViolations(file, readFileSync(join(root, file), 'utf8'), rules),
    ),
  );
}
