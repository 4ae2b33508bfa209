import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusAvailable, corpusDir } from './shared-location.ts';

/** The shared corpus of real sample files (`../shared/corpus`, or CASHLINK_SHARED_DIR / CASHLINK_CORPUS_DIR). */
export { corpusAvailable, corpusDir };

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

/**
 * The sample file names in a corpus folder, sorted; manifests, licences and Markdown are left out. None
 * when the whole corpus is missing, so a file can still declare its tables; the tests over them sit in
 * `describeWithCorpus` (test/support/needs-shared.ts) and are skipped and counted. A missing folder of a
 * present corpus still throws.
 */
export function corpusFiles(folder: string, options: CorpusFilesOptions = {}): string[] {
  if (!corpusAvailable()) return [];
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

/** A corpus file named at the top of a test file and read on first use. */
export interface CorpusSample {
  readonly bytes: Uint8Array;
  /** The bytes decoded as UTF-8. */
  readonly text: string;
}

/**
 * A corpus file read on first use (then kept): a test file can name its templates at the top and still
 * load on a clone without the corpus, where the tests that use them are skipped.
 */
export function corpusSample(folder: string, name: string): CorpusSample {
  let bytes: Uint8Array | undefined;
  let text: string | undefined;
  return {
    get bytes() {
      bytes ??= readCorpusFile(folder, name);
      return bytes;
    },
    get text() {
      text ??= new TextDecoder().decode(this.bytes);
      return text;
    },
  };
}
