import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SynthError } from '../hub-error.ts';
import { esbuildFailure } from './esbuild-failure.ts';
import { loadEsbuild, nodeEsmBuildOptions } from './node-esm-build.ts';

/**
 * The local Lambda runtime's AWS SDK: the packages the function bundles leave external (as Lambda's
 * runtime image provides them), bundled from the project's node_modules into `<outDir>/node_modules/`,
 * one module per package with the code they share in common chunks. A bundle resolves its bare
 * `@aws-sdk/…` imports there first, walking up from its folder. Node's ESM loader takes about a third of
 * a second to resolve and read the SDK's ~1,000 files one by one in every function thread; these few
 * files load in a tenth of that. Same package versions, same code: only how it is laid out on disk.
 */
export class SdkLayerBundler {
  constructor(private readonly projectRoot: string) {}

  /** Bundles `packages` (bare names) into `<modulesDir>/<name>/index.mjs`, each with a package.json. */
  async bundle(packages: readonly string[], modulesDir: string): Promise<void> {
    rmSync(modulesDir, { recursive: true, force: true });
    if (packages.length === 0) return;
    try {
      const { build } = await loadEsbuild();
      await build({
        ...nodeEsmBuildOptions(this.projectRoot),
        entryPoints: Object.fromEntries(packages.map((name) => [`${name}/index`, name])),
        outdir: modulesDir,
        chunkNames: '.chunks/[name]-[hash]',
        splitting: true,
      });
    } catch (error) {
      throw new SynthError(
        `Bundling the functions' AWS SDK (${packages.join(', ')}) failed: ${esbuildFailure(error)}`,
        {
          cause: error,
        },
      );
    }
    for (const name of packages) {
      const directory = join(modulesDir, name);
      mkdirSync(directory, { recursive: true });
      writeFileSync(
        join(directory, 'package.json'),
        `${JSON.stringify({ name, type: 'module', exports: './index.mjs' }, null, 2)}\n`,
      );
    }
  }
}
