import type { CliIo } from '../cli-io.ts';

/** A command's module: `run(argv, io)` resolves to the exit code. */
export interface CommandModule {
  run: (argv: string[], io: CliIo) => Promise<number>;
}

export interface CommandEntry {
  summary: string;
  /** Loaded only when the command runs, so `--help` and the other commands never load its dependencies. */
  load: () => Promise<CommandModule>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  ubl: {
    summary: 'process UBL/CII/PDF/e-mail invoices offline and print what would be booked',
    load: () => import('./ubl.ts'),
  },
  bank: {
    summary: 'parse bank statements (CAMT.053, MT940, bank CSV) offline: bank --json FILE...',
    load: () => import('./bank.ts'),
  },
  match: {
    summary:
      'match bank entries to open items: match --open-items FILE [--memory FILE] [--learn FILE] --json STATEMENT...',
    load: () => import('./match.ts'),
  },
  shop: {
    summary:
      'map webshop order payloads to the events the hub would emit: shop --platform NAME [--administration CODE] [--tenant NAME] [--handel] --json FILE...',
    load: () => import('./shop.ts'),
  },
  documents: {
    summary:
      'bring the web app index of old document records up to date: documents reindex --table NAME [--endpoint URL] [--dry-run]',
    load: () => import('./documents.ts'),
  },
};
