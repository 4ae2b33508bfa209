import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PackageFileResolver, RECEIPT_OCR_PACKAGES, ReceiptOcrError } from '../../../lib/receipts/index.ts';

/** `<root>/node_modules/<name>/package.json` with the folder it stands for as its description. */
function installPackage(root: string, name: string): string {
  const folder = join(root, 'node_modules', name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
  return join(folder, 'package.json');
}

describe('Class: PackageFileResolver', () => {
  // Two installations one folder apart: /outer/node_modules and /outer/inner/node_modules.
  const outer = realpathSync(mkdtempSync(join(tmpdir(), 'cashlink-resolver-')));
  const inner = join(outer, 'inner');
  const bundleFolder = join(outer, 'state', 'bundles', 'app-api');
  mkdirSync(bundleFolder, { recursive: true });
  const innerPackage = installPackage(inner, '@tesseract.js-data/nld');
  const outerPackage = installPackage(outer, '@tesseract.js-data/nld');
  const outerOnly = installPackage(outer, 'tesseract.js');

  afterAll(() => rmSync(outer, { recursive: true, force: true }));

  it.each([
    {
      name: "a folder's own node_modules, not its parent's",
      directories: [inner],
      specifier: '@tesseract.js-data/nld/package.json',
      expected: innerPackage,
    },
    {
      name: 'the parents when the folder has none',
      directories: [inner],
      specifier: 'tesseract.js/package.json',
      expected: outerOnly,
    },
    {
      name: 'the first folder that has it, in order',
      directories: [outer, inner],
      specifier: '@tesseract.js-data/nld/package.json',
      expected: outerPackage,
    },
  ])('finds $name', ({ directories, specifier, expected }) => {
    // Prepare
    const resolver = new PackageFileResolver(directories);

    // Act
    const found = resolver.resolve(specifier);

    // Assess
    expect(found).toBe(expected);
  });

  it("forModule looks beside the module first, then in the working directory's own node_modules", () => {
    // Prepare: a bundle in a state folder, run from the project folder (inner)
    const moduleUrl = pathToFileURL(join(bundleFolder, 'index.mjs')).href;

    // Act
    const resolver = PackageFileResolver.forModule(moduleUrl, inner);

    // Assess: the bundle's folder walks up to outer's packages first; inner is tried at its own depth
    expect(resolver.directories).toEqual([bundleFolder, inner]);
    expect(resolver.resolve('@tesseract.js-data/nld/package.json')).toBe(outerPackage);
    expect(
      new PackageFileResolver([join(bundleFolder, 'nowhere'), inner]).resolve('tesseract.js/package.json'),
    ).toBe(outerOnly);
  });

  it('falls back to the working directory when nothing is installed above the module', () => {
    // Prepare: a module in a folder with no node_modules anywhere above it
    const lonely = realpathSync(mkdtempSync(join(tmpdir(), 'cashlink-lonely-')));
    try {
      const resolver = PackageFileResolver.forModule(pathToFileURL(join(lonely, 'index.mjs')).href, inner);

      // Act
      const found = resolver.resolve('@tesseract.js-data/nld/package.json');

      // Assess: inner's own copy, not outer's one level up
      expect(found).toBe(innerPackage);
    } finally {
      rmSync(lonely, { recursive: true, force: true });
    }
  });

  it('names the file and the folders it tried when none has it', () => {
    // Prepare
    const resolver = new PackageFileResolver([inner]);

    // Act
    const failure = (() => {
      try {
        resolver.resolve('@tesseract.js-data/xyz/package.json');
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(failure).toBeInstanceOf(ReceiptOcrError);
    expect((failure as Error).message).toContain('"@tesseract.js-data/xyz/package.json"');
    expect((failure as Error).message).toContain(inner);
    expect((failure as Error).cause).toBeInstanceOf(Error);
  });

  it('finds every package the OCR needs from the project, as the bundles do', () => {
    // Prepare
    const resolver = PackageFileResolver.forModule(import.meta.url);

    // Act
    const found = RECEIPT_OCR_PACKAGES.map((name) => resolver.resolve(`${name}/package.json`));

    // Assess
    expect(found).toHaveLength(RECEIPT_OCR_PACKAGES.length);
    expect(RECEIPT_OCR_PACKAGES).toEqual(
      expect.arrayContaining(['tesseract.js', 'tesseract.js-core', '@tesseract.js-data/nld']),
    );
  });
});
