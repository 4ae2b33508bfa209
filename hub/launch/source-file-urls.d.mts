import type { Plugin } from 'esbuild';

/** An esbuild plugin keeping each source file's own `import.meta.url` in the bundle (see the .mjs). */
export function sourceFileUrls(): Plugin;
