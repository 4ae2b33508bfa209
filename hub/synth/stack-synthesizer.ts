import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SynthError } from '../hub-error.ts';
import { CdkAppRunner } from './cdk-app-runner.ts';
import { type BuiltHub, HubBuild } from './hub-build.ts';
import { hashFiles, sourceFiles } from './source-files.ts';

export interface SynthesizedStack {
  stackName: string;
  templatePath: string;
  /** Connector name → bundled handler module. */
  bundles: Map<string, string>;
  /** Whether the cached synthesis was reused (no source, tenant file or cdk.json changed). */
  cached: boolean;
  key: string;
}

export interface StackSynthesizerOptions {
  projectRoot: string;
  tenant: string;
  /** The hub's state directory (`.hub/`); syntheses are cached under `synth/<key>/`. */
  stateDir: string;
  /** The bundles and the CDK app's bundle; default: HubBuild's cache in the project. */
  build?: HubBuild;
}

/** What the app reads when it runs, besides what HubBuild built: the tenant files and cdk.json's context. */
const RUN_INPUTS = [join('infra', 'tenants'), 'cdk.json'];
/** Bump when the hub changes how it synthesizes. */
const CACHE_FORMAT = 'hub-synth-4';

/**
 * Synthesizes the tenant stack: runs the CDK app (`infra/app.ts`, cdk-nag included) from HubBuild's bundle
 * in a child process, so the hub's event loop stays free, with HubBuild's handler bundles (built by
 * `npm ci`'s `prepare`, else now, alongside). The template is cached in `.hub/synth/` under a hash of the
 * build's key, the tenant and what the app reads, so a restart without changes skips both.
 */
export class StackSynthesizer {
  private readonly build: HubBuild;

  constructor(private readonly options: StackSynthesizerOptions) {
    this.build = options.build ?? new HubBuild({ projectRoot: options.projectRoot });
  }

  /** Hash of the build's sources, the tenant, the tenant files, cdk.json and the cache format. */
  sourceKey(): string {
    const hash = createHash('sha256').update(
      `${CACHE_FORMAT}\n${this.options.tenant}\n${this.build.key()}\n`,
    );
    const { projectRoot } = this.options;
    return hashFiles(hash, projectRoot, sourceFiles(projectRoot, RUN_INPUTS)).digest('hex').slice(0, 16);
  }

  async synthesize(): Promise<SynthesizedStack> {
    const key = this.sourceKey();
    const root = join(this.options.stateDir, 'synth');
    const directory = join(root, key);
    const outDir = join(directory, 'cdk.out');
    const done = join(directory, 'complete.json');
    const built = this.build.cached();
    if (built && existsSync(done)) {
      const saved = JSON.parse(readFileSync(done, 'utf8')) as { stackName: string };
      return {
        stackName: saved.stackName,
        templatePath: join(outDir, `${saved.stackName}.template.json`),
        bundles: built.bundles,
        cached: true,
        key,
      };
    }
    this.checkTenantFile();
    const { bundles, cdkApp } = built ?? (await this.buildOrFail());
    rmSync(directory, { recursive: true, force: true });
    mkdirSync(directory, { recursive: true });
    await new CdkAppRunner({ projectRoot: this.options.projectRoot }).run(
      cdkApp,
      outDir,
      this.options.tenant,
    );
    const stackName = this.stackNameIn(outDir);
    writeFileSync(done, JSON.stringify({ stackName, build: this.build.key() }));
    // Older syntheses are of no further use.
    for (const entry of readdirSync(root))
      if (entry !== key) rmSync(join(root, entry), { recursive: true, force: true });
    return {
      stackName,
      templatePath: join(outDir, `${stackName}.template.json`),
      bundles,
      cached: false,
      key,
    };
  }

  private async buildOrFail(): Promise<BuiltHub> {
    try {
      return await this.build.ensure();
    } catch (error) {
      if (error instanceof SynthError) throw error;
      throw new SynthError(`Building the hub's bundles failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  private checkTenantFile(): void {
    const tenantsDirectory = join(this.options.projectRoot, 'infra', 'tenants');
    if (existsSync(join(tenantsDirectory, `${this.options.tenant}.json`))) return;
    const known = existsSync(tenantsDirectory)
      ? readdirSync(tenantsDirectory)
          .filter((name) => name.endsWith('.json'))
          .map((name) => name.replace(/\.json$/, ''))
      : [];
    throw new SynthError(
      `No tenant file infra/tenants/${this.options.tenant}.json; choose one of: ${known.join(', ') || '(none)'}`,
    );
  }

  private stackNameIn(outDir: string): string {
    const manifestPath = join(outDir, 'manifest.json');
    if (!existsSync(manifestPath)) throw new SynthError(`The CDK app wrote no ${manifestPath}`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      artifacts?: Record<string, { type?: string }>;
    };
    const stacks = Object.entries(manifest.artifacts ?? {})
      .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
      .map(([name]) => name);
    if (stacks.length !== 1) {
      throw new SynthError(
        `Expected one stack for tenant ${this.options.tenant}, the app made ${stacks.join(', ') || 'none'}`,
      );
    }
    return stacks[0] as string;
  }
}
