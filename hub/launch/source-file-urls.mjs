import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Stands for `import.meta.url` in a bundle; every source file that reads it declares its own. */
const SOURCE_URL = '__cashlinkSourceUrl';

/**
 * An esbuild plugin: each bundled source file's `import.meta.url` stays that file's own URL (a constant
 * the file declares; esbuild's `define` swaps the expression, never text in strings), so paths derived
 * from it (the project root, infra/tenants/) are what they are when the code runs from its sources, and
 * CommonJS output, which has no `import.meta`, works too.
 *
 * @returns {import('esbuild').Plugin}
 */
export function sourceFileUrls() {
  return {
    name: 'source-file-urls',
    setup(build) {
      build.initialOptions.define = { ...build.initialOptions.define, 'import.meta.url': SOURCE_URL };
      // Bundled packages get the same treatment: the swap reaches their code too.
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
        const typescript = /\.[cm]?ts$/.test(args.path);
        if (typescript && args.path.includes('/node_modules/')) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const declaration = `const ${SOURCE_URL} = ${JSON.stringify(pathToFileURL(args.path).href)};\n`;
        return { contents: declaration + source, loader: typescript ? 'ts' : 'js' };
      });
    },
  };
}
