import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { SynthError } from '../hub-error.ts';

export interface BundleRequest {
  /** Connector name; the bundle lands in `<outDir>/<name>/index.mjs`. */
  name: string;
  /** Handler entry relative to the project root. */
  entry: string;
}

/**
 * Bundles handler entries with esbuild the way the stack's NodejsFunction does (ESM, `createRequire`
 * banner, AWS SDK v3 external as on the Lambda runtime), but in-process: CDK's local bundling shells out
 * to `npx esbuild` once per function, which costs seconds the 15 s start budget does not have. The target
 * is the Node that runs the hub, since that is where the bundle runs locally.
 */
export class FunctionBundler {
  constructor(private readonly projectRoot: string) {}

  async bundleAll(requests: readonly BundleRequest[], outDir: string): Promise<Map<string, string>> {
    const bundles = new Map<string, string>();
    this.linkDependencies(outDir);
    await Promise.all(
      requests
        .filter((request) => existsSync(join(this.projectRoot, request.entry)))
        .map(async (request) => bundles.set(request.name, await this.bundle(request, outDir))),
    );
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

  async bundle(request: BundleRequest, outDir: string): Promise<string> {
    const outfile = join(outDir, request.name, 'index.mjs');
    try {
      await build({
        absWorkingDir: this.projectRoot,
        entryPoints: [join(this.projectRoot, request.entry)],
        outfile,
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
      const detail = (
        error as { errors?: Array<{ text: string; location?: { file: string; line: number } }> }
      ).errors
        ?.slice(0, 3)
        .map((e) => (e.location ? `${e.location.file}:${e.location.line} ${e.text}` : e.text))
        .join('; ');
      throw new SynthError(`Bundling ${request.name} (${request.entry}) failed: ${detail ?? String(error)}`, {
        cause: error,
      });
    }
    return outfile;
  }
}
