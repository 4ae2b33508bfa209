import { readFile, writeFile } from 'node:fs/promises';
import {
  emptyMemory,
  learnAll,
  type MatchDecision,
  Matcher,
  type MatchMemory,
  noDecision,
  parseCorrections,
  parseMemoryJson,
  parseOpenItems,
  serializeMemory,
} from '../../lib/bank/matching/index.ts';
import { type ParsedFile, parseStatementFilesAhead } from '../../lib/bank/parsers/ahead/index.ts';
import type { BankEntry } from '../../lib/bank/statement.ts';
import { statementRejection } from '../../lib/bank/statement-rejection.ts';
import { ArgumentReader } from '../argument-reader.ts';
import { type CliIo, progressOf } from '../cli-io.ts';

const USAGE =
  'usage: cashlink match --open-items FILE.json [--memory FILE.json] [--learn CORRECTIONS.json] [--json] STATEMENT...';

interface Arguments {
  openItems?: string;
  memory?: string;
  learn?: string;
  json: boolean;
  files: string[];
  help: boolean;
  problems: string[];
}

function parseArguments(argv: string[]): Arguments {
  const parsed: Arguments = { json: false, files: [], help: false, problems: [] };
  const args = new ArgumentReader(argv, parsed.problems);
  while (args.next()) {
    const { flag, argument: arg } = args;
    switch (flag) {
      case '--open-items':
        parsed.openItems = args.value('a file');
        break;
      case '--memory':
        parsed.memory = args.value('a file');
        break;
      case '--learn':
        parsed.learn = args.value('a file');
        break;
      case '--json':
        parsed.json = true;
        break;
      case '--help':
        parsed.help = true;
        break;
      default:
        if (flag.startsWith('--')) parsed.problems.push(`unknown option ${flag}`);
        else parsed.files.push(arg);
    }
  }
  return parsed;
}

