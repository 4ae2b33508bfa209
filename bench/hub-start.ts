import { fileURLToPath } from 'node:url';
import { FreshHubCopy } from '../test/support/fresh-hub-copy.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * `npm start` on a fresh copy of the repository as a clone after `npm ci` has it (git's files, a link to
 * node_modules, what `prepare` builds; no `.hub/`): wall clock from the command to the ready line, then from
 * the ready line to the first posted event booked (polled in the documents table), then a warm restart
 * (cached bundles and synthesis). Last, a copy where `prepare` never ran (no `.cache/`, no `dist/`): the
 * start builds everything itself. No assertions: the README reports the figures.
 */
export async function benchHubStart(): Promise<Record<string, number | string>> {
  const copy = FreshHubCopy.create(repoRoot);
  try {
    // A clone after `npm ci`: its `prepare` built the CLI, the hub's bundle and the web app.
    const prepareMs = copy.prepare();
    const fresh = await copy.start(300_000);
    const posted = Date.now();
    const id = await copy.postRelation(fresh, `bench-${Date.now()}`);
    const booked = await copy.waitForBooking(fresh, id, 60_000);
    const firstBooked = Date.now() - posted;
    await copy.stop();
    const warm = await copy.start(300_000);
    const warmPosted = Date.now();
    const warmId = await copy.postRelation(warm, `bench-warm-${Date.now()}`);
    await copy.waitForBooking(warm, warmId, 60_000);
    const warmBooked = Date.now() - warmPosted;
    await copy.stop();
    const unprepared = await startUnprepared();
    return {
      "npm ci's prepare in the copy (s)": seconds(prepareMs),
      'fresh copy: npm start → ready (s)': seconds(fresh.readyMs),
      '… "ready in" the hub printed (s)': fresh.reportedSeconds.toFixed(1),
      'ready → first event booked (s)': seconds(firstBooked),
      '… first event status': booked.document.status,
      'warm restart: npm start → ready (s)': seconds(warm.readyMs),
      '… "ready in" the hub printed (s) ': warm.reportedSeconds.toFixed(1),
      '… synthesis reused': warm.synthesized ? 'no' : 'yes',
      'warm: ready → an event booked (s)': seconds(warmBooked),
      'copy without prepare (no .cache/, no dist/): npm start → ready (s)': seconds(unprepared),
    };
  } finally {
    await copy.cleanup();
  }
}

/** `npm start` in a copy `prepare` never ran in: the hub bundle, the hub build and the web app built at start. */
async function startUnprepared(): Promise<number> {
  const copy = FreshHubCopy.create(repoRoot);
  try {
    const hub = await copy.start(300_000);
    await copy.stop();
    return hub.readyMs;
  } finally {
    await copy.cleanup();
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}
