/**
 * The hub's bundle for `npm start`: hub/start.ts built with esbuild, to run with plain node. tsx would
 * transform the hub's ~260 source files on every start; the bundle is built once into `.cache/hub/<digest>/`
 * (by `npm ci`'s `prepare`, else by the first start: a second or so) and reused while none of the files it
 * was built from changed. The packages the hub loads at start (the AWS SDK, fauxqs, zod, …) are bundled in
 * too: Node's ESM loader spends about a third of a second resolving and reading their ~1,500 files one by
 * one, one file is read at once.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HUB_ENTRY = join('hub', 'start.ts');
const cacheDir = join(projectRoot, '.cache', 'hub');
const manifestPath = join(cacheDir, 'manifest.json');
/** Bump when the bundle's options change. */
const FORMAT = 'hub-launch-2';
/**
 * Packages left to node_modules: native or tool packages (esbuild's binary, dynalite's LevelDB addon,
 * tsx, the CDK, which runs in its own process) and the large ones the hub imports only when needed
 * (Saxon for the conformance rules, pdf.js, mailparser): bundling those would only add to every start.
 */
const EXTERNAL_PACKAGES = [
  'esbuild',
  'dynalite',
  'tsx',
  'aws-cdk-lib',
  'saxon-js',
  'pdfjs-dist',
  'mailparser',
];

/** Hash of the files a bundle was built from (project-relative), the Node version and the format. */
function digestOf(inputs) {
  const hash = createHash('sha256').update(`${FORMAT}\n${process.version}\n`);
  for (const input of inputs) {
    const path = join(projectRoot, input);
    if (!existsSync(path)) return undefined;
    hash.update(input).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** The bundle of the last build, when every file it came from is unchanged. */
export function cachedHubBundle() {
  if (!existsSync(manifestPath)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const bundle = join(cacheDir, manifest.digest, 'start.mjs');
    return digestOf(manifest.inputs) === manifest.digest && existsSync(bundle) ? bundle : undefined;
  } catch {
    return undefined;
  }
}

export async function buildHubBundle() {
  const { build } = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  const { sourceFileUrls } = await import('./source-file-urls.mjs');
  const staging = join(cacheDir, `.build-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: projectRoot,
    entryPoints: { start: join(projectRoot, HUB_ENTRY) },
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Split at the hub's dynamic imports, so synthesis starts before the rest of the hub has loaded.
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    external: EXTERNAL_PACKAGES,
    // Bundled CommonJS packages call require(); an ESM bundle has none of its own.
    banner: {
      js: "import { createRequire as __hubRequire } from 'node:module'; const require = __hubRequire(import.meta.url);",
    },
    keepNames: true,
    metafile: true,
    logLevel: 'silent',
    plugins: [sourceFileUrls()],
  });
  // The project's own files, and the lock file for every bundled package (hashing node_modules' files
  // on each start would cost more than it saves).
  const inputs = [
    ...Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/')),
    'package-lock.json',
  ].sort();
  const digest = digestOf(inputs);
  const target = join(cacheDir, digest);
  if (existsSync(target)) rmSync(staging, { recursive: true, force: true });
  else renameSync(staging, target);
  const temporary = `${manifestPath}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify({ digest, inputs }));
  renameSync(temporary, manifestPath);
  // Older bundles are of no further use (a hub started from one has loaded it by now).
  for (const entry of readdirSync(cacheDir))
    if (entry !== digest && entry !== 'manifest.json' && !entry.startsWith('.'))
      rmSync(join(cacheDir, entry), { recursive: true, force: true });
  return join(target, 'start.mjs');
}
