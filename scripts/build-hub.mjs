// `npm run prepare` (run by `npm ci` and `npm install`) also builds the hub's bundle into .cache/hub/ and,
// with it, the function bundles and the CDK app's bundle into .cache/hub-build/ (`npm start -- --build-only`),
// so the first `npm start` only synthesizes. Never fails the install: whatever goes wrong is said, and
// `npm start` builds it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildHubBundle, cachedHubBundle, projectRoot } from '../hub/launch/hub-bundle.mjs';

try {
  if (!cachedHubBundle()) await buildHubBundle();
} catch (error) {
  const reason = error?.errors?.[0]?.text ?? (error instanceof Error ? error.message : String(error));
  process.stderr.write(
    `cashlink: the hub bundle was not built (${reason}); the first \`npm start\` builds it\n`,
  );
}
const functions = spawnSync(
  process.execPath,
  [join(projectRoot, 'hub', 'launch', 'start.mjs'), '--build-only'],
  { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] },
);
if (functions.status !== 0) {
  process.stderr.write(
    `cashlink: the function bundles were not built (exit ${functions.status ?? functions.signal}); the first \`npm start\` builds them\n`,
  );
}
