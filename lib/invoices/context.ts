import type { z } from 'zod';
import type { DocumentLocation as DocumentLocationSchema } from '../../events/index.ts';
import { InMemoryDuplicateRegistry } from './directory/in-memory-duplicate-registry.ts';
import { InMemoryLedgerMemory } from './directory/in-memory-ledger-memory.ts';
import { InMemoryPartyDirectory, type KnownParty } from './directory/in-memory-party-directory.ts';
import type { DuplicateRegistry, LedgerMemory, PartyDirectory } from './directory/party-directory.ts';
import type { Direction, InvoiceSettings, InvoiceSettingsInput } from './settings.ts';
import { invoiceSettings } from './settings.ts';

export type DocumentLocation = z.infer<typeof DocumentLocationSchema>;

/** Everything processInvoiceFile needs besides the file: tenant settings and the three stores. */
export interface InvoiceContext {
  settings: InvoiceSettings;
  parties: PartyDirectory;
  ledgerMemory: LedgerMemory;
  duplicates: DuplicateRegistry;
}

export interface InvoiceFileInput {
  bytes: Uint8Array;
  filename: string;
  direction: Direction;
  administration: string;
  tenant: string;
  /** MIME type when the caller knows it (S3 content type, e-mail part). */
  mimeType?: string;
  /** Where the original is kept; copied into the events' source.document. */
  document?: DocumentLocation;
  /** Where an extracted attachment will be stored; default `attachments/<sha256>/<filename>`. */
  attachmentLocation?: (attachment: { filename: string; sha256: string }) => DocumentLocation;
  /** Stable id of this document for the duplicate registry; default the SHA-256 of the bytes. */
  documentId?: string;
  /** When the event happened; default now. */
  occurredAt?: string;
}

/** An in-memory context for the CLI and tests. */
export function inMemoryInvoiceContext(
  options: { settings?: InvoiceSettingsInput; parties?: KnownParty[] } = {},
): InvoiceContext {
  return {
    settings: invoiceSettings(options.settings),
    parties: new InMemoryPartyDirectory(options.parties ?? []),
    ledgerMemory: new InMemoryLedgerMemory(),
    duplicates: new InMemoryDuplicateRegistry(),
  };
}
