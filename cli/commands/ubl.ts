import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OfficialCheck } from '../../lib/invoices/conformance/index.ts';
// From their own modules, not lib/invoices/index.ts: that one also exports the DynamoDB stores, which would
// put the AWS SDK into this command's chunk of the CLI bundle.
import { inMemoryInvoiceContext } from '../../lib/invoices/context.ts';
import { rejects } from '../../lib/invoices/findings.ts';
import type { InvoiceResult, KnownParty } from '../../lib/invoices/index.ts';
import { processInvoiceFile } from '../../lib/invoices/process-invoice.ts';
import { Direction, invoiceSettings } from '../../lib/invoices/settings.ts';
import { readFileAtMost } from '../../lib/runtime/bounded-read.ts';
import { type CliIo, progressOf } from '../cli-io.ts';

const USAGE = [
  'usage: cashlink ubl [--administration CODE] [--tenant NAME] [--direction purchase|sales] [--parties FILE.json] [--per-line] [--validate official] [--json] FILE...',
  '  --validate official  also runs the official EN 16931 / SI-UBL 2.0 rule set (slow) and prints both verdicts;',
  '                       exit code 3 when they differ on a file',
].join('\n');

interface Options {
  administration: string;
  tenant: string;
  direction: Direction;
  partiesFile?: string;
  perLine: boolean;
  json: boolean;
  validateOfficial: boolean;
  files: string[];
}

function parseArgs(argv: string[]): Options | string {
  const options: Options = {
    administration: 'DEMO',
    tenant: 'cli',
    direction: 'purchase',
    perLine: false,
    json: false,
    validateOfficial: false,
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
      else if (arg === '--json') options.json = true;
      else if (arg === '--validate') {
        if (value() !== 'official') return '--validate takes one value: official';
        options.validateOfficial = true;
      } else if (arg === '--help' || arg === '-h') return USAGE;
      else if (arg.startsWith('--')) return `unknown option ${arg}`;
      else options.files.push(arg);
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (options.files.length === 0) return 'no files given';
  return options;
}

/** The JSON line for one file: the result without the file contents (and the official verdict, if run). */
export function toJsonLine(result: InvoiceResult, official?: OfficialCheck): string {
  const { files: _files, ...rest } = result;
  return JSON.stringify(official ? { ...rest, official } : rest);
}

const list = (ids: readonly string[]) => (ids.length ? ids.join(', ') : 'none');

/** Both verdicts for a person: ours, the official one, and where they differ. */
export function describeVerdicts(file: string, result: InvoiceResult, check: OfficialCheck): string {
  const lines = [file];
  const ours = result.findings.filter(rejects).map((f) => f.rule);
  const ourWarnings = result.findings.filter((f) => f.severity === 'warning').map((f) => f.rule);
  lines.push(
    `  ours:     ${result.status}; fatal ${list([...new Set(ours)])}; warnings ${list([...new Set(ourWarnings)])}`,
  );
  if ('skipped' in check) {
    lines.push(`  official: skipped, ${check.skipped}`);
    return lines.join('\n');
  }
  const officialStatus = check.failure || check.official.fatal.length ? 'invalid' : 'valid';
  lines.push(
    `  official: ${officialStatus} (${check.artifact}); fatal ${list(check.official.fatal)}; warnings ${list(check.official.warning)}`,
  );
  if (check.failure) lines.push(`            the rule set stopped on the document: ${check.failure}`);
  if (check.agree) lines.push('  verdicts agree');
  else {
    lines.push('  verdicts DIFFER');
    if (check.onlyOurs.length) lines.push(`    fatal only for us: ${list(check.onlyOurs)}`);
    if (check.onlyOfficial.length) lines.push(`    fatal only officially: ${list(check.onlyOfficial)}`);
  }
  return lines.join('\n');
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
  // The official rule sets (and SaxonJS behind them) are loaded only when asked for.
  const conformance = options.validateOfficial
    ? await import('../../lib/invoices/conformance/index.ts')
    : undefined;
  const validator = conformance ? new conformance.OfficialValidator() : undefined;
  const progress = progressOf(io, { label: 'ubl', rateOf: 'files' });
  let unreadable = 0;
  let differ = 0;
  try {
    for (const [index, file] of options.files.entries()) {
      progress.update({ files: index }, { files: options.files.length });
      let bytes: Uint8Array;
      try {
        bytes = await readFileAtMost(file, invoiceSettings().maxBytes);
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
      if (!conformance || !validator) {
        io.stdout(toJsonLine({ ...result, file }));
        continue;
      }
      let check: OfficialCheck;
      try {
        check = await conformance.checkOfficially(validator, bytes, result.findings);
      } catch (error) {
        if (!(error instanceof conformance.ConformanceError)) throw error;
        unreadable++;
        const cause = error.cause instanceof Error ? `: ${error.cause.message.slice(0, 300)}` : '';
        io.stderr(`cashlink ubl: official validation of ${file} could not run: ${error.message}${cause}`);
        check = { skipped: error.message };
      }
      if (!('skipped' in check) && !check.agree) differ++;
      io.stdout(
        options.json ? toJsonLine({ ...result, file }, check) : describeVerdicts(file, result, check),
      );
    }
    progress.update({ files: options.files.length }, { files: options.files.length });
  } finally {
    progress.finish();
  }
  return unreadable ? 1 : differ ? 3 : 0;
}
