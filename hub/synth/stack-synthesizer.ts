import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { connectors } from '../../lib/tenant/connector-registry.ts';
import { SynthError } from '../hub-error.ts';
import { CdkAppRunner } from './cdk-app-runner.ts';
import { FunctionBundler } from './function-bundler.ts';

export interface SynthesizedStack {
  stackName: string;
  templatePath: string;
  /** Connector name → bundled handler module. */
  bundles: Map<string, string>;
  /** Whether the cached synthesis was reused (nothing under infra/, functions/, lib/, events/ changed). */
  cached: boolean;
  key: string;
}

export interface StackSynthesizerOptions {
  projectRoot: string;
  tenant: string;
  /** The hub's state directory (`.hub/`); syntheses are cached under `synth/<key>/`. */
  stateDir: string;
}

/** Sources that shape the template or the bundles (the hub's own synthesis code too); a change to any of them means a new synthesis. */
const SOURCE_DIRECTORIES = ['infra', 'functions', 'lib', 'events', join('hub', 'synth')];
const SOURCE_FILES = ['package-lock.json', 'cdk.json'];
/** Bump when the hub changes how it synthesizes or bundles. */
const CACHE_FORMAT = 'hub-synth-3';

/**
 * Synthesizes the tenant stack — the CDK app itself (`infra/app.ts`, cdk-nag included), in a child process
 * so the hub's event loop stays free — and bundles the connector handlers alongside. The result is cached
 * in `.hub/synth/` under a hash of every source that shapes it, so a restart without changes skips both.
 */
export class StackSynthesizer {
  constructor(private readonly options: StackSynthesizerOptions) {}

  /** Hash of the sources, the tenant and the cache format. */
  sourceKey(): string {
    const hash = createHash('sha256').update(`${CACHE_FORMAT}\n${this.options.tenant}\n`);
    const { projectRoot } = this.options;
    const files: string[] = [];
    for (const directory of SOURCE_DIRECTORIES) collectFiles(join(projectRoot, directory), files);
    for (const file of SOURCE_FILES)
      if (existsSync(join(projectRoot, file))) files.push(join(projectRoot, file));
    for (const file of files.sort()) {
      hash.update(relative(projectRoot, file)).update('\0').update(readFileSync(file)).update('\0');
    }
    return hash.digest('hex').slice(0, 16);
  }

  async synthesize(): Promise<SynthesizedStack> {
    const key = this.sourceKey();
    const root = join(this.options.stateDir, 'synth');
    const directory = join(root, key);
    const outDir = join(directory, 'cdk.out');
    const bundleDir = join(directory, 'bundles');
    const done = join(directory, 'complete.json');
    if (existsSync(done)) {
      const saved = JSON.parse(readFileSync(done, 'utf8')) as {
        stackName: string;
        bundles: Record<string, string>;
      };
      return {
        stackName: saved.stackName,
        templatePath: join(outDir, `${saved.stackName}.template.json`),
        bundles: new Map(Object.entries(saved.bundles).map(([name, file]) => [name, join(directory, file)])),
        cached: true,
        key,
      };
    }
    const tenantsDirectory = join(this.options.projectRoot, 'infra', 'tenants');
    if (!existsSync(join(tenantsDirectory, `${this.options.tenant}.json`))) {
      const known = existsSync(tenantsDirectory)
        ? readdirSync(tenantsDirectory)
            .filter((name) => name.endsWith('.json'))
            .map((name) => name.replace(/\.json$/, ''))
        : [];
      throw new SynthError(
        `No tenant file infra/tenants/${this.options.tenant}.json; choose one of: ${known.join(', ') || '(none)'}`,
      );
    }
    rmSync(directory, { recursive: true, force: true });
    mkdirSync(directory, { recursive: true });
    const bundler = new FunctionBundler(this.options.projectRoot);
    const requests = Object.entries(connectors).map(([name, definition]) => ({
      name,
      entry: definition.entry,
    }));
    const app = new CdkAppRunner({ projectRoot: this.options.projectRoot, tenant: this.options.tenant });
    const [bundles] = await Promise.all([
      bundler.bundleAll(requests, bundleDir),
      app.synthesize(outDir, directory),
    ]);
    const stackName = this.stackNameIn(outDir);
    writeFileSync(
      done,
      JSON.stringify({
        stackName,
        bundles: Object.fromEntries([...bundles].map(([name, file]) => [name, relative(directory, file)])),
      }),
    );
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

function collectFiles(directory: string, into: string[]): void {
  if (!existsSync(directory)) return;
  for (const entry of readdirSync(directory)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(directory, entry);
    const stat = statSync(path);
    if (stat.isDirectory()) collectFiles(path, into);
    else if (/\.(ts|mts|js|mjs|json)$/.test(entry)) into.push(path);
  }
}
