#!/usr/bin/env node
/**
 * `cashlink <command>`: the offline command line. Each command lives in cli/commands/<name>.ts and
 * exports `run(argv, io)` returning the exit code.
 */
export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

type Command = { run: (argv: string[], io: CliIo) => Promise<number>; summary: string };

const COMMANDS: Record<string, () => Promise<Command>> = {
  ubl: () => import('./commands/ubl.ts'),
  bank: () => import('./commands/bank.ts'),
  match: () => import('./commands/match.ts'),
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr('usage: cashlink <command> [options]');
    for (const [command, loader] of Object.entries(COMMANDS)) {
      const { summary } = await loader();
      io.stderr(`  ${command.padEnd(8)} ${summary}`);
    }
    return name === undefined || name === '--help' ? 0 : 2;
  }
  const command = await load();
  return command.run(rest, io);
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntry || process.env.CASHLINK_CLI === '1') {
  const io: CliIo = {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`cashlink: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
