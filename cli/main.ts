#!/usr/bin/env node
/**
 * `cashlink <command>`: the offline command line. Each command lives in cli/commands/<name>.ts, is listed
 * in cli/commands/index.ts and exports `run(argv, io)` returning the exit code. `bin/cashlink.mjs` runs the
 * esbuild bundle of this file (see bin/cli-bundle.mjs); `npm run cashlink` runs it from source with tsx.
 */
import packageJson from '../package.json' with { type: 'json' };
import { type CliIo, processIo } from './cli-io.ts';
import { COMMANDS } from './commands/index.ts';

export type { CliIo } from './cli-io.ts';

export const VERSION: string = packageJson.version;

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  return [
    `cashlink ${VERSION}: the offline command line of the cashlink hub`,
    '',
    'usage: cashlink <command> [options] FILE...',
    '       cashlink <command> --help',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}${summary}`),
    '',
    'options:',
    `  ${'--help, -h'.padEnd(15)}this list`,
    `  ${'--version, -V'.padEnd(15)}the version`,
  ].join('\n');
}

/** Runs one command line; resolves to the exit code (2: wrong usage). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(VERSION);
    return 0;
  }
  if (name === undefined) {
    io.stderr(help());
    return 2;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const what = name.startsWith('-') ? `unknown option ${name}` : `unknown command ${name}`;
    io.stderr(
      `cashlink: ${what.slice(0, 80)}; commands: ${Object.keys(COMMANDS).join(', ')} (cashlink --help)`,
    );
    return 2;
  }
  const module = await command.load();
  return module.run(rest, io);
}

/** Runs the process's command line and sets its exit code; what `bin/cashlink.mjs` calls. */
export async function runCli(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  let code: number;
  try {
    code = await main(argv, processIo());
  } catch (error) {
    process.stderr.write(`cashlink: ${error instanceof Error ? error.stack : String(error)}\n`);
    code = 1;
  }
  process.exitCode = code;
  return code;
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntry) await runCli();
