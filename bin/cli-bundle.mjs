// The esbuild bundle of the CLI (cli/main.ts) in dist/cli/: built by `npm ci` (the `prepare` script) and
// again by bin/cashlink.mjs on the first run after a source changed. Plain JavaScript, because it runs before
// anything can run TypeScript. Staleness is decided cheaply from the sizes and mtimes (a stat per file, a few
// milliseconds, no hashing of contents) of the files the last build read, as esbuild's metafile lists them,
// plus the lock file for everything under node_modules: exactly the sources of this bundle, wherever they are.
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

/** Besides the files a build read: the installed packages (by their lock file) and this recipe. */
const ALWAYS_CHECKED = ['package.json', 'package-lock.json', 'bin/cli-bundle.mjs'];
/** Bump when the build options change in a way the sources do not show. */
const BUILD_FORMAT = 'cli-bundle-2';
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

/**
 * The size and mtime of each file (relative to `root`) and the build format, as text: a line per file, kept
 * whole in the stamp (a few KB) and compared as it is, since loading node:crypto for a digest costs more.
 */
export function sourceFingerprint(root, files) {
  const lines = [BUILD_FORMAT];
  for (const file of [...new Set([...ALWAYS_CHECKED, ...files])].sort()) {
    let signature = 'missing';
    try {
      const stats = statSync(join(root, file));
      signature = `${stats.size}:${stats.mtimeMs}`;
    } catch {
      // A file that is gone (renamed, deleted) changes the fingerprint as well.
    }
    lines.push(`${file} ${signature}`);
  }
  return lines.join('\n');
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
  if (!Array.isArray(stamp?.inputs) || !existsSync(paths.entry)) return false;
  return stamp.fingerprint === sourceFingerprint(paths.root, stamp.inputs);
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
  const startedAt = Date.now();
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
      metafile: true,
      logLevel: 'silent',
    });
  } catch (cause) {
    throw new CliBuildError(`esbuild could not bundle cli/main.ts: ${describeBuildFailure(cause)}`, {
      cause,
    });
  } finally {
    await esbuild.stop?.();
  }
  // Our own files the build read; node_modules is covered by the lock file.
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes('node_modules/') && !input.includes(':'))
    .sort();
  // A source edited while esbuild read it leaves the bundle stale, not falsely fresh. (Only within the
  // build's own time: a file dated in the future by a skewed clock must not mean a build on every run.)
  const finishedAt = Date.now();
  const editedDuringBuild = inputs.some((input) => {
    try {
      const { mtimeMs } = statSync(join(paths.root, input));
      return mtimeMs >= startedAt && mtimeMs <= finishedAt;
    } catch {
      return true;
    }
  });
  const fingerprint = editedDuringBuild ? 'edited-during-build' : sourceFingerprint(paths.root, inputs);
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
      `${JSON.stringify({ format: BUILD_FORMAT, fingerprint, files: [...written].sort(), inputs }, null, 2)}\n`,
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
