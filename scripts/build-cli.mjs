// `npm run prepare` (run by `npm ci` and `npm install`): builds the CLI bundle into dist/cli/. Never fails
// the install: whatever goes wrong is said, and bin/cashlink.mjs builds on its first run instead.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCliBundle, cliBundlePaths, isCliBundleFresh } from '../bin/cli-bundle.mjs';

const paths = cliBundlePaths(join(dirname(fileURLToPath(import.meta.url)), '..'));
try {
  if (!isCliBundleFresh(paths)) await buildCliBundle(paths);
} catch (error) {
  process.stderr.write(
    `cashlink: the CLI bundle was not built (${error instanceof Error ? error.message : String(error)}); ` +
      'the first `npx cashlink` builds it\n',
  );
}
