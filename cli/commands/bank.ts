import type { CliIo } from '../main.ts';
export const summary = 'process bank statements offline (not yet available)';
export async function run(_argv: string[], io: CliIo): Promise<number> {
  io.stderr('cashlink bank: not available yet');
  return 2;
}
