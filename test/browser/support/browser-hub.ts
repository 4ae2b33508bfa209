import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HubAddresses, LocalHub, type LocalHubOptions } from '../../../hub/local-hub.ts';
import { LOOPBACK_HOST } from '../../../lib/local/loopback.ts';
import { quietConsole } from '../../support/hub.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface BrowserHub {
  hub: LocalHub;
  addresses: HubAddresses;
  /** The web app's base URL (the hub's web server). */
  web: string;
  stateDir: string;
  mailboxDir: string;
  /** What the hub printed, for a failing assertion's message. */
  lines: string[];
  stop: () => Promise<void>;
}

/**
 * `npm start` in-process for a browser test: the demo tenant's stack on the hub's own emulators, every
 * server on a free port of 127.0.0.1 (none of 3000–3002, 4566, 4599), the web server and the sign-in
 * provider included, state in a temporary folder removed by `stop`.
 */
export async function startBrowserHub(): Promise<BrowserHub> {
  // The web app's port is chosen first: the sign-in provider must know its origin (redirect target).
  const webPort = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), 'hub-browser-'));
  const mailboxDir = join(stateDir, 'mailbox');
  const lines: string[] = [];
  const options: LocalHubOptions = {
    projectRoot: repoRoot,
    tenant: 'demo',
    stateDir,
    apiPort: 0,
    awsPort: 0,
    cashPort: 0,
    shopPort: 0,
    webPort,
    webOrigins: [`http://${LOOPBACK_HOST}:${webPort}`],
    identityPort: 0,
    awsEndpoint: '',
    dynamo: 'dynalite' as const,
    mailboxDir,
    pollIntervalMs: 200,
    console: quietConsole(lines),
  };
  const hub = new LocalHub(options);
  const stop = async () => {
    await hub.stop();
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    const addresses = await hub.start();
    if (!addresses.web) throw new Error('the hub started no web server');
    return { hub, addresses, web: addresses.web, stateDir, mailboxDir, lines, stop };
  } catch (error) {
    await stop();
    throw new Error(`the hub did not start: ${String(error)}\n${lines.join('')}`, { cause: error });
  }
}

/** A port free on 127.0.0.1 a moment ago (the OS hands out another on the next bind to 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, LOOPBACK_HOST, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
