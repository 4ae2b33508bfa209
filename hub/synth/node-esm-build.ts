import type { BuildOptions } from 'esbuild';

/**
 * The esbuild options every bundle the hub builds for Node shares: ESM `.mjs` files for this Node, the
 * `module` entry of packages first, and a `require` for the CommonJS code the bundle inlines (through an
 * alias: the banner is raw text above the bundle, where a module's own `import { createRequire }` lands too).
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
      js: "import { createRequire as bannerCreateRequire } from 'node:module'; const require = bannerCreateRequire(import.meta.url);",
    },
    logLevel: 'silent',
  };
}

/** esbuild, loaded when a bundle is built: a warm start with every bundle cached never loads it. */
export async function loadEsbuild(): Promise<typeof import('esbuild')> {
  return import('esbuild');
}
