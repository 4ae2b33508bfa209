import { CHROMIUM_PATH, chromiumAvailable } from './support/chromium.ts';

/**
 * The browser project needs Debian's Chromium. Under CI=true a missing one fails the run at once (.ci/run
 * installs it); elsewhere the project's tests are skipped and this one line says why.
 */
export default function setup(): void {
  if (chromiumAvailable()) return;
  const line = `browser: ${CHROMIUM_PATH} missing (apt-get install chromium); browser tests skipped`;
  if (process.env.CI === 'true')
    throw new Error(
      `browser: ${CHROMIUM_PATH} missing under CI=true: .ci/run installs it with apt-get install chromium`,
    );
  console.log(line);
}
