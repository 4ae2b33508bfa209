import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `npm run hub:reset`: forgets everything the local hub kept (queues, tables, buckets, CASH simulator, caches). */
const stateDir = join(dirname(fileURLToPath(import.meta.url)), '..', '.hub');
if (existsSync(stateDir)) {
  rmSync(stateDir, { recursive: true, force: true });
  process.stdout.write(`removed ${stateDir}\n`);
} else {
  process.stdout.write(`nothing to remove: ${stateDir} does not exist\n`);
}
