import { createHash, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { connectors } from '../../lib/tenant/connector-registry.ts';
import { CdkAppRunner } from './cdk-app-runner.ts';
import { FunctionBundler } from './function-bundler.ts';
import { hashFiles, sourceFiles } from './source-files.ts';

/** What the hub builds from the sources before it synthesizes a tenant's stack. */
export interface BuiltHub {
  key: string;
  /** Connector name → bundled handler module. */
  bundles: Map<string, string>;
  /** The CDK app's bundle, run once per tenant by CdkAppRunner. */
  cdkApp: string;
  /** Whether an earlier build (`npm ci`'s `prepare`, or an earlier start) was reused. */
  cached: boolean;
}

export interface HubBuildOptions {
  projectRoot: string;
  /** Where builds are kept; default `<projectRoot>/.cache/hub-build` (not the hub's state: `hub:reset` keeps it). */
  cacheDir?: string;
}

/** Sources the bundles are built from. Tenant files and cdk.json are read when the app runs, so not here. */
const SOURCES = ['infra', 'functions', 'lib', 'events', join('hub', 'synth'), 'package-lock.json'];
const EXCLUDED = [join('infra', 'tenants')];
/** Bump when the hub changes how it bundles. */
const BUILD_FORMAT = 'hub-build-1';
const COMPLETE = 'complete.json';
/** A half-written build of a start that died is removed after this long (a running build finishes sooner). */
const STALE_PARTIAL_MS = 10 * 60_000;

/**
 * The tenant-independent half of a synthesis: every connector's handler bundle with the local runtime's AWS
 * SDK beside them, and the CDK app's bundle. It depends only on the sources, the lock file and the Node
 * version, so `npm ci`'s `prepare` builds it (`npm start -- --build-only`) and a first start only runs the
 * CDK app. Kept in `.cache/hub-build/<key>/`; written to a private folder first and renamed into place, so
 * hubs and tests starting at once never see half a build.
 */
export class HubBuild {
  private readonly cacheDir: string;
  private memoKey: string | undefined;

  constructor(private readonly options: HubBuildOptions) {
    this.cacheDir = options.cacheDir ?? join(options.projectRoot, '.cache', 'hub-build');
  }

  /** Hash of the build format, the Node major version and every source file the bundles come from. */
  key(): string {
    if (this.memoKey) return this.memoKey;
    const { projectRoot } = this.options;
    const hash = createHash('sha256').update(`${BUILD_FORMAT}\nnode${process.versions.node.split('.')[0]}\n`);
    const files = sourceFiles(projectRoot, SOURCES, EXCLUDED);
    this.memoKey = hashFiles(hash, projectRoot, files).digest('hex').slice(0, 16);
    return this.memoKey;
  }

  /** The build of the current sources if one is complete, else undefined. */
  cached(): BuiltHub | undefined {
    const key = this.key();
    const directory = join(this.cacheDir, key);
    const done = join(directory, COMPLETE);
    if (!existsSync(done)) return undefined;
    const saved = JSON.parse(readFileSync(done, 'utf8')) as {
      bundles: Record<string, string>;
      cdkApp: string;
    };
    return {
      key,
      bundles: new Map(Object.entries(saved.bundles).map(([name, file]) => [name, join(directory, file)])),
      cdkApp: join(directory, saved.cdkApp),
      cached: true,
    };
  }

  /** The cached build, or a new one (then older builds are removed). */
  async ensure(): Promise<BuiltHub> {
    return this.cached() ?? (await this.build());
  }

  private async build(): Promise<BuiltHub> {
    const key = this.key();
    const { projectRoot } = this.options;
    mkdirSync(this.cacheDir, { recursive: true });
    const partial = join(this.cacheDir, `.partial-${key}-${process.pid}-${randomUUID().slice(0, 8)}`);
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    try {
      const requests = Object.entries(connectors).map(([name, definition]) => ({
        name,
        entry: definition.entry,
      }));
      const app = new CdkAppRunner({ projectRoot });
      const [bundles, cdkApp] = await Promise.all([
        new FunctionBundler(projectRoot).bundleAll(requests, join(partial, 'bundles')),
        app.bundle(join(partial, 'cdk-app.cjs')),
      ]);
      writeFileSync(
        join(partial, COMPLETE),
        JSON.stringify({
          bundles: Object.fromEntries([...bundles].map(([name, file]) => [name, relative(partial, file)])),
          cdkApp: relative(partial, cdkApp),
        }),
      );
      this.publish(partial, join(this.cacheDir, key));
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
    this.removeOthers(key);
    const built = this.cached();
    if (!built) throw new Error(`The hub build ${key} vanished from ${this.cacheDir} as it was written`);
    return { ...built, cached: false };
  }

  /** Renames the finished build into place; when another process was faster, its equal build stays. */
  private publish(partial: string, target: string): void {
    try {
      renameSync(partial, target);
    } catch {
      if (existsSync(join(target, COMPLETE))) return;
      // Not a build this format writes (one that never completed): replace it.
      rmSync(target, { recursive: true, force: true });
      renameSync(partial, target);
    }
  }

  /** Builds of other sources are of no further use; partial ones only once their start must have died. */
  private removeOthers(key: string): void {
    for (const entry of readdirSync(this.cacheDir)) {
      if (entry === key) continue;
      const path = join(this.cacheDir, entry);
      // Another process may be removing or renaming the same entry: whatever is gone is gone.
      const modified = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
      if (modified === undefined) continue;
      if (entry.startsWith('.partial-') && Date.now() - modified < STALE_PARTIAL_MS) continue;
      rmSync(path, { recursive: true, force: true });
    }
  }
}
