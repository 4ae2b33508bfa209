import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { connectors } from '../../lib/tenant/index.ts';
import { SynthError } from '../hub-error.ts';
import { esbuildFailure } from './esbuild-failure.ts';
import { loadEsbuild, nodeEsmBuildOptions } from './node-esm-build.ts';
import { SdkLayerBundler } from './sdk-layer-bundler.ts';

/** The packages the function bundles leave external: the AWS SDK, as Lambda's runtime provides it. */
const SDK_SCOPE = '@aws-sdk/';

/**
 * The packages the function bundles leave out because their code reads its own files at run time
 * (tesseract.js: its worker script, tesseract.js-core's WebAssembly, the language models): on Lambda they
 * are installed beside the bundle (`installedPackages` of the registry, NodejsFunction's `nodeModules`).
 */
export const INSTALLED_PACKAGES: readonly string[] = [
  ...new Set(Object.values(connectors).flatMap((definition) => definition.installedPackages ?? [])),
].sort();

/** The file next to each bundle that imports the packages it leaves external. */
export const PRELOAD_FILE = 'preload.mjs';

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
 * runs the hub, since that is where the bundle runs locally. The SDK the bundles leave external is laid
 * out next to them as the local runtime's own (SdkLayerBundler).
 */
export class FunctionBundler {
  constructor(private readonly projectRoot: string) {}

  async bundleAll(requests: readonly BundleRequest[], outDir: string): Promise<Map<string, string>> {
    const present = requests.filter((request) => existsSync(join(this.projectRoot, request.entry)));
    const bundles = new Map(
      present.map((request) => [request.name, join(outDir, request.name, 'index.mjs')]),
    );
    if (present.length === 0) return bundles;
    let metafile: Metafile;
    try {
      const { build } = await loadEsbuild();
      ({ metafile } = await build({
        ...nodeEsmBuildOptions(this.projectRoot),
        entryPoints: Object.fromEntries(
          present.map((request) => [`${request.name}/index`, join(this.projectRoot, request.entry)]),
        ),
        outdir: outDir,
        sourcemap: true,
        sourcesContent: false,
        external: [`${SDK_SCOPE}*`, ...INSTALLED_PACKAGES],
        metafile: true,
      }));
    } catch (error) {
      const names = present.map((request) => request.name).join(', ');
      throw new SynthError(`Bundling ${names} failed: ${esbuildFailure(error)}`, { cause: error });
    }
    const external = this.writePreloads(metafile);
    await new SdkLayerBundler(this.projectRoot).bundle(external, join(outDir, 'node_modules'));
    this.linkInstalledPackages(join(outDir, 'node_modules'));
    return bundles;
  }

  /**
   * The installed packages as on Lambda, beside the bundles: `<modulesDir>/<name>` links to the project's
   * copy, so a bundle in a state folder outside the project resolves them (and the files they read next to
   * themselves) by walking up from its own folder. Their own dependencies resolve from the project's
   * node_modules, where the links lead.
   */
  private linkInstalledPackages(modulesDir: string): void {
    const require = createRequire(join(this.projectRoot, 'package.json'));
    for (const name of INSTALLED_PACKAGES) {
      const folder = (require.resolve.paths(name) ?? [])
        .map((modules) => join(modules, name))
        .find((candidate) => existsSync(join(candidate, 'package.json')));
      if (!folder)
        throw new SynthError(
          `Package ${name} (installed beside the function bundles) is not in ${this.projectRoot}'s node_modules: run npm ci`,
        );
      const link = join(modulesDir, name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(folder, link, 'dir');
    }
  }

  /**
   * Next to each bundle, a module that imports the packages the bundle leaves external: a hub thread can
   * load them before the function's environment is known (ThreadReserve), resolved from where the bundle
   * resolves them, so the bundle later finds them loaded. Returns every bundle's external packages.
   */
  private writePreloads(metafile: Metafile): string[] {
    const builtins = new Set(builtinModules);
    const all = new Set<string>();
    for (const [output, meta] of Object.entries(metafile.outputs)) {
      if (!meta.entryPoint) continue;
      const packages = [
        ...new Set(
          meta.imports
            // Only what the build leaves out on purpose: esbuild also leaves out an optional `require` it
            // cannot resolve (inside try/catch, e.g. node-fetch's `encoding`), which must stay optional.
            .filter(
              (entry) => entry.external && entry.path.startsWith(SDK_SCOPE) && !builtins.has(entry.path),
            )
            .map((entry) => entry.path),
        ),
      ].sort();
      for (const name of packages) all.add(name);
      const lines = packages.map((name) => `import ${JSON.stringify(name)};`);
      writeFileSync(join(dirname(resolve(this.projectRoot, output)), PRELOAD_FILE), `${lines.join('\n')}\n`);
    }
    return [...all].sort();
  }
}
