/**
 * `npm start`: runs hub/start.ts from its esbuild bundle (hub-bundle.mjs) with plain node; `npm ci` built it
 * (`prepare`), else the first start does. Without esbuild (or when the build fails) the hub runs through tsx.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildHubBundle, cachedHubBundle, HUB_ENTRY, projectRoot } from './hub-bundle.mjs';

let bundle = cachedHubBundle();
if (!bundle) {
  try {
    bundle = await buildHubBundle();
  } catch (error) {
    const reason = error?.errors?.[0]?.text ?? (error instanceof Error ? error.message : String(error));
    process.stderr.write(`hub bundle not built (${reason}); running the hub through tsx\n`);
  }
}
if (bundle) await import(pathToFileURL(bundle).href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(projectRoot, HUB_ENTRY)).href);
}
