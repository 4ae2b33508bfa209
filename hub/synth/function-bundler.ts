import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { SynthError } from '../hub-error.ts';
import { esbuildFailure } from './esbuild-failure.ts';

export interface BundleRequest {
  /** Connector name; the bundle lands in `<outDir>/<name>/index.mjs`. */
  name: string;
  /** Handler entry relative to the project root. */
  entry: string;
}

/**
 * Bundles handler entries with esbuild the way the stack's NodejsFunction does (ESM, `createRequire`
 * banner, AWS SDK v3 external as on the Lambda runtime), but in-process and in one build: CDK's local
 * bundling shells out to `npx esbuild` once per function, and five builds parse lib/ and the shared
 * packages five times; one build with every entry parses them once (about half the time). Code splitting
 * stays off, so each function still gets one self-contained file as on Lambda. The target is the Node that
 * runs the hub, since that is where the bundle runs locally.
 */
export class FunctionBundler {
  constructor(private readonly projectRoot: string) {}

  async bundleAll(requests: readonly BundleRequest[], outDir: string): Promise<Map<string, string>> {
    const present = requests.filter((request) => existsSync(join(this.projectRoot, request.entry)));
    const bundles = new Map(
      present.map((request) => [request.name, join(outDir, request.name, 'index.mjs')]),
    );
    if (present.length === 0) return bundles;
    this.linkDependencies(outDir);
    try {
      await build({
        absWorkingDir: this.projectRoot,
        entryPoints: Object.fromEntries(
          present.map((request) => [`${request.name}/index`, join(this.projectRoot, request.entry)]),
        ),
        outdir: outDir,
        outExtension: { '.js': '.mjs' },
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: `node${process.versions.node.split('.')[0]}`,
        mainFields: ['module', 'main'],
        sourcemap: true,
        sourcesContent: false,
        keepNames: true,
        external: ['@aws-sdk/*'],
        banner: {
          js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        },
        logLevel: 'silent',
      });
    } catch (error) {
      const names = present.map((request) => request.name).join(', ');
      throw new SynthError(`Bundling ${names} failed: ${esbuildFailure(error)}`, { cause: error });
    }
    return bundles;
  }

  /**
   * The AWS SDK stays external, as on Lambda, and is resolved from the project's node_modules — found by
   * walking up from a bundle inside the project, or through a link when the bundles live elsewhere.
   */
  private linkDependencies(outDir: string): void {
    const inside = !relative(this.projectRoot, outDir).startsWith('..');
    const link = join(outDir, 'node_modules');
    if (inside || existsSync(link)) return;
    mkdirSync(outDir, { recursive: true });
    symlinkSync(join(this.projectRoot, 'node_modules'), link, 'dir');
  }
}
