import {
  OFFICIAL_ARTIFACT_FILES,
  type OfficialArtifact,
  OfficialValidator,
} from '../../lib/invoices/conformance/index.ts';
import { conformanceAvailable, conformanceDir } from '../support/shared-location.ts';

/**
 * Compiles every official stylesheet to SEF once, before any test worker starts, so the workers only read
 * the cache (node_modules/.cache/cashlink-conformance). Cold: ~1-3 min on the project's 2 cores; warm: 0 s.
 * Without ../shared/conformance there is nothing to compile: the tests are skipped and the reporter says so.
 */
export default async function setup(): Promise<void> {
  if (!conformanceAvailable()) return;
  const validator = new OfficialValidator({ conformanceDir });
  const started = Date.now();
  // One at a time: four parallel compilers on two cores are no faster and hold four times the memory.
  for (const artifact of Object.keys(OFFICIAL_ARTIFACT_FILES) as OfficialArtifact[]) {
    await validator.prepare(artifact);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`conformance: official stylesheets ready in ${seconds} s (cache ${validator.cacheDir})`);
}
