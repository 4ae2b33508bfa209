// `npm run prepare` (run by `npm ci` and `npm install`) also builds the hub's bundle into .cache/hub/, so the
// first `npm start` does not. Never fails the install: whatever goes wrong is said, and `npm start` builds it.
import { buildHubBundle, cachedHubBundle } from '../hub/launch/hub-bundle.mjs';

try {
  if (!cachedHubBundle()) await buildHubBundle();
} catch (error) {
  const reason = error?.errors?.[0]?.text ?? (error instanceof Error ? error.message : String(error));
  process.stderr.write(
    `cashlink: the hub bundle was not built (${reason}); the first \`npm start\` builds it\n`,
  );
}
