import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root; CI clones the repo with `shared/` beside it. */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The shared corpus of real sample files (`../shared/corpus` from the repository root). */
export const corpusDir = join(repoRoot, '..', 'shared', 'corpus');

/** The corpus folders with bank statement files, in the order tests list them. */
export const BANK_FOLDERS = ['mt940', 'camt053', 'bankcsv'] as const;

/** One corpus sample: its folder, its file name and its absolute path. */
export interface CorpusFile {
  folder: string;
  name: string;
  path: string;
}

export interface CorpusFilesOptions {
  /** Only names ending in this extension (or one of these), case-insensitive, e.g. `'.xml'`. */
  ext?: string | readonly string[];
}

/** The corpus' own documentation: manifests, licences and other prose, not samples. */
const NOT_A_SAMPLE = /^(MANIFEST|LICENSE|LICENCE|README)|\.md$/i;

/** The sample file names in a corpus folder, sorted; manifests, licences and Markdown are left out. */
export function corpusFiles(folder: string, options: CorpusFilesOptions = {}): string[] {
  const extensions = (typeof options.ext === 'string' ? [options.ext] : (options.ext ?? [])).map((e) =>
    e.toLowerCase(),
  );
  return readdirSync(join(corpusDir, folder))
    .filter((name) => !NOT_A_SAMPLE.test(name))
    .filter((name) => extensions.length === 0 || extensions.some((e) => name.toLowerCase().endsWith(e)))
    .sort();
}

/** The samples of several corpus folders, folder by folder, each sorted by name. */
export function corpusSamples(folders: readonly string[], options: CorpusFilesOptions = {}): CorpusFile[] {
  return folders.flatMap((folder) =>
    corpusFiles(folder, options).map((name) => ({ folder, name, path: corpusPath(folder, name) })),
  );
}

/** The absolute path of a file or folder in the corpus. */
export function corpusPath(...parts: string[]): string {
  return join(corpusDir, ...parts);
}

/** The bytes of a corpus file. */
export function readCorpusFile(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(corpusPath(...parts)));
}
