import type { CliIo } from '../main.ts';
export const summary = 'match bank entries to open items (not yet available)';
export async function run(_argv: string[], io: CliIo): Promise<number> {
  io.stderr('cashlink match: not available yet');
  return 2;
}
