import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { HubConsole } from './console/hub-console.ts';

/**
 * `npm start` (through hub/launch/start.mjs): the tenant stack on this machine. Options: `--tenant <name>`
 * (default: cdk.json's context, else demo), `--api-port 3000`, `--web-port 3001` (the web app),
 * `--identity-port 3002` (the sign-in provider), `--aws-port 4566`, `--cash-port` and `--shop-port` (the
 * demo webshop's simulator; default: the tenant file's); 0 picks a free port. `--build-only` builds the function bundles (HubBuild) and exits. With `AWS_ENDPOINT_URL` set (LocalStack) no emulators are started.
 */
const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
// The SDK's notice about Node 22 (docs/local-aws.md) would interrupt the banner; the function logs keep it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function defaultTenant(): string {
  const cdkJson = join(projectRoot, 'cdk.json');
  if (!existsSync(cdkJson)) return 'demo';
  const context = (JSON.parse(readFileSync(cdkJson, 'utf8')) as { context?: { tenant?: unknown } }).context;
  return typeof context?.tenant === 'string' ? context.tenant : 'demo';
}

function port(text: string | undefined, fallback: number): number;
function port(text: string | undefined, fallback: undefined): number | undefined;
function port(text: string | undefined, fallback: number | undefined): number | undefined {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`not a port number: ${text}`);
  return value;
}

/** `--build-only` (`npm ci`'s `prepare`): the function bundles and the CDK app's bundle, then exit. */
async function buildOnly(terminal: HubConsole): Promise<void> {
  const { HubBuild } = await import('./synth/hub-build.ts');
  const started = performance.now();
  const built = await new HubBuild({ projectRoot }).ensure();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  terminal.info(
    built.cached
      ? `the hub's bundles are up to date (${built.key})`
      : `built the hub's bundles in ${seconds} s (${built.key})`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      tenant: { type: 'string' },
      'api-port': { type: 'string' },
      'aws-port': { type: 'string' },
      'cash-port': { type: 'string' },
      'shop-port': { type: 'string' },
      'identity-port': { type: 'string' },
      'web-port': { type: 'string' },
      'build-only': { type: 'boolean' },
    },
    strict: true,
  });
  const terminal = new HubConsole();
  if (values['build-only']) return buildOnly(terminal);
  const tenant = values.tenant ?? defaultTenant();
  terminal.info(`starting the local hub for tenant ${tenant} …`);
  const stateDir = join(projectRoot, '.hub');
  // The synthesis starts before the rest of the hub is even loaded: loading it takes a core for a while.
  const { StackSynthesizer } = await import('./synth/stack-synthesizer.ts');
  const { HubBuild } = await import('./synth/hub-build.ts');
  const build = new HubBuild({ projectRoot });
  const synthesizing = new StackSynthesizer({ projectRoot, tenant, stateDir, build }).synthesize();
  synthesizing.catch(() => undefined); // LocalHub.start reports it
  // The request-path functions' threads load the AWS SDK on the other core while the hub loads (and, on a
  // first start, while the CDK app runs).
  const { ThreadReserve } = await import('./functions/thread-reserve.ts');
  const reserve = new ThreadReserve();
  const built = build.cached();
  if (built) reserve.prepareFromRegistry(built.bundles);
  // A failure here only means no head start; LocalHub.start reports what is wrong with the synthesis.
  synthesizing.then((synthesized) => reserve.prepareRequestPath(synthesized)).catch(() => undefined);
  const { LocalHub } = await import('./local-hub.ts');
  const cashPort = port(values['cash-port'], undefined);
  const shopPort = port(values['shop-port'], undefined);
  const hub = new LocalHub({
    projectRoot,
    tenant,
    stateDir,
    apiPort: port(values['api-port'], 3000),
    awsPort: port(values['aws-port'], 4566),
    webPort: port(values['web-port'], 3001),
    ...(cashPort !== undefined ? { cashPort } : {}),
    ...(shopPort !== undefined ? { shopPort } : {}),
    identityPort: port(values['identity-port'], 3002),
    console: terminal,
    prepared: synthesizing,
    reserve,
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      terminal.warn('second interrupt: exiting without saving');
      process.exit(130);
    }
    stopping = true;
    terminal.info(`${signal}: stopping, saving state …`);
    hub.stop().then(
      () => {
        terminal.info('stopped; state kept in .hub/');
        process.exit(0);
      },
      (error: unknown) => {
        terminal.fail(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('Ctrl-C'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  try {
    // The "ready in" clock starts with the process, so it includes loading the hub.
    await hub.start(performance.timeOrigin);
  } catch (error) {
    terminal.fail(error instanceof Error ? error.message : String(error));
    await hub.stop();
    process.exit(1);
  }
}

await main();
