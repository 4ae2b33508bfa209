import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConformanceError } from './conformance-error.ts';

const run = promisify(execFile);

/** Compiling si-ubl-2.0.xsl takes ~25-50 s on an idle core; on a busy machine give it room. */
const COMPILE_TIMEOUT_MS = 10 * 60_000;

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The SEF (SaxonJS's compiled form) of an XSLT stylesheet, compiled once with xslt3 into `cacheDir` under
 * the SHA-256 of the stylesheet, so an edited stylesheet is compiled anew. Written to a temporary name and
 * renamed, so a parallel reader never sees half a file; two racing compilers both write whole files.
 */
export async function compiledStylesheet(xslPath: string, cacheDir: string): Promise<string> {
  let xsl: Buffer;
  try {
    xsl = await readFile(xslPath);
  } catch (cause) {
    throw new ConformanceError(`cannot read the official stylesheet ${xslPath}`, { cause });
  }
  const digest = createHash('sha256').update(xsl).digest('hex');
  const sefPath = join(cacheDir, `${digest}.sef.json`);
  if (await exists(sefPath)) return sefPath;
  await mkdir(cacheDir, { recursive: true });
  const temporary = `${sefPath}.${process.pid}.${Date.now()}.tmp`;
  const compiler = createRequire(import.meta.url).resolve('xslt3/xslt3.js');
  try {
    await run(
      process.execPath,
      [compiler, `-xsl:${xslPath}`, `-export:${temporary}`, '-nogo', '-relocate:on'],
      { timeout: COMPILE_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
    );
    await rename(temporary, sefPath);
  } catch (cause) {
    await rm(temporary, { force: true });
    throw new ConformanceError(`compiling ${xslPath} with xslt3 failed`, { cause });
  }
  return sefPath;
}
