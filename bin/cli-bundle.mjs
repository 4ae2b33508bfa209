// The esbuild bundle of the CLI (cli/main.ts) in dist/cli/: built by `npm ci` (the `prepare` script) and
// again by bin/cashlink.mjs on the first run after a source changed. Plain JavaScript, because it runs before
// anything can run TypeScript. Staleness is decided cheaply from the sizes and mtimes of the sources (a stat
// per file, a few milliseconds), not by hashing their contents.
import { createHash } from 'node:crypto';
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
import { basename, dirname, join, relative } from 'node:path';

/** Everything the bundle is made of; a change to any of them means a new build. */
const SOURCE_DIRECTORIES = ['cli', 'lib', 'events'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'bin/cli-bundle.mjs'];
/** Bump when the build options change in a way the sources do not show. */
const BUILD_FORMAT = 'cli-bundle-1';
const STAMP = 'build.json';

/**
 * Heavy packages stay in node_modules and are imported only by the code paths that need them (`ubl`
 * with a PDF, `--validate official`); pdfjs and xslt3 also locate files of their own next to their code.
 */
const EXTERNAL = ['saxon-js', 'pdfjs-dist', 'pdfjs-dist/*', 'xslt3', 'tsx', 'tsx/*', 'esbuild'];

/** The bundle of a project: `root` holds cli/, lib/, events/; `outDir` (default dist/cli) the build. */
export function cliBundlePaths(root, outDir = join(root, 'dist', 'cli')) {
  return { root, outDir, entry: join(outDir, 'cashlink.mjs'), stamp: join(outDir, STAMP) };
}

function collectFiles(directory, into) {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) collectFiles(path, into);
    else if (entry.isFile()) into.push(path);
  }
}

/** A digest of the path, size and mtime of every source file, the Node major and the build format. */
export function sourceFingerprint(root) {
  const files = [];
  for (const directory of SOURCE_DIRECTORIES) collectFiles(join(root, directory), files);
  for (const file of SOURCE_FILES) files.push(join(root, file));
  const hash = createHash('sha256').update(`${BUILD_FORMAT}\n`);
  for (const file of files.sort()) {
    let signature = 'missing';
    try {
      const stats = statSync(file);
      signature = `${stats.size}:${stats.mtimeMs}`;
    } catch {
      // A listed file that is missing (no lock file) is part of the fingerprint as such.
    }
    hash.update(`${relative(root, file)}\0${signature}\n`);
  }
  return hash.digest('hex').slice(0, 24);
}

function readStamp(paths) {
  try {
    return JSON.parse(readFileSync(paths.stamp, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Whether the bundle in `paths.outDir` was built from the sources as they are now. */
export function isCliBundleFresh(paths) {
  const stamp = readStamp(paths);
  return stamp?.fingerprint === sourceFingerprint(paths.root) && existsSync(paths.entry);
}

/** The bundle could not be built; `cause` is esbuild's error or the file system's. */
export class CliBuildError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'CliBuildError';
  }
}

function describeBuildFailure(error) {
  const details = error?.errors
    ?.slice(0, 3)
    .map((e) => (e.location ? `${e.location.file}:${e.location.line} ${e.text}` : e.text))
    .join('; ');
  return (details || (error instanceof Error ? error.message : String(error))).slice(0, 500);
}

/** Writes a file under a temporary name and renames it, so a parallel run never imports half a file. */
function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/**
 * Builds cli/main.ts into `paths.outDir`: ESM for Node 20, split into chunks so each command (and what only
 * it needs) is loaded when it runs and `--help` loads almost nothing. Throws a `CliBuildError`.
 */
export async function buildCliBundle(paths) {
  // Taken before building: a source edited during the build leaves the bundle stale, not falsely fresh.
  const fingerprint = sourceFingerprint(paths.root);
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (cause) {
    throw new CliBuildError('esbuild is not installed', { cause });
  }
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: paths.root,
      entryPoints: [
        { in: join(paths.root, 'cli', 'main.ts'), out: 'cashlink' },
        // StatementParseWorker starts `./worker-entry.mjs` beside its own module; chunks land in outDir's
        // top level, so this is the worker of the bundle (it needs no tsx, unlike the source's entry).
        { in: join(paths.root, 'lib', 'bank', 'parsers', 'ahead', 'worker.ts'), out: 'worker-entry' },
      ],
      outdir: paths.outDir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      chunkNames: '[name]-[hash]',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      mainFields: ['module', 'main'],
      keepNames: true,
      external: EXTERNAL,
      // Bundled CommonJS packages call require() for Node's own modules.
      banner: {
        js: "import { createRequire as __cashlinkRequire } from 'node:module'; const require = __cashlinkRequire(import.meta.url);",
      },
      write: false,
      logLevel: 'silent',
    });
  } catch (cause) {
    throw new CliBuildError(`esbuild could not bundle cli/main.ts: ${describeBuildFailure(cause)}`, {
      cause,
    });
  } finally {
    await esbuild.stop?.();
  }
  try {
    mkdirSync(paths.outDir, { recursive: true });
    const written = new Set([STAMP]);
    const entries = new Set(['cashlink.mjs', 'worker-entry.mjs']);
    // Chunks first (their names carry a content hash), then the entries that import them, the stamp last.
    const ordered = [...result.outputFiles].sort(
      (a, b) => Number(entries.has(basename(a.path))) - Number(entries.has(basename(b.path))),
    );
    for (const file of ordered) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeAtomically(file.path, file.contents);
      written.add(relative(paths.outDir, file.path));
    }
    writeAtomically(
      paths.stamp,
      `${JSON.stringify({ format: BUILD_FORMAT, fingerprint, files: [...written].sort() }, null, 2)}\n`,
    );
    // Chunks of earlier builds are of no further use.
    for (const name of readdirSync(paths.outDir))
      if (!written.has(name) && !name.endsWith('.tmp')) rmSync(join(paths.outDir, name), { force: true });
  } catch (cause) {
    throw new CliBuildError(
      `cannot write the CLI bundle to ${paths.outDir}: ${describeBuildFailure(cause)}`,
      {
        cause,
      },
    );
  }
  return paths.entry;
}
