import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { InvoiceResult, KnownParty } from '../../lib/invoices/index.ts';
import { Direction, inMemoryInvoiceContext, processInvoiceFile } from '../../lib/invoices/index.ts';
import type { CliIo } from '../main.ts';

export const summary = 'process UBL/CII/PDF/e-mail invoices offline and print what would be booked';

const USAGE =
  'usage: cashlink ubl [--administration CODE] [--tenant NAME] [--direction purchase|sales] [--parties FILE.json] [--per-line] [--json] FILE...';

interface Options {
  administration: string;
  tenant: string;
  direction: Direction;
  partiesFile?: string;
  perLine: boolean;
  files: string[];
}

function parseArgs(argv: string[]): Options | string {
  const options: Options = {
    administration: 'DEMO',
    tenant: 'cli',
    direction: 'purchase',
    perLine: false,
    files: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    try {
      if (arg === '--administration') options.administration = value();
      else if (arg === '--tenant') options.tenant = value();
      else if (arg === '--direction') {
        const parsed = Direction.safeParse(value());
        if (!parsed.success) return '--direction must be purchase or sales';
        options.direction = parsed.data;
      } else if (arg === '--parties') options.partiesFile = value();
      else if (arg === '--per-line') options.perLine = true;
      else if (arg === '--json') continue;
      else if (arg === '--help' || arg === '-h') return USAGE;
      else if (arg.startsWith('--')) return `unknown option ${arg}`;
      else options.files.push(arg);
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (options.files.length === 0) return 'no files given';
  return options;
}

/** The JSON line for one file: the result without the file contents. */
export function toJsonLine(result: InvoiceResult): string {
  const { files: _files, ...rest } = result;
  return JSON.stringify(rest);
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    io.stderr(options === USAGE ? USAGE : `cashlink ubl: ${options}\n${USAGE}`);
    return options === USAGE ? 0 : 2;
  }
  let parties: KnownParty[] = [];
  if (options.partiesFile) {
    try {
      parties = JSON.parse(await readFile(options.partiesFile, 'utf8')) as KnownParty[];
      if (!Array.isArray(parties))
        throw new Error('expected a JSON array of {relationNumber, name, vatId?, kvk?, ibans?}');
    } catch (error) {
      io.stderr(`cashlink ubl: cannot read ${options.partiesFile}: ${(error as Error).message}`);
      return 2;
    }
  }
  // An empty mirror means every party is new, so new relations are allowed unless a mirror is given.
  const ctx = inMemoryInvoiceContext({
    parties,
    settings: {
      allowNewRelations: !options.partiesFile,
      lineDetail: options.perLine ? 'per-line' : 'per-rate',
    },
  });
  let unreadable = 0;
  for (const file of options.files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (error) {
      unreadable++;
      io.stderr(`cashlink ubl: cannot read ${file}: ${(error as Error).message}`);
      continue;
    }
    const result = await processInvoiceFile(
      {
        bytes,
        filename: basename(file),
        direction: options.direction,
        administration: options.administration,
        tenant: options.tenant,
      },
      ctx,
    );
    io.stdout(toJsonLine({ ...result, file }));
  }
  return unreadable ? 1 : 0;
}
