import { DocumentReindexer, type ReindexReport } from '../../lib/documents/index.ts';
import { createAwsClients } from '../../lib/runtime/aws-clients.ts';
import { ArgumentReader } from '../argument-reader.ts';
import { type CliIo, progressOf } from '../cli-io.ts';

const USAGE = [
  'usage: cashlink documents reindex --table NAME [--endpoint URL] [--region REGION]',
  '                                  [--segment N --segments TOTAL] [--dry-run] [--json]',
  '',
  'Brings the web app index of every document record in the documents table up to date (index',
  'attributes, search tokens, day counters): records written before the index existed show up in the',
  'review queue and the document list afterwards. Idempotent; safe while the stack runs.',
  '',
  "  --table NAME        the documents table (the stack's TablesDocuments… table; the hub banner lists it)",
  '  --endpoint URL      a local endpoint (the hub: http://127.0.0.1:4566); default AWS_ENDPOINT_URL, else AWS',
  '  --region REGION     default AWS_REGION, else eu-west-1',
  '  --segment/--segments  run one segment of a parallel Scan (start one process per segment)',
  '  --dry-run           read and report what would change; write nothing',
  '  --json              print the report as JSON',
  '',
  "Credentials: the AWS SDK's usual chain (AWS_PROFILE, environment, SSO); none are read from files here.",
].join('\n');

interface Arguments {
  table?: string;
  endpoint?: string;
  region?: string;
  segment?: number;
  segments?: number;
  dryRun: boolean;
  json: boolean;
  help: boolean;
  problems: string[];
}

function wholeNumber(flag: string, text: string | undefined, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,6}$/.test(text)) {
    problems.push(`${flag} takes a whole number, not ${JSON.stringify(text.slice(0, 40))}`);
    return undefined;
  }
  return Number(text);
}

function parseArguments(argv: string[]): Arguments {
  const parsed: Arguments = { dryRun: false, json: false, help: false, problems: [] };
  const args = new ArgumentReader(argv, parsed.problems);
  while (args.next()) {
    const { flag, argument: arg } = args;
    switch (flag) {
      case '--table':
        parsed.table = args.value();
        break;
      case '--endpoint':
        parsed.endpoint = args.value();
        break;
      case '--region':
        parsed.region = args.value();
        break;
      case '--segment':
        parsed.segment = wholeNumber(flag, args.value(), parsed.problems);
        break;
      case '--segments':
        parsed.segments = wholeNumber(flag, args.value(), parsed.problems);
        break;
      case '--dry-run':
        parsed.dryRun = true;
        break;
      case '--json':
        parsed.json = true;
        break;
      case '--help':
      case '-h':
        parsed.help = true;
        break;
      default:
        parsed.problems.push(`unknown ${arg.startsWith('-') ? 'option' : 'argument'} ${arg.slice(0, 60)}`);
    }
  }
  if (!parsed.help && !parsed.table) parsed.problems.push('--table is required');
  if (parsed.table !== undefined && !/^[a-zA-Z0-9_.-]{3,255}$/.test(parsed.table)) {
    parsed.problems.push(`--table ${JSON.stringify(parsed.table.slice(0, 60))} is not a DynamoDB table name`);
  }
  if (parsed.endpoint !== undefined && !/^https?:\/\/[^\s/@]+(:\d+)?\/?$/.test(parsed.endpoint)) {
    parsed.problems.push(`--endpoint takes a URL such as http://127.0.0.1:4566 (no user or path)`);
  }
  if ((parsed.segment === undefined) !== (parsed.segments === undefined)) {
    parsed.problems.push('--segment and --segments go together');
  } else if (
    parsed.segments !== undefined &&
    (parsed.segments < 1 || (parsed.segment as number) >= parsed.segments)
  ) {
    parsed.problems.push('--segment must be from 0 to --segments - 1');
  }
  return parsed;
}

function summary(report: ReindexReport, dryRun: boolean): string {
  const verb = dryRun ? 'would reindex' : 'reindexed';
  return [
    `${report.records} document records read: ${verb} ${report.reindexed}, ${report.current} already current`,
    `${report.changedMeanwhile} changed meanwhile (indexed by that write)`,
    `${report.tokenWrites} search token writes, ${report.counterUpdates} day counter updates`,
    `${report.failures} failed`,
  ].join('; ');
}

/** `cashlink documents reindex …`: the backfill of the web app's index (lib/documents DocumentReindexer). */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === undefined) {
    (sub === undefined ? io.stderr : io.stdout)(USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'reindex') {
    io.stderr(`cashlink documents: unknown subcommand ${sub.slice(0, 40)} (only: reindex)\n${USAGE}`);
    return 2;
  }
  const args = parseArguments(rest);
  if (args.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (args.problems.length > 0) {
    io.stderr(`cashlink documents reindex: ${args.problems.join('; ')}\n${USAGE}`);
    return 2;
  }
  const clients = createAwsClients({
    ...(args.endpoint ? { endpoint: args.endpoint } : {}),
    ...(args.region ? { region: args.region } : {}),
  });
  const progress = progressOf(io, { label: 'documents reindex', rateOf: 'records' });
  try {
    const report = await new DocumentReindexer(clients.documents, args.table as string).run({
      dryRun: args.dryRun,
      ...(args.segments !== undefined ? { segment: args.segment, totalSegments: args.segments } : {}),
      onPage: (so) => progress.update({ records: so.records, reindexed: so.reindexed }),
    });
    progress.finish();
    if (args.json) io.stdout(JSON.stringify({ table: args.table, dryRun: args.dryRun, ...report }));
    else {
      io.stdout(summary(report, args.dryRun));
      for (const failure of report.failed) io.stdout(`  ${failure.id}: ${failure.message}`);
    }
    return report.failures > 0 ? 1 : 0;
  } finally {
    progress.clear();
    clients.dynamo.destroy();
  }
}
