import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { SynthError } from '../hub-error.ts';
import { sourceFileUrls } from '../launch/source-file-urls.mjs';
import { esbuildFailure } from './esbuild-failure.ts';
import { loadEsbuild } from './node-esm-build.ts';

export interface CdkAppRunnerOptions {
  projectRoot: string;
}

/** The hub's entry of the CDK app (infra/app.ts's buildApp on a synthesizing App). */
const ENTRY = join('hub', 'synth', 'cdk-app-main.ts');

/**
 * Runs the tenant's CDK app in a child process, so the hub's event loop stays free. The app is first
 * bundled with esbuild (its packages left external, required from the project's node_modules) and run by
 * plain node: tsx would transform every file of infra/ and lib/ it imports on each start, and node's
 * ESM loader would scan aws-cdk-lib's CommonJS for export names. CDK's own bundling is switched off; the
 * hub bundles the handlers itself.
 */
export class CdkAppRunner {
  constructor(private readonly options: CdkAppRunnerOptions) {}

  /** Bundles the app into `outfile` (tenant-independent: HubBuild keeps it with the function bundles). */
  async bundle(outfile: string): Promise<string> {
    const { projectRoot } = this.options;
    try {
      const { build } = await loadEsbuild();
      await build({
        absWorkingDir: projectRoot,
        entryPoints: [join(projectRoot, ENTRY)],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: `node${process.versions.node.split('.')[0]}`,
        keepNames: true,
        logLevel: 'silent',
        plugins: [packagesFromProject(projectRoot), sourceFileUrls()],
      });
    } catch (error) {
      throw new SynthError(`Bundling the CDK app (${ENTRY}) failed: ${esbuildFailure(error)}`, {
        cause: error,
      });
    }
    return outfile;
  }

  /** Runs the bundled app (`bundle`'s file) and synthesizes `tenant`'s stack into `outDir`. */
  run(appFile: string, outDir: string, tenant: string): Promise<void> {
    const { projectRoot } = this.options;
    const cdkJson = join(projectRoot, 'cdk.json');
    const context = existsSync(cdkJson)
      ? ((JSON.parse(readFileSync(cdkJson, 'utf8')) as { context?: Record<string, unknown> }).context ?? {})
      : {};
    const env = {
      ...process.env,
      CDK_OUTDIR: outDir,
      // The hub bundles the handlers itself; CDK would shell out to npx esbuild per function.
      CDK_CONTEXT_JSON: JSON.stringify({ ...context, tenant, 'aws:cdk:bundling-stacks': [] }),
    };
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [appFile], {
        cwd: projectRoot,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-20_000);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('error', (error) =>
        reject(new SynthError(`Cannot run the CDK app: ${error.message}`, { cause: error })),
      );
      child.on('close', (code) => {
        if (code === 0) return resolve();
        reject(new SynthError(`cdk synth of tenant ${tenant} failed (exit ${code}):\n${summarize(output)}`));
      });
    });
  }
}

/**
 * Leaves every package external but names it by its resolved path in the project, so the bundle runs from
 * any directory (the hub's state directory may lie outside the project).
 */
function packagesFromProject(projectRoot: string): Plugin {
  const require = createRequire(join(projectRoot, 'package.json'));
  const builtins = new Set(builtinModules);
  return {
    name: 'packages-from-project',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || builtins.has(args.path)) return { external: true };
        try {
          return { path: require.resolve(args.path), external: true };
        } catch (error) {
          return { errors: [{ text: `Cannot resolve ${args.path}: ${(error as Error).message}` }] };
        }
      });
    },
  };
}

/** The error the CDK app died of (its first `…Error: message` and what follows, no stack frames), else the tail. */
function summarize(output: string): string {
  const lines = output
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.includes('npm warn') && !/^\s+at /.test(line));
  const first = lines.findIndex((line) => /^\s*(\[cause\]: )?\w*Error\b.*:/.test(line));
  const picked = first >= 0 ? lines.slice(first, first + 4) : lines.slice(-8);
  return picked.map((line) => `  ${line.trim()}`).join('\n');
}
