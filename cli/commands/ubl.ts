import type { CliIo } from '../main.ts';
export const summary = 'process UBL/PDF/e-mail invoices offline (not yet available)';
export async function run(_argv: string[], io: CliIo): Promise<number> {
  io.stderr('cashlink ubl: not available yet');
  return 2;
}
