import { parseStatementFilesAhead } from '../../lib/bank/parsers/ahead/index.ts';
import type { ParseResult } from '../../lib/bank/parsers/parse-statement-file.ts';
import type { BankStatement } from '../../lib/bank/statement.ts';
import { type CliIo, progressOf } from '../cli-io.ts';
import type { Progress } from '../progress/index.ts';

const USAGE = 'usage: cashlink bank [--json] FILE...';

function statementLine(file: string, statement: BankStatement): Record<string, unknown> {
  return {
    file,
    format: statement.format,
    formatVersion: statement.formatVersion ?? null,
    bank: statement.bank,
    account: statement.account,
    accountIban: statement.accountIban ?? null,
    currency: statement.currency,
    statementId: statement.statementId,
    openingBalanceCents: statement.openingBalanceCents ?? null,
    closingBalanceCents: statement.closingBalanceCents ?? null,
    balanceCheck: statement.balanceCheck,
    unreadableLines: statement.unreadableLines ?? [],
    entries: statement.entries.map((entry) => ({
      importId: entry.importId,
      bookingDate: entry.bookingDate,
      valueDate: entry.valueDate ?? null,
      amountCents: entry.amountCents,
      currency: entry.currency,
      counterpartyIban: entry.counterpartyIban ?? null,
      counterpartyName: entry.counterpartyName ?? null,
      remittance: entry.remittance ?? null,
      structuredReference: entry.structuredReference ?? null,
      endToEndId: entry.endToEndId ?? null,
      mandateId: entry.mandateId ?? null,
      bankReference: entry.bankReference ?? null,
      counterpartyBic: entry.counterpartyBic ?? null,
      counterpartyAccount: entry.counterpartyAccount ?? null,
      transactionType: entry.transactionType ?? null,
      reversal: entry.reversal ?? false,
    })),
    errors: statement.errors,
  };
}

/**
 * The line of a file without any readable statement (empty, unrecognised, broken or unreadable): every field
 * of a statement line, empty, so a consumer reads every line the same way.
 */
function noStatementLine(file: string, format: string, errors: string[]): Record<string, unknown> {
  return {
    file,
    format,
    formatVersion: null,
    bank: null,
    account: null,
    accountIban: null,
    currency: null,
    statementId: null,
    openingBalanceCents: null,
    closingBalanceCents: null,
    balanceCheck: 'not-available',
    unreadableLines: [],
    entries: [],
    errors,
  };
}

/**
 * `cashlink bank --json FILE...`: one JSON object per statement per line. A file without any readable
 * statement (or that cannot be read) still prints one object with its errors. Exit 0 when every file could
 * be read, 1 otherwise.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const files = argv.filter((arg) => !arg.startsWith('--'));
  const json = argv.includes('--json');
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stderr(USAGE);
    return 0;
  }
  const unknown = argv.find((arg) => arg.startsWith('--') && arg !== '--json');
  if (unknown !== undefined || files.length === 0) {
    io.stderr(
      unknown !== undefined ? `cashlink bank: unknown option ${unknown.slice(0, 80)}\n${USAGE}` : USAGE,
    );
    return 2;
  }
  const progress = progressOf(io, { label: 'bank', rateOf: 'entries' });
  try {
    return await printStatements(files, json, io, progress);
  } finally {
    progress.finish();
  }
}

async function printStatements(
  files: string[],
  json: boolean,
  io: CliIo,
  progress: Progress,
): Promise<number> {
  const counts = { files: 0, statements: 0, entries: 0 };
  let unreadable = 0;
  // Files are parsed on a worker thread ahead of the output, so reading many files overlaps with printing.
  for await (const parsed of parseStatementFilesAhead(files)) {
    counts.files++;
    if (parsed.readable) {
      printParsed(parsed.file, parsed.result, json, io);
      counts.statements += parsed.result.statements.length;
      for (const statement of parsed.result.statements) counts.entries += statement.entries.length;
    } else {
      unreadable++;
      const error = `cannot read ${parsed.file}: ${parsed.error}`;
      io.stderr(`cashlink bank: ${error}`);
      if (json) io.stdout(JSON.stringify(noStatementLine(parsed.file, 'unknown', [error])));
    }
    progress.update({ ...counts }, { files: files.length });
  }
  return unreadable > 0 ? 1 : 0;
}

function printParsed(file: string, result: ParseResult, json: boolean, io: CliIo): void {
  if (result.statements.length === 0) {
    io.stdout(
      json
        ? JSON.stringify(noStatementLine(file, result.format, result.errors))
        : `${file}: ${result.format}, no statements: ${result.errors.join('; ')}`,
    );
    return;
  }
  for (const statement of result.statements) {
    const line = statementLine(file, statement);
    line.errors = [...result.errors, ...statement.errors];
    if (json) io.stdout(JSON.stringify(line));
    else {
      io.stdout(
        `${file}: ${statement.format}/${statement.bank} ${statement.account} ${statement.statementId} ` +
          `${statement.entries.length} entries, balance ${statement.balanceCheck}` +
          (statement.errors.length ? ` - ${statement.errors.join('; ')}` : ''),
      );
    }
  }
}
