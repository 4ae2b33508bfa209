#!/usr/bin/env node
// Runs the CLI's esbuild bundle (dist/cli/cashlink.mjs) in this process. The bundle is built by `npm ci`
// (prepare) and rebuilt here when a source is newer than it; if building fails in a source checkout, the
// CLI runs from source through tsx instead (slow: tsx compiles it on every start), saying so on stderr.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCliBundle, cliBundlePaths, isCliBundleFresh } from './cli-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const paths = cliBundlePaths(root);
const argv = process.argv.slice(2);

async function bundledCli() {
  if (isCliBundleFresh(paths)) return paths.entry;
  // Only a terminal is told; a pipe gets nothing but the command's own output.
  if (process.stderr.isTTY) process.stderr.write('cashlink: building the command line (sources changed)…\r');
  const entry = await buildCliBundle(paths);
  if (process.stderr.isTTY) process.stderr.write(`${' '.repeat(60)}\r`);
  return entry;
}

let entry;
try {
  entry = await bundledCli();
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  const source = join(root, 'cli', 'main.ts');
  if (!existsSync(source)) {
    process.stderr.write(`cashlink: ${reason}\n`);
    process.exit(1);
  }
  process.stderr.write(`cashlink: ${reason}\ncashlink: running from source with tsx instead (slower)\n`);
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch (cause) {
    process.stderr.write(
      `cashlink: tsx cannot be loaded either: ${cause instanceof Error ? cause.message : cause}\n`,
    );
    process.exit(1);
  }
  entry = source;
}
const { runCli } = await import(pathToFileURL(entry).href);
await runCli(argv);
