import type { BuildOptions } from 'esbuild';

/**
 * The esbuild options every bundle the hub builds for Node shares: ESM `.mjs` files for this Node, the
 * `module` entry of packages first, and a `require` for the CommonJS code the bundle inlines.
 */
export function nodeEsmBuildOptions(projectRoot: string): BuildOptions {
  return {
    absWorkingDir: projectRoot,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    mainFields: ['module', 'main'],
    keepNames: true,
    banner: {
      // Aliased: bundled ESM code may import `createRequire` itself (tesseract.js does).
      js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
    },
    logLevel: 'silent',
  };
}

/** esbuild, loaded when a bundle is built: a warm start with every bundle cached never loads it. */
export async function loadEsbuild(): Promise<typeof import('esbuild')> {
  return import('esbuild');
}
