import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RECEIPT_OCR_LANGUAGES } from './ocr-packages.ts';
import { PackageFileResolver } from './package-file-resolver.ts';
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

/** Where the OCR's packages are found: beside this module (or the bundle it is in), then the working directory. */
const packageFiles = PackageFileResolver.forModule(import.meta.url);

/**
 * tesseract.js's Node worker script, by its path in the installed package: tesseract.js derives it from its
 * own `__dirname`, which a bundle does not keep. Checked first: a worker that cannot start is an `error`
 * event tesseract.js does not listen to, which would end the process instead of failing the recognition.
 */
function workerScript(): string {
  const path = join(dirname(packageFiles.resolve('tesseract.js/package.json')), ...WORKER_SCRIPT);
  if (!existsSync(path)) throw new ReceiptOcrError(`tesseract.js has no worker script at ${path}`);
  return path;
}
const WORKER_SCRIPT = ['src', 'worker-script', 'node', 'index.js'];

type TesseractWorker = Awaited<ReturnType<typeof import('tesseract.js')['createWorker']>>;

/**
 * A folder holding `<lang>.traineddata.gz` of every language, linked from the installed
 * `@tesseract.js-data/<lang>` packages (LSTM "best_int" models), so tesseract.js reads them from disk and
 * never downloads: its langPath is a local folder, its cache is off.
 */
async function languageFolder(languages: readonly string[]): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'cashlink-tessdata-'));
  await mkdir(folder, { recursive: true });
  for (const lang of languages) {
    const packageJson = packageFiles.resolve(`@tesseract.js-data/${lang}/package.json`);
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
  #setup: Promise<{ langPath: string; workerPath: string }> | undefined;

  constructor(options: TesseractReceiptOcrOptions = {}) {
    this.#timeBudgetMs = options.timeBudgetMs ?? 20_000;
    this.#maxPixels = options.maxPixels ?? 40_000_000;
    this.#languages = options.languages ?? RECEIPT_OCR_LANGUAGES;
  }

  async recognise(image: Uint8Array): Promise<{ text: string; confidence: number }> {
    const size = imageSize(image);
    if (size && size.width * size.height > this.#maxPixels)
      throw new ReceiptOcrError(
        `the image has ${size.width}×${size.height} pixels, more than ${this.#maxPixels}`,
      );
    let worker: TesseractWorker | undefined;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ReceiptOcrError(`OCR took longer than ${this.#timeBudgetMs} ms`)),
        this.#timeBudgetMs,
      );
    });
    const work = (async () => {
      const { langPath, workerPath } = await this.#installed();
      const { createWorker } = await import('tesseract.js');
      const started = await createWorker([...this.#languages], 1, {
        langPath,
        workerPath,
        gzip: true,
        cacheMethod: 'none',
        errorHandler: () => {},
      });
      worker = started;
      // Started after the budget ran out: ended at once rather than left recognising.
      if (stopped) throw new ReceiptOcrError('OCR was stopped');
      const { data } = await started.recognize(Buffer.from(image));
      return { text: data.text, confidence: data.confidence / 100 };
    })();
    work.catch(() => undefined);
    try {
      return await Promise.race([work, timeout]);
    } catch (error) {
      if (error instanceof ReceiptOcrError) throw error;
      throw new ReceiptOcrError('the image could not be read', { cause: error });
    } finally {
      stopped = true;
      clearTimeout(timer);
      const end = () => (worker as TesseractWorker | undefined)?.terminate().catch(() => undefined);
      await end();
      // A worker still starting is ended when it is up.
      if (!worker) void work.then(end, end);
    }
  }

  /** The models' folder and the worker script, found once; looked up again after a failure. */
  #installed(): Promise<{ langPath: string; workerPath: string }> {
    this.#setup ??= (async () => ({
      workerPath: workerScript(),
      langPath: await languageFolder(this.#languages),
    }))();
    this.#setup.catch(() => {
      this.#setup = undefined;
    });
    return this.#setup;
  }
}
