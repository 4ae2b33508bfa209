// `npm run prepare` (run by `npm ci` and `npm install`) also builds the web app into dist/web/. Never fails
// the install: whatever goes wrong (vite not installed with --omit=dev, a build error) is said, and
// `npm run build:web` builds it later.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const configFile = join(dirname(fileURLToPath(import.meta.url)), 'vite.config.ts');
try {
  const { build } = await import('vite');
  await build({ configFile, logLevel: 'warn' });
} catch (error) {
  process.stderr.write(
    `cashlink: the web app was not built (${error instanceof Error ? error.message : String(error)}); ` +
      'run `npm run build:web`\n',
  );
}
