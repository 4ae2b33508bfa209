import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HubAddresses, LocalHub, type LocalHubOptions } from '../../../hub/local-hub.ts';
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
  const stateDir = mkdtempSync(join(tmpdir(), 'hub-browser-'));
  const mailboxDir = join(stateDir, 'mailbox');
  const lines: string[] = [];
  const options = {
    projectRoot: repoRoot,
    tenant: 'demo',
    stateDir,
    apiPort: 0,
    awsPort: 0,
    cashPort: 0,
    webPort: 0,
    // The sign-in provider's port (hub/identity), 0 = free, as the contract's ports are.
    identityPort: 0,
    awsEndpoint: '',
    dynamo: 'dynalite' as const,
    mailboxDir,
    pollIntervalMs: 200,
    console: quietConsole(lines),
  } as LocalHubOptions;
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
