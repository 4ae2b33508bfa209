import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReceiptOcrError } from './receipt-ocr-error.ts';

/**
 * Finds a file of an installed package as Node would from inside each of a list of folders, in order: the
 * `node_modules/` of the folder itself first, then those of its parents. A folder is looked up from a file
 * inside it (`createRequire(folder)` alone would take the folder for a file and start one level higher).
 */
export class PackageFileResolver {
  readonly #resolvers: ReadonlyArray<{ directory: string; require: NodeJS.Require }>;

  constructor(readonly directories: readonly string[]) {
    this.#resolvers = directories.map((directory) => ({
      directory,
      require: createRequire(join(directory, 'resolve-from-here.js')),
    }));
  }

  /**
   * For a module: its own folder (a bundle's folder, with the packages installed beside it as on Lambda),
   * then the working directory (where `npm start` runs: the project with its node_modules).
   */
  static forModule(moduleUrl: string, workingDirectory = process.cwd()): PackageFileResolver {
    const own = dirname(fileURLToPath(moduleUrl));
    return new PackageFileResolver(own === workingDirectory ? [own] : [own, workingDirectory]);
  }

  /** The file's absolute path; a ReceiptOcrError naming the folders tried when none has it. */
  resolve(specifier: string): string {
    let failure: unknown;
    for (const { require } of this.#resolvers) {
      try {
        return require.resolve(specifier);
      } catch (error) {
        failure ??= error;
      }
    }
    throw new ReceiptOcrError(
      `the OCR's file "${specifier.slice(0, 120)}" is not installed under ${this.directories.join(' or ')}`,
      { cause: failure },
    );
  }
}
