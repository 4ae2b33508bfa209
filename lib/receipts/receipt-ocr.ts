import { mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { imageSize } from './receipt-file.ts';
import { ReceiptOcrError } from './receipt-ocr-error.ts';

/** Recognises the text of a receipt photo. */
export interface ReceiptOcr {
  recognise(image: Uint8Array): Promise<{ text: string; confidence: number }>;
}

export interface TesseractReceiptOcrOptions {
  /** Whole recognition, worker start included (default 20 s). */
  timeBudgetMs?: number;
  /** Images with more pixels than this are not recognised (default 40 megapixels). */
  maxPixels?: number;
  /** Languages, from the @tesseract.js-data packages installed (default Dutch and English). */
  languages?: readonly string[];
}

/**
 * Where the model packages are looked up: beside this module, then from the working directory (a bundled
 * function may run from a folder without node_modules, e.g. the hub's state folder in a test; Lambda's
 * working directory is the task root, where the packages are deployed).
 */
const resolvers = [createRequire(import.meta.url), createRequire(join(process.cwd(), 'package.json'))];

function resolvePackageFile(specifier: string): string {
  let failure: unknown;
  for (const resolver of resolvers) {
    try {
      return resolver.resolve(specifier);
    } catch (error) {
      failure ??= error;
    }
  }
  throw failure;
}

/**
 * A folder holding `<lang>.traineddata.gz` of every language, linked from the installed
 * `@tesseract.js-data/<lang>` packages (LSTM "best_int" models), so tesseract.js reads them from disk and
 * never downloads: its langPath is a local folder, its cache is off.
 */
async function languageFolder(languages: readonly string[]): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'cashlink-tessdata-'));
  await mkdir(folder, { recursive: true });
  for (const lang of languages) {
    const packageJson = resolvePackageFile(`@tesseract.js-data/${lang}/package.json`);
    await symlink(
      join(dirname(packageJson), '4.0.0_best_int', `${lang}.traineddata.gz`),
      join(folder, `${lang}.traineddata.gz`),
    );
  }
  return folder;
}

/**
 * Local OCR with tesseract.js (WebAssembly in a worker thread): one worker per recognition, ended when the
 * text is read or the time budget runs out, so a hostile image cannot hold the function. Nothing is
 * fetched at run time: the models come from the npm packages, the core from tesseract.js-core.
 */
export class TesseractReceiptOcr implements ReceiptOcr {
  readonly #timeBudgetMs: number;
  readonly #maxPixels: number;
  readonly #languages: readonly string[];
  #folder: Promise<string> | undefined;

  constructor(options: TesseractReceiptOcrOptions = {}) {
    this.#timeBudgetMs = options.timeBudgetMs ?? 20_000;
    this.#maxPixels = options.maxPixels ?? 40_000_000;
    this.#languages = options.languages ?? ['nld', 'eng'];
  }

  async recognise(image: Uint8Array): Promise<{ text: string; confidence: number }> {
    const size = imageSize(image);
    if (size && size.width * size.height > this.#maxPixels)
      throw new ReceiptOcrError(
        `the image has ${size.width}×${size.height} pixels, more than ${this.#maxPixels}`,
      );
    this.#folder ??= languageFolder(this.#languages);
    const langPath = await this.#folder;
    const { createWorker } = await import('tesseract.js');
    let worker: Awaited<ReturnType<typeof createWorker>> | undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ReceiptOcrError(`OCR took longer than ${this.#timeBudgetMs} ms`)),
        this.#timeBudgetMs,
      );
    });
    try {
      const work = (async () => {
        worker = await createWorker([...this.#languages], 1, {
          langPath,
          gzip: true,
          cacheMethod: 'none',
          errorHandler: () => {},
        });
        const { data } = await worker.recognize(Buffer.from(image));
        return { text: data.text, confidence: data.confidence / 100 };
      })();
      return await Promise.race([work, timeout]);
    } catch (error) {
      if (error instanceof ReceiptOcrError) throw error;
      throw new ReceiptOcrError('the image could not be read', { cause: error });
    } finally {
      clearTimeout(timer);
      await (worker as { terminate(): Promise<unknown> } | undefined)?.terminate().catch(() => undefined);
    }
  }
}
