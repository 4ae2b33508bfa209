import { execFile } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionBundler, INSTALLED_PACKAGES } from '../../../hub/synth/function-bundler.ts';
import { RECEIPT_OCR_PACKAGES } from '../../../lib/receipts/index.ts';
import { connectors } from '../../../lib/tenant/index.ts';

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);

/**
 * A handler that reads a rendered receipt with the project's TesseractReceiptOcr (one language, small
 * image), bundled like the hub bundles app-api, then run from a folder outside the project.
 */
const ENTRY = `import { TesseractReceiptOcr } from ${JSON.stringify(join(projectRoot, 'lib/receipts/index.ts'))};
import { bitmapTextPng } from ${JSON.stringify(join(projectRoot, 'test/support/bitmap-text-png.ts'))};
export async function handler() {
  const ocr = new TesseractReceiptOcr({ languages: ['nld'], timeBudgetMs: 50_000 });
  const { text } = await ocr.recognise(bitmapTextPng(['BAKKERIJ JANSEN', 'TOTAAL 11,50'], 3));
  return { text, tesseract: import.meta.resolve('tesseract.js') };
}
`;

describe('FunctionBundler', () => {
  const work = realpathSync(mkdtempSync(join(tmpdir(), 'hub-function-bundler-')));
  const outDir = join(work, 'state', 'bundles');
  let bundle: string;

  beforeAll(async () => {
    const source = join(work, 'src', 'receipt-handler.ts');
    mkdirSync(join(work, 'src'), { recursive: true });
    writeFileSync(source, ENTRY);
    const bundles = await new FunctionBundler(projectRoot).bundleAll(
      [{ name: 'receipt', entry: relative(projectRoot, source) }],
      outDir,
    );
    bundle = bundles.get('receipt') as string;
  }, 60_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("leaves the registry's installed packages out: the OCR's, app-api's", () => {
    // Prepare
    const code = readFileSync(bundle, 'utf8');

    // Act
    const inlined = INSTALLED_PACKAGES.filter((name) => code.includes(`node_modules/${name}/`));

    // Assess
    expect(INSTALLED_PACKAGES).toEqual([...RECEIPT_OCR_PACKAGES].sort());
    expect(connectors['app-api'].installedPackages).toEqual(RECEIPT_OCR_PACKAGES);
    expect(inlined).toEqual([]);
    expect(code).toMatch(/import\("tesseract\.js"\)/);
  });

  it('links each of them beside the bundles to the project copy', () => {
    // Prepare
    const modules = join(outDir, 'node_modules');

    // Act
    const links = INSTALLED_PACKAGES.map((name) => ({
      name,
      link: lstatSync(join(modules, name)).isSymbolicLink(),
      target: realpathSync(join(modules, name)),
    }));

    // Assess
    for (const { name, link, target } of links) {
      expect(link).toBe(true);
      expect(target).toBe(realpathSync(join(projectRoot, 'node_modules', name)));
    }
  });

  it('runs the OCR offline from a folder outside the project: worker, core and model all found', async () => {
    // Prepare: the working directory holds no node_modules either
    const cwd = join(work, 'elsewhere');
    mkdirSync(cwd, { recursive: true });
    const script = `import(${JSON.stringify(bundle)}).then(async (m) => console.log(JSON.stringify(await m.handler())))`;

    // Act
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd,
      env: { PATH: process.env.PATH ?? '' },
      timeout: 55_000,
    });

    // Assess
    const seen = JSON.parse(stdout) as { text: string; tesseract: string };
    expect(seen.text).toMatch(/TOTAAL 11,50/);
    // Through the link, to the project's copy (Node resolves links to where they lead)
    expect(fileURLToPath(seen.tesseract)).toBe(
      join(realpathSync(join(projectRoot, 'node_modules', 'tesseract.js')), 'src', 'index.js'),
    );
  }, 60_000);
});