async function readJson(file: string, what: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${what} ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function readMemory(file: string | undefined): Promise<MatchMemory> {
  if (!file) return emptyMemory();
  try {
    return parseMemoryJson(await readFile(file, 'utf8'));
  } catch (error) {
    // A memory file that does not exist yet is simply empty; it is created when something is learned.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyMemory();
    throw error;
  }
}

/** A statement line, and why it is not booked when its statement is rejected. */
interface Line {
  entry: BankEntry;
  notBooked?: string;
}

function outputLine(decision: MatchDecision): Record<string, unknown> {
  return {
    importId: decision.importId,
    decision: decision.decision,
    relationNumber: decision.relationNumber ?? null,
    ledgerAccount: decision.ledgerAccount ?? null,
    matches: decision.matches,
    differenceCents: decision.differenceCents,
    confidence: decision.confidence,
    reasons: decision.reasons,
    candidates: decision.candidates.map((candidate) => ({
      relationNumber: candidate.relationNumber ?? null,
      ledgerAccount: candidate.ledgerAccount ?? null,
      matches: candidate.matches,
      confidence: candidate.confidence,
      reasons: candidate.reasons,
    })),
  };
}

function textLine(decision: MatchDecision): string {
  const target = decision.ledgerAccount
    ? `ledger ${decision.ledgerAccount}`
    : decision.relationNumber
      ? `relation ${decision.relationNumber} ${decision.matches.map((match) => match.invoiceNumber).join(',')}`
      : '-';
  return `${decision.importId}  ${decision.decision.padEnd(8)} ${decision.confidence.toFixed(2)}  ${target}  — ${decision.reasons.join('; ')}`;
}

/**
 * `cashlink match`: reads open items (the CASH mirror export), an optional memory and corrections, parses the
 * statements and prints one decision per entry. Exit 0 when everything was read, 1 when a file had errors,
 * 2 for wrong usage.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseArguments(argv);
  if (args.help) {
    io.stderr(USAGE);
    return 0;
  }
  if (args.problems.length > 0 || !args.openItems || args.files.length === 0) {
    for (const problem of args.problems) io.stderr(`cashlink match: ${problem}`);
    if (!args.openItems) io.stderr('cashlink match: --open-items is required');
    if (args.files.length === 0) io.stderr('cashlink match: give at least one statement file');
    io.stderr(USAGE);
    return 2;
  }
  let failed = false;
  let openItems: ReturnType<typeof parseOpenItems>;
  let memory: MatchMemory;
  try {
    openItems = parseOpenItems(await readJson(args.openItems, 'open items'));
    memory = await readMemory(args.memory);
  } catch (error) {
    io.stderr(`cashlink match: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  for (const problem of openItems.errors) io.stderr(`cashlink match: ${problem}`);
  if (openItems.errors.length > 0) failed = true;

  // Statements are parsed on a worker thread ahead of the matcher, so parsing and matching overlap.
  const parsedFiles = parseStatementFilesAhead(args.files);
  const progress = progressOf(io, { label: 'match', rateOf: 'entries' });
  const counts = { files: 0, entries: 0 };
  const totals = { files: args.files.length };
  /** The file's entries; those of a statement that would not be booked carry the reason. */
  const entriesOf = (parsed: ParsedFile): Line[] => {
    counts.files++;
    progress.update(counts, totals);
    if (!parsed.readable) {
      io.stderr(`${parsed.file}: ${parsed.error}`);
      failed = true;
      return [];
    }
    const { file, result } = parsed;
    for (const error of result.errors) io.stderr(`${file}: ${error}`);
    if (result.errors.length > 0) failed = true;
    const lines: Line[] = [];
    for (const statement of result.statements) {
      for (const error of statement.errors) io.stderr(`${file}: ${statement.statementId}: ${error}`);
      if (statement.errors.length > 0) failed = true;
      const rejection = statementRejection(statement);
      const notBooked = rejection
        ? `statement ${statement.statementId} is not booked: ${rejection}`
        : undefined;
      for (const entry of statement.entries) lines.push(notBooked ? { entry, notBooked } : { entry });
    }
    return lines;
  };
  const decide = (matcher: Matcher, lines: readonly Line[]): void => {
    for (const { entry, notBooked } of lines) {
      // A line of a statement that is not booked is not matched either: it must not use up open items.
      let decision = notBooked ? noDecision(entry.importId, [notBooked]) : matcher.match(entry);
      // A line the parser flagged (its bank reference twice) waits for a person, as the importer does it.
      if (entry.flags?.length) {
        const kind = decision.decision === 'auto' ? 'proposal' : decision.decision;
        decision = { ...decision, decision: kind, reasons: [...entry.flags, ...decision.reasons] };
      }
      io.stdout(args.json ? JSON.stringify(outputLine(decision)) : textLine(decision));
      counts.entries++;
      progress.update(counts, totals);
    }
  };
  try {
    return await matchAndLearn();
  } finally {
    progress.finish();
  }

  async function matchAndLearn(): Promise<number> {
    if (!args.learn) {
      const matcher = new Matcher(openItems.items, memory);
      for await (const parsed of parsedFiles) decide(matcher, entriesOf(parsed));
      return failed ? 1 : 0;
    }

    // Corrections name lines of any of the statements, so everything is read before anything is learned.
    const lines: Line[] = [];
    for await (const parsed of parsedFiles) lines.push(...entriesOf(parsed));
    try {
      const byId = new Map(lines.map(({ entry }) => [entry.importId, entry]));
      const { corrections, errors } = parseCorrections(await readJson(args.learn, 'corrections'), byId);
      for (const problem of errors) io.stderr(problem);
      const result = learnAll(memory, corrections);
      memory = result.memory;
      for (const fact of result.learned) io.stderr(`learned: ${fact.detail}`);
      if (args.memory) await writeFile(args.memory, serializeMemory(memory), 'utf8');
      else io.stderr('cashlink match: no --memory file given, what was learned is used for this run only');
    } catch (error) {
      io.stderr(`cashlink match: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    decide(new Matcher(openItems.items, memory), lines);
    return failed ? 1 : 0;
  }
}
