import { parseArgs } from 'node:util';
import { CashSimulator } from './cash-simulator.ts';
import { CashSimulatorError } from './errors.ts';
import type { CashSimulatorOptions } from './types.ts';

/**
 * Command-line options → simulator options and port. Pure, so it is tested without starting anything.
 * `--key k1=DEMO,OTHER --key k2=DEMO --port 8504 --persist .hub/cash.json --async --notation cents --rate-limit 0`
 */
export function parseServeArgs(argv: string[]): { port: number; options: CashSimulatorOptions } {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    throw new CashSimulatorError(`Bad arguments: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const { values } = parsed;
  const apiKeys: Record<string, string[]> = {};
  for (const spec of values.key ?? ['local-dev-key=DEMO']) {
    const [key, admins = ''] = spec.split('=');
    if (!key || !admins) throw new CashSimulatorError(`--key needs key=ADMIN[,ADMIN], got ${spec}`);
    apiKeys[key] = admins.split(',').filter(Boolean);
  }
  if (values.notation !== 'decimal-comma' && values.notation !== 'cents') {
    throw new CashSimulatorError(`--notation must be decimal-comma or cents, got ${values.notation}`);
  }
  const integer = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text)) throw new CashSimulatorError(`--${name} must be a whole number, got ${text}`);
    return Number(text);
  };
  const options: CashSimulatorOptions = {
    apiKeys,
    amountNotation: values.notation,
    processing: values.async ? 'async' : 'sync',
    vatFromCode: values['vat-from-code'],
  };
  const pendingPolls = integer('pending-polls', values['pending-polls']);
  const rateLimit = integer('rate-limit', values['rate-limit']);
  const seed = integer('seed', values.seed);
  if (pendingPolls !== undefined) options.pendingPolls = pendingPolls;
  if (rateLimit !== undefined) options.rateLimitPerMinute = rateLimit;
  if (seed !== undefined) options.seed = seed;
  if (values.persist) options.persistPath = values.persist;
  return { port: integer('port', values.port) ?? 0, options };
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      key: { type: 'string', multiple: true },
      persist: { type: 'string' },
      async: { type: 'boolean', default: false },
      'pending-polls': { type: 'string' },
      notation: { type: 'string', default: 'decimal-comma' },
      'rate-limit': { type: 'string' },
      seed: { type: 'string' },
      'vat-from-code': { type: 'boolean', default: false },
    },
    strict: true,
  });
}

async function main(): Promise<void> {
  const { port, options } = parseServeArgs(process.argv.slice(2));
  const sim = new CashSimulator(options);
  const url = await sim.start(port);
  process.stdout.write(`CASH simulator at ${url} (control: ${url.replace('/api/4.0', '/_sim/state')})\n`);
  const stop = () => {
    sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
